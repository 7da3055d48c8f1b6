"""`concilium doc import`: text, Markdown and Word drafts; unreadable files write nothing."""

import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from docx.oxml.ns import qn
from lxml import etree

from concilium.documents import models as m
from concilium.documents import selectors
from concilium.documents.tests.test_services import counts

MD = """# Draft Joint Communique

1. The Heads of Government met in Moscow on 30 November 2020.

2. They [welcomed]{IND} the results
of the year's work.

## Trade

3) Ministers will meet again in 2021.
"""


def run(*args):
    out = io.StringIO()
    call_command("doc", "import", *args, stdout=out)
    return out.getvalue().strip()


def refused(*args):
    with pytest.raises(CommandError) as e:
        run(*args)
    assert e.value.returncode == 2
    return str(e.value)


def test_markdown_paragraphs_numbers_and_title(sco, tmp_path):
    """Blocks are paragraphs, numbers are stripped, the first heading is the title."""
    path = tmp_path / "communique.md"
    path.write_text(MD, encoding="utf-8")
    symbol = run(str(path), "--type", "communique", "--body", "chg", "--lang", "en")
    doc = m.Document.objects.get(symbol=symbol)
    assert symbol.startswith("SCO/CHG/")
    assert doc.titles == {"en": "Draft Joint Communique"}
    texts = [p.texts["en"].text for p in selectors.document_paragraphs(doc)]
    assert texts == ["The Heads of Government met in Moscow on 30 November 2020.",
                     "They [welcomed]{IND} the results of the year's work.",
                     "Trade", "Ministers will meet again in 2021."]
    assert selectors.document_brackets(doc) == 1


