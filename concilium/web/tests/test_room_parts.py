"""A long text in the room answers first with its first paragraphs, and the rest follows in
parts the page fetches one after another: every paragraph and matrix row arrives once, in
order, with what a user may do on it, for a number of queries that does not grow with the
text; `?whole=1` gives it all in one answer."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concilium.documents import services
from concilium.rules.permissions import SYSTEM
from concilium.web import room
from concilium.web.sample import SESSION_DAY, sample_document

pytestmark = pytest.mark.django_db

ON = "lang=en&lang2=ru&on=2020-09-10"
NEXT = re.compile(r'<div id="part-(\d+)" class="para-part[^>]* hx-get="([^"]+)"')


@pytest.fixture
def long_text(sco):
    return sample_document(symbol="SCO/CFM/2020/LONG", paragraphs=1000, positions=False)


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries), response.content.decode()


def numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="para [^"]*" id="p-(\d+)"', html)]


def rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="m-(\d+)"', html)]


def follow(client, html: str) -> tuple[list[str], list[int]]:
    """Every part the page fetches, one after another, as the browser does: their HTML,
    and the queries each cost."""
    parts, costs = [], []
    while (found := NEXT.search(html)) is not None:
        cost, html = get(client, found.group(2).replace("&amp;", "&"))
        parts.append(html)
        costs.append(cost)
    return parts, costs


def test_the_first_answer_carries_the_first_paragraphs_and_the_rest_follows_in_parts(
        long_text, as_india):
    """India opens a 1,000-paragraph statement: the page has paragraphs 1-200 and their
    matrix rows, and says where 201-700 and 701-1,000 will come; fetching the parts brings
    every other paragraph and row once, in order, each row into the body kept for it."""
    _cost, page = get(as_india, f"/room/{long_text.symbol}?{ON}")
    assert numbers(page) == list(range(1, room.FIRST_PART + 1))
    assert rows(page) == list(range(1, room.FIRST_PART + 1))
    assert '<tr id="m-whole">' in page
    assert "Paragraphs 201 to 700 are on their way…" in page
    assert '<tbody id="m-part-200">' in page and '<tbody id="m-part-700">' in page
    assert f'href="/room/{long_text.symbol}?{ON.replace("&", "&amp;")}&amp;whole=1#p-201"' in page
    parts, _costs = follow(as_india, page)
    assert len(parts) == 2
    assert [numbers(p)[0] for p in parts] == [201, 701]
    assert numbers(page + "".join(parts)) == list(range(1, 1001))
    assert rows("".join(parts)) == list(range(201, 1001))
    assert '<tbody id="m-part-200" hx-swap-oob="true">' in parts[0]
    assert "hx-swap-oob" not in parts[0].split("<template>")[0], "the text goes in place"
    assert "Propose or take a position on paragraph 950" in parts[1]
    assert "para-part" not in parts[1], "the last part says nothing is left to come"


def test_the_page_and_each_part_cost_the_same_queries_whatever_the_length(sco, as_india):
    """A 300- and a 1,300-paragraph text: the same queries for the first answer and for
    each of their parts, warm or after a new position."""
    costs = {}
    for symbol, length in (("S/300", 300), ("S/1300", 1300)):
        sample_document(symbol=symbol, paragraphs=length, positions=False)
        url = f"/room/{symbol}?{ON}"
        get(as_india, url)
        services.position_record(symbol=symbol, state="IND", stance="object", text="Not yet.",
                                 paragraph=length, on=SESSION_DAY, acting_user=SYSTEM)
        cold, page = get(as_india, url)
        parts, part_costs = follow(as_india, page)
        assert f"IND objects to paragraph {length}:" in page
        row = re.search(rf'<tr id="m-{length}">(.*?)</tr>', "".join(parts)).group(1)
        assert 'title="objects: Not yet."' in row, "the last row shows the new objection"
        costs[symbol] = (cold, set(part_costs))
    assert costs["S/300"] == costs["S/1300"]
    assert len(costs["S/300"][1]) == 1


def test_whole_gives_every_paragraph_in_one_answer(long_text, as_india):
    _cost, page = get(as_india, f"/room/{long_text.symbol}?{ON}&whole=1")
    assert numbers(page) == list(range(1, 1001))
    assert rows(page) == list(range(1, 1001))
    assert "para-part" not in page and "m-part-" not in page


def test_a_live_refresh_of_the_text_or_the_matrix_gets_it_whole(long_text, as_india):
    """What an open room re-fetches after a change to the whole text: every paragraph and
    every row, with no part left to come."""
    for fragment in ("text", "matrix"):
        url = reverse("web:room_fragment", args=[fragment, long_text.symbol])
        _cost, html = get(as_india, f"{url}?{ON}")
        found = numbers(html) if fragment == "text" else rows(html)
        assert found == list(range(1, 1001)), fragment
        assert "para-part" not in html and "m-part-" not in html


def test_a_short_text_comes_whole(negotiation, as_india):
    _cost, page = get(as_india, f"/room/{negotiation.symbol}?{ON}")
    assert numbers(page) == [1, 2, 3, 4, 5, 6]
    assert "para-part" not in page and "m-part-" not in page


def test_a_proposal_in_a_later_part_comes_with_its_paragraph_and_the_users_buttons(
        long_text, as_india):
    """India proposed a new text of paragraph 800: it is not in the first answer, and comes
    in the part of 701-1,000 beside paragraph 800, with India's button to withdraw it."""
    services.proposal_create(symbol=long_text.symbol, kind="replace", lang="en", state="IND",
                             paragraph=800, text="A shorter paragraph 800.",
                             acting_user=SYSTEM)
    _cost, page = get(as_india, f"/room/{long_text.symbol}?{ON}")
    assert "A shorter paragraph 800." not in page.split('id="room-proposals"')[0]
    parts, _costs = follow(as_india, page)
    late = parts[1]
    article = late[late.index('id="p-800"'):late.index('id="p-801"')]
    assert "A shorter paragraph 800." in article
    assert 'name="decision" value="withdraw"' in article
    assert 'name="csrfmiddlewaretoken"' in article


def test_a_part_that_does_not_exist_is_refused_at_start(long_text, as_india, as_observer):
    url = reverse("web:room_fragment", args=["part", long_text.symbol])
    for start, message in (("1000", "start: give the index of a paragraph, below 1000."),
                           ("", "start: give the index of a paragraph, below 1000."),
                           ("x", "start: give a number.")):
        response = as_india.get(f"{url}?{ON}&start={start}")
        assert response.status_code == 422
        assert message in response.content.decode()
    assert as_observer.get(f"{url}?{ON}&start=200").status_code == 404


@pytest.mark.parametrize(("language", "words"), [
    ("ru", ("Абзацы с 201 по 700 загружаются…", "Показать весь текст сразу")),
    ("zh-hans", ("第 201 至 700 段正在加载……", "一次显示全文")),
])
def test_what_a_part_on_its_way_says_is_in_the_users_language(long_text, as_india, language,
                                                             words):
    page = as_india.get(f"/room/{long_text.symbol}?{ON}",
                        HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for said in words:
        assert said in page
