"""The official languages gate: gaps listed per language, missing apart from out of date."""

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.languages import Gaps, check

OFFICIAL = ("ru", "zh")


def test_gaps_are_listed_per_official_language_in_the_charters_order():
    paragraphs = [(1, {"ru": "current", "zh": "current", "en": "outdated"}),
                  (2, {"ru": "current", "zh": "outdated", "en": "current"}),
                  (3, {"ru": "current", "en": "current"})]
    verdict = check(OFFICIAL, paragraphs)
    assert not verdict.allowed
    assert verdict.blocking == (Gaps("zh", missing=(3,), outdated=(2,)),)
    assert verdict.blocking[0].paragraphs == (2, 3)


def test_a_waived_language_never_blocks_and_is_reported():
    paragraphs = [(1, {"ru": "missing", "zh": "outdated"})]
    verdict = check(OFFICIAL, paragraphs, waived={"zh"})
    assert verdict.blocking == (Gaps("ru", missing=(1,)),)
    assert verdict.waived == (Gaps("zh", outdated=(1,)),)
    assert check(OFFICIAL, paragraphs, waived={"ru", "zh"}).allowed


statuses = st.sampled_from(["current", "outdated", "missing", None])


@given(st.lists(st.tuples(statuses, statuses, statuses), max_size=6),
       st.sets(st.sampled_from(["ru", "zh", "en"])))
def test_allowed_exactly_when_every_unwaived_official_text_is_current(rows, waived):
    paragraphs = [(n, {lg: s for lg, s in zip(("ru", "zh", "en"), row, strict=True)
                       if s is not None}) for n, row in enumerate(rows, start=1)]
    verdict = check(OFFICIAL, paragraphs, waived)
    ready = all(texts.get(lg) == "current" for _, texts in paragraphs
                for lg in OFFICIAL if lg not in waived)
    assert verdict.allowed == ready
    for gaps in (*verdict.blocking, *verdict.waived):
        assert gaps.lang in OFFICIAL and gaps.paragraphs
        assert not set(gaps.missing) & set(gaps.outdated)
