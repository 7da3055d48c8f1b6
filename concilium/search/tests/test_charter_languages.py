"""A search is limited to the charter's languages: a language the organization does not work
in is bad input naming `lang` (no texts are in it), and the PostgreSQL index keeps a part
for each language the charter names, not for a fixed list."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from concilium.accounts.services import token_create
from concilium.documents.selectors import UNKNOWN_LANGUAGE
from concilium.rules.permissions import SYSTEM
from concilium.search.services import index_rebuild

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "zh", "fr", "xx"])
def test_the_csto_is_searched_in_russian_only(client, csto, lang):
    r = client.get("/api/search", {"q": "министров", "lang": lang})
    assert r.status_code == 422
    body = r.json()
    assert body["field"] == "lang"
    assert body["message"] == str(UNKNOWN_LANGUAGE).format(field="lang", known="ru",
                                                           lang=lang)


def test_russian_is_found_in_russian(client, csto_officer):
    token = token_create(username="officer", acting_user=SYSTEM)
    results = client.get("/api/search", {"q": "министров", "lang": "ru"},
                         headers={"Authorization": f"Bearer {token}"}).json()["results"]
    assert results and {r["lang"] for r in results} == {"ru"}


def test_the_sco_is_searched_in_chinese_by_either_code(client, sco):
    for lang in ("zh", "zh-hans"):
        assert client.get("/api/search", {"q": "恐怖主义", "lang": lang}).status_code == 200


def test_a_language_outside_the_charter_is_exit_2_for_the_command(csto):
    with pytest.raises(CommandError) as refused:
        call_command("search", "министров", "--lang", "en")
    assert refused.value.returncode == 2 and str(refused.value).startswith("lang:")


@pytest.mark.postgresql
def test_a_rebuild_makes_one_index_part_per_charter_language(csto):
    """Migration 0005 made parts for en, ru and zh; the CSTO's rebuilt index has ru only."""
    index_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_entry' "
                       "AND indexname LIKE 'search_entry_tsv%%' ORDER BY indexname")
        names = [name for (name,) in cursor.fetchall()]
    assert names == ["search_entry_tsv", "search_entry_tsv_ru"]
