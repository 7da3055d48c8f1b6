"""A meeting's days as an official text writes them, whatever the locale data installed."""

import datetime as dt

from concilium.outcomes.composer.language import format_span

D = dt.date


def test_chinese_spans_are_written_out_with_zhi():
    """The seed's "2020年9月4日至9日": the same month once, the next month or year named."""
    assert format_span(D(2020, 9, 4), D(2020, 9, 9), "zh") == "2020年9月4日至9日"
    assert format_span(D(2020, 9, 30), D(2020, 10, 2), "zh") == "2020年9月30日至10月2日"
    assert format_span(D(2020, 12, 30), D(2021, 1, 2), "zh") == "2020年12月30日至2021年1月2日"


def test_russian_and_english_spans_write_the_month_in_full():
    assert format_span(D(2020, 9, 4), D(2020, 9, 9), "ru") == "4–9 сентября 2020 г."
    assert format_span(D(2020, 9, 4), D(2020, 9, 9), "en") == "4–9 September 2020"
