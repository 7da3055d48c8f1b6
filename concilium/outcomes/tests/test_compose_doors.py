"""The composer's doors: the `compose` command, the API, and saving as a draft document."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from concilium.accounts.services import token_create
from concilium.documents.models import Document
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CFM = "cfm-2020-09-10"


@pytest.fixture
def scenario(sco):
    sco_2020.load(acting_user=SYSTEM)


def test_command_composes_and_saves_a_draft(scenario, tmp_path):
    """`concilium compose press-release SLUG --lang zh --save` prints the text and stores it,
    in every language, as a draft press release of the ministers (for them to approve)."""
    out, err = StringIO(), StringIO()
    call_command("compose", "press-release", CFM, "--lang", "zh", "--save", stdout=out,
                 stderr=err)
    assert out.getvalue().startswith("上合组织成员国外长理事会会议新闻公报")
    assert err.getvalue().strip() == f"已保存为文件草案 {CFM}/press-release。"  # --lang, too
    doc = Document.objects.get(symbol=f"{CFM}/press-release")
    assert (doc.doc_type.slug, doc.status, doc.approving_body.slug) == (
        "press-release", "draft", "cfm")
    texts = {t.lang for p in doc.paragraphs.all() for t in p.texts.all()}
    assert texts == {"en", "ru", "zh"}
    target = tmp_path / "pr.docx"
    call_command("compose", "press-release", CFM, "--format", "docx", "-o", str(target),
                 stdout=out, stderr=err)
    assert target.read_bytes()[:2] == b"PK"
    assert f"Записан файл {target}" in err.getvalue()  # the charter's first language


def test_api_composes_for_the_secretariat_only(scenario, secretariat_officer,
                                               mongolian_observer):
    """GET gives the title and paragraphs (or a file); POST saves a draft; an observer, who
    may not read the members' drafts, is refused."""
    client = Client()
    officer = {"HTTP_AUTHORIZATION": "Bearer " + token_create(
        username=secretariat_officer.username, acting_user=SYSTEM)}
    r = client.get(f"/api/compose/press-release/{CFM}?lang=ru", **officer)
    assert r.status_code == 200, r.content
    assert "Сергея Лаврова" in " ".join(r.json()["paragraphs"])
    r = client.get(f"/api/compose/press-release/{CFM}?lang=en&format=html", **officer)
    assert r.status_code == 200 and b"Sergey Lavrov" in r.content
    r = client.get(f"/api/compose/press-release/{CFM}?lang=fr", **officer)
    assert (r.status_code, r.json()["field"]) == (422, "lang")
    r = client.get(f"/api/compose/speech/{CFM}", **officer)
    assert (r.status_code, r.json()["field"]) == (422, "kind")
    r = client.post(f"/api/compose/minutes/{CFM}", **officer)
    assert r.status_code == 201 and r.json()["symbol"] == f"{CFM}/minutes"
    observer = {"HTTP_AUTHORIZATION": "Bearer " + token_create(
        username=mongolian_observer.username, acting_user=SYSTEM)}
    assert client.get(f"/api/compose/press-release/{CFM}", **observer).status_code == 403