def test_text_with_symbol_and_title(sco, tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("First.\n\nSecond.\n", encoding="utf-8")
    assert run(str(path), "--type", "report", "--body", "cfm", "--lang", "ru",
               "--symbol", "SCO/CFM/2020/R.1", "--title", "Доклад") == "SCO/CFM/2020/R.1"


@pytest.mark.parametrize("name, content, words", [
    ("missing.txt", None, "cannot read"),
    ("latin1.txt", "Déclaration".encode("latin-1"), "not UTF-8"),
    ("empty.md", b"\n\n  \n", "no paragraphs"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a Word document"),
    ("brackets.txt", b"Fine.\n\nUnclosed [bracket.", "position 9"),
    ("draft.pdf", b"%PDF-1.4", ".txt, .md or .docx"),
])
def test_unreadable_files_are_refused_and_nothing_is_written(sco, tmp_path, name, content,
                                                             words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = counts()
    message = refused(str(path), "--type", "report", "--body", "cfm", "--lang", "en")
    assert words in message
    assert counts() == before


def _run(paragraph, text, tag=None, author="Secretariat"):
    """Append a run to a python-docx paragraph, inside <w:ins> or <w:del> if tagged."""
    r = etree.SubElement(paragraph._p, qn("w:r")) if tag is None else None
    if tag is not None:
        wrapper = etree.SubElement(paragraph._p, qn(f"w:{tag}"))
        wrapper.set(qn("w:id"), "1")
        wrapper.set(qn("w:author"), author)
        r = etree.SubElement(wrapper, qn("w:r"))
    t = etree.SubElement(r, qn("w:delText" if tag == "del" else "w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


@pytest.fixture
def tracked_docx(tmp_path):
    d = docx.Document()
    d.add_heading("Draft Statement", level=1)
    d.add_paragraph("1. The Ministers met in Moscow.")
    p = d.add_paragraph()
    _run(p, "They ")
    _run(p, "strongly ", "del")
    _run(p, "firmly ", "ins")
    _run(p, "condemn terrorism.")
    p = d.add_paragraph()
    _run(p, "An inserted paragraph.", "ins")
    p = d.add_paragraph()
    _run(p, "A deleted paragraph.", "del")
    path = tmp_path / "statement.docx"
    d.save(path)
    return path


def test_docx_tracked_changes_become_secretariat_proposals(sco, tracked_docx):
    """The base text is the text before the changes; each change is a pending proposal."""
    symbol = run(str(tracked_docx), "--type", "cfm-statement", "--body", "cfm", "--lang", "en")
    doc = m.Document.objects.get(symbol=symbol)
    assert doc.titles == {"en": "Draft Statement"}
    texts = [p.texts["en"].text for p in selectors.document_paragraphs(doc)]
    assert texts == ["The Ministers met in Moscow.", "They strongly condemn terrorism.",
                     "A deleted paragraph."]
    proposals = [(p.kind, p.paragraph.number if p.paragraph else None,
                  p.after.number if p.after else None, p.text, p.state_id, p.status)
                 for p in selectors.proposals_list(doc)]
    assert proposals == [
        ("replace", 2, None, "They firmly condemn terrorism.", None, "pending"),
        ("insert", None, 2, "An inserted paragraph.", None, "pending"),
        ("delete", 3, None, "", None, "pending"),
    ]


def test_import_through_the_api(secretariat_officer, tracked_docx):
    client = Client()
    client.force_login(get_user_model().objects.get(username="officer"))
    with tracked_docx.open("rb") as f:
        r = client.post("/api/documents/import", {
            "file": f, "doc_type": "cfm-statement", "body": "cfm", "lang": "en",
            "symbol": "SCO/CFM/2020/ST.9"})
    assert r.status_code == 201, r.content
    assert r.json()["symbol"] == "SCO/CFM/2020/ST.9" and len(r.json()["paragraphs"]) == 3
    before = counts()
    r = client.post("/api/documents/import", {
        "file": io.BytesIO(b"\xff\xfe"), "doc_type": "report", "body": "cfm", "lang": "en"})
    assert r.status_code == 422 and r.json()["field"] == "file"
    assert counts() == before


@pytest.fixture
def delegations_docx(tmp_path):
    """Tracked changes by "India", "China", "Indian delegation" and someone unknown."""
    d = docx.Document()
    d.add_paragraph("The Ministers met in Moscow.")
    p = d.add_paragraph()
    _run(p, "They ")
    _run(p, "strongly ", "del", author="India")
    _run(p, "firmly ", "ins", author="India")
    _run(p, "condemn terrorism.")
    p = d.add_paragraph()
    _run(p, "Connectivity matters.")
    _run(p, " Belt and Road.", "ins", author="中国")
    p = d.add_paragraph()
    _run(p, "A paragraph to drop.", "del", author="Indian delegation")
    p = d.add_paragraph()
    _run(p, "Added by a stranger.", "ins", author="J. Smith")
    path = tmp_path / "delegations.docx"
    d.save(path)
    return path


def _by_state(symbol):
    doc = m.Document.objects.get(symbol=symbol)
    return [(p.kind, p.state_id and p.state.code, p.on_behalf)
            for p in selectors.proposals_list(doc)]


def test_tracked_changes_by_india_become_proposals_of_india(sco, delegations_docx, capsys):
    """A change made by "India" is India's proposal; one by 中国 is China's (names count in
    every language); an author no state is called is listed, its change kept as the
    secretariat's, never dropped."""
    out, err = io.StringIO(), io.StringIO()
    call_command("doc", "import", str(delegations_docx), "--type", "cfm-statement",
                 "--body", "cfm", "--lang", "en", stdout=out, stderr=err)
    symbol = out.getvalue().strip()
    assert _by_state(symbol) == [("replace", "IND", True), ("replace", "CHN", True),
                                 ("delete", None, False), ("insert", None, False)]
    report = err.getvalue()
    assert "'India' (1): proposals of IND" in report
    assert "'中国' (1): proposals of CHN" in report
    assert "'Indian delegation' (1): no state has this name" in report
    assert "'J. Smith' (1): no state has this name" in report
    assert '--author "J. Smith=STATE CODE"' in report
    doc = m.Document.objects.get(symbol=symbol)
    assert "by India" in selectors.proposals_list(doc)[0].explanation


def test_an_explicit_mapping_names_the_state_of_an_author(sco, delegations_docx):
    out = io.StringIO()
    call_command("doc", "import", str(delegations_docx), "--type", "cfm-statement",
                 "--body", "cfm", "--lang", "en", "--author", "indian  Delegation=ind",
                 "--author", "J. Smith=PAK", stdout=out, stderr=io.StringIO())
    assert _by_state(out.getvalue().strip()) == [
        ("replace", "IND", True), ("replace", "CHN", True), ("delete", "IND", True),
        ("insert", "PAK", True)]


@pytest.mark.parametrize("mapping, words", [
    ("Indian delegation", "entry 1 ('Indian delegation') cannot be read"),
    ("Indian delegation=XYZ", "authors: there is no state 'XYZ'"),
    ("=IND", "entry 1 ('=IND') cannot be read"),
])
def test_an_unreadable_mapping_is_refused_and_nothing_is_written(sco, delegations_docx,
                                                                 mapping, words):
    before = counts()
    message = refused(str(delegations_docx), "--type", "cfm-statement", "--body", "cfm",
                      "--lang", "en", "--author", mapping)
    assert words in message
    assert counts() == before


def test_the_api_lists_unknown_authors_and_takes_a_mapping(secretariat_officer,
                                                           delegations_docx):
    client = Client()
    client.force_login(get_user_model().objects.get(username="officer"))
    with delegations_docx.open("rb") as f:
        r = client.post("/api/documents/import", {
            "file": f, "doc_type": "cfm-statement", "body": "cfm", "lang": "en",
            "authors": ["Indian delegation=IND"]})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["unknown_authors"] == ["J. Smith"]
    assert {a["name"]: (a["state"], a["how"]) for a in body["tracked_authors"]} == {
        "India": ("IND", "name"), "中国": ("CHN", "name"),
        "Indian delegation": ("IND", "mapping"), "J. Smith": (None, "unknown")}
    before = counts()
    with delegations_docx.open("rb") as f:
        r = client.post("/api/documents/import", {
            "file": f, "doc_type": "cfm-statement", "body": "cfm", "lang": "en",
            "authors": ["India=IND", "india=CHN"]})
    assert r.status_code == 422 and r.json()["field"] == "authors"
    assert counts() == before
