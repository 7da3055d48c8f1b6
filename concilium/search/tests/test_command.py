"""`concilium search`: as the secretariat by default, as the public or an observer on request."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from concilium.rules.permissions import Classification
from concilium.search.models import Entry
from concilium.search.tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(sco):
    make_document({"en": "Released drug trafficking report."},
                  classification=Classification.RELEASED, symbol="SCO/REL")
    make_document({"en": "Members-only drug annex.", "zh": "关于毒品问题的附件"},
                  classification=Classification.MEMBERS, symbol="SCO/MEM")


def run(*args) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_searches_as_the_secretariat(archive):
    results = json.loads(run("drug", "--json"))["results"]
    assert {r["symbol"] for r in results} == {"SCO/REL", "SCO/MEM"}


def test_as_role_limits_what_is_found(archive):
    observer = json.loads(run("drug", "--json", "--as-role", "observer"))["results"]
    assert {r["symbol"] for r in observer} == {"SCO/REL"}
    assert json.loads(run("drug", "--json", "--as-role", "public"))["results"] == []


def test_the_table_shows_symbol_paragraph_and_text(archive):
    table = run("毒品", "--lang", "zh")
    assert "SCO/MEM" in table and "关于毒品问题的附件" in table and "<mark>" not in table


def test_reindex_rebuilds_the_whole_index(archive):
    run("drug")
    Entry.objects.all().delete()
    assert "Indexed 2 documents" in run("--reindex")
    assert Entry.objects.filter(kind="paragraph").count() == 3


def test_no_query_is_refused_with_exit_code_2(archive):
    with pytest.raises(CommandError) as refused:
        call_command("search", stdout=StringIO())
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        call_command("search", "--year", "twenty", "peace", stdout=StringIO())
    assert "year" in str(refused.value)
