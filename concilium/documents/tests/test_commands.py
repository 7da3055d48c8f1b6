"""`concilium doc ...`: the secretariat's doors to the same services."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from concilium.documents import models as m
from concilium.documents import services
from concilium.documents.tests.conftest import SEPT_10_2020
from concilium.documents.tests.test_services import counts

SYM = "SCO/CFM/2020/DRAFT.1"


def run(*args):
    out = io.StringIO()
    call_command("doc", *args, stdout=out)
    return out.getvalue()


def refused(*args):
    with pytest.raises(CommandError) as e:
        run(*args)
    assert e.value.returncode == 2
    return str(e.value)


def test_list_and_show(draft):
    assert json.loads(run("list", "--json"))[0]["symbol"] == SYM
    assert SYM in run("list")
    text = run("show", SYM)
    assert "2. The Member States [strongly] condemn" in text
    assert "2. The Member States strongly condemn" in run("show", SYM, "--clean")
    shown = json.loads(run("show", SYM, "--brackets", "--lang", "zh", "--json"))
    assert [p["number"] for p in shown["paragraphs"]] == [2, 3]
    assert json.loads(run("show", SYM, "--rev", "0", "--json"))["version"] == "original"


def test_show_marks_stale_translations(draft, secretariat_officer):
    """After the English paragraph 1 changes, `doc show --lang ru` marks the Russian one as
    outdated (and says so on stderr) instead of showing it as the text; English is current."""
    services.paragraph_text_set(symbol=SYM, paragraph=1, lang="en",
                                text="The Member States reaffirm the SCO Charter.",
                                expected_version=None, acting_user=secretariat_officer)
    err = io.StringIO()
    out = io.StringIO()
    call_command("doc", "show", SYM, "--lang", "ru", stdout=out, stderr=err)
    assert "1. [outdated: another language version changed since] Государства-члены" in (
        out.getvalue())
    assert "2. Государства-члены [решительно]" in out.getvalue()
    assert "1 paragraph(s) not current in ru" in err.getvalue()
    shown = json.loads(run("show", SYM, "--lang", "ru", "--json"))
    assert [p["translation"] for p in shown["paragraphs"]] == ["outdated", "current",
                                                              "current"]
    english = json.loads(run("show", SYM, "--lang", "en", "--json"))
    assert {p["translation"] for p in english["paragraphs"]} == {"current"}


def test_position_and_consensus(draft):
    out = run("position", SYM, "--state", "IND", "--paragraph", "1", "--on", "2020-09-10",
              "--object", "Prejudges the review.")
    assert "IND object" in out
    run("position", SYM, "--state", "PAK", "--on", "2020-09-10", "--view", "Non-binding.")
    data = json.loads(run("consensus", SYM, "--on", "2020-09-10", "--json"))
    assert data["outcome"]["status"] == "blocked"
    assert data["paragraphs"][0]["objecting"] == ["IND"]
    table = run("consensus", SYM, "--on", "2020-09-10")
    assert "blocked" in table and "Prejudges the review" in table
    assert m.Position.objects.filter(on_behalf=True).count() == 2


@pytest.mark.parametrize("args, words", [
    (["--state", "XYZ", "--agree"], "state"),
    (["--state", "MNG", "--agree"], "state"),
    (["--state", "IND", "--paragraph", "12", "--agree"], "paragraph"),
])
def test_position_refusals_exit_2(draft, args, words):
    before = counts()
    message = refused("position", SYM, "--on", "2020-09-10", *args)
    assert words in message
    assert counts() == before


def test_position_on_closed_document(draft, secretariat_officer):
    services.document_update(symbol=SYM, status="withdrawn", acting_user=secretariat_officer)
    before = counts()
    assert "closed" in refused("position", SYM, "--state", "IND", "--agree")
    assert counts() == before


def test_unknown_document(sco):
    assert "No document" in refused("show", "SCO/NONE/1")


def test_redline(draft, russian_chair):
    services.chair_text_table(symbol=SYM, paragraph=2, text="The Member States firmly "
                              "condemn terrorism in all its forms.", on=SEPT_10_2020,
                              acting_user=russian_chair)
    assert "[-[strongly]-]{+firmly+}" in run("redline", SYM, "--from", "0", "--to", "1")
    assert "<ins>firmly</ins>" in run("redline", SYM, "--from", "0", "--to", "1",
                                      "--format", "html")
    assert "to" in refused("redline", SYM, "--from", "0", "--to", "5")
