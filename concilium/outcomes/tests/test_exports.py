"""Exports: a document revision in any of its languages as HTML, PDF, DOCX and Akoma Ntoso.

Documents are made with the documents services; the registry entry a certified copy needs is
written directly (the meeting pipeline that normally writes it is specified elsewhere).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from lxml import etree

from concilium.documents import services as ds
from concilium.meetings.models import Decision, DecisionKind, RegistryEntry
from concilium.organization.models import Body
from concilium.outcomes.exporters import (
    FORMATS,
    ExportParagraph,
    ExportText,
    View,
    export_akn,
    export_docx,
    export_pdf,
    export_redline_for,
    export_text_for,
    validate_akn,
)
from concilium.outcomes.exporters.html import template_names
from concilium.outcomes.exporters.redline import export_redline_docx

SYMBOL = "SCO/CFM/2020/1"
URL = "/api/exports"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PARAGRAPHS = [
    {"en": "The Ministers reaffirmed their commitment to the Charter.",
     "ru": "Министры подтвердили приверженность Хартии.",
     "zh": "外长们重申恪守宪章。"},
    {"en": "They [welcomed]{IND} the initiative.",
     "ru": "Они [приветствовали]{IND} инициативу.",
     "zh": "外长们[欢迎]{IND}该倡议。"},
    {"en": "They agreed to meet again in 2021.",
     "ru": "Они договорились встретиться в 2021 году.",
     "zh": "外长们商定于2021年再次会晤。"},
]
TITLES = {"en": "Statement on regional security", "ru": "Заявление о региональной безопасности",
          "zh": "关于地区安全的声明"}
VIEW = "India does not join paragraph 2."


def make_document(actor, *, symbol=SYMBOL, classification="members", paragraphs=PARAGRAPHS):
    return ds.document_create(doc_type="statement", body="cfm", titles=TITLES, lang="en",
                              paragraphs=paragraphs, classification=classification,
                              symbol=symbol, acting_user=actor)


@pytest.fixture
def statement(secretariat_officer, indian_delegate):
    """A CFM statement: Rev.1 edits paragraph 3 in English; India records a view on 2."""
    doc = make_document(secretariat_officer)
    ds.paragraph_text_set(symbol=SYMBOL, paragraph=3, lang="en",
                          text="They agreed to meet in Moscow in 2021.", expected_version=None,
                          acting_user=secretariat_officer)
    ds.position_record(symbol=SYMBOL, state="IND", stance="view", text=VIEW, paragraph=2,
                       acting_user=indian_delegate)
    doc.refresh_from_db()
    return doc


def registered(doc) -> RegistryEntry:
    body = Body.objects.get(slug="cfm")
    decision = Decision.objects.create(document=doc, kind=DecisionKind.ADOPTED,
                                       date=dt.date(2020, 9, 10), recorded_by="officer")
    return RegistryEntry.objects.create(document=doc, number="SCO-CFM-2020-001",
                                        date=dt.date(2020, 9, 10), body=body, decision=decision)


def small_text(lang: str = "en") -> ExportText:
    return ExportText(
        title=TITLES[lang], symbol=SYMBOL, doc_type="statement", lang=lang,
        organization={"en": "Shanghai Cooperation Organisation", "ru": "Шанхайская организация "
                      "сотрудничества", "zh": "上海合作组织"}[lang],
        body="Council of Foreign Ministers", revision="Rev.1",
        paragraphs=[ExportParagraph(i, p[lang], [View("India", VIEW)] if i == 2 else [])
                    for i, p in enumerate(PARAGRAPHS, start=1)],
        date=dt.date(2020, 9, 10), doc_type_name="Statement", author="cfm",
        organization_slug="sco",
    )


def client_for(username=None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


# --- Building the data ------------------------------------------------------------------


class TestExportText:
    def test_clean_paragraphs_are_plain_and_bracketed_ones_keep_their_brackets(self, statement):
        """A clean text reads as plain text; an unagreed one shows its brackets and owners."""
        text = export_text_for(statement, lang="en")
        assert [p.number for p in text.paragraphs] == [1, 2, 3]
        assert text.paragraphs[0].text == PARAGRAPHS[0]["en"]
        assert text.paragraphs[1].text == "They [welcomed]{IND} the initiative."
        assert text.paragraphs[2].text == "They agreed to meet in Moscow in 2021."
        assert text.revision == "Rev.1"
        assert text.organization == "Shanghai Cooperation Organisation"
        assert text.title == TITLES["en"]

    def test_recorded_views_belong_to_their_paragraph_in_the_language_of_the_export(
            self, statement):
        """India's view is on paragraph 2, with the state named in the export's language."""
        text = export_text_for(statement, lang="ru")
        assert text.paragraphs[1].views == [View("Индия", VIEW)]
        assert text.paragraphs[0].views == [] and text.paragraphs[2].views == []

    def test_an_earlier_revision_is_its_snapshot(self, statement):
        """Rev.0 is the original text, before the edit and the view."""
        text = export_text_for(statement, lang="en", rev=0)
        assert text.paragraphs[2].text == PARAGRAPHS[2]["en"]
        assert text.revision == ""
        assert text.view_count == 0

    def test_queries_do_not_grow_with_the_paragraphs(self, secretariat_officer):
        """Three paragraphs or thirty: the same number of queries."""
        small = make_document(secretariat_officer, symbol="SCO/CFM/2020/2")
        big = make_document(secretariat_officer, symbol="SCO/CFM/2020/3",
                            paragraphs=PARAGRAPHS * 10)
        counts = []
        for doc in (small, big):
            for rev in (None, 0):
                with CaptureQueriesContext(connection) as queries:
                    export_text_for(doc, lang="zh", rev=rev)
                counts.append(len(queries))
        assert counts[0] == counts[2] and counts[1] == counts[3]
        assert max(counts) <= 8

    def test_refusals_name_the_field(self, statement):
        """An unknown language or revision is refused, naming `lang` or `rev`."""
        from concilium.core.errors import NotFound, ValidationFailed

        with pytest.raises(ValidationFailed) as lang:
            export_text_for(statement, lang="fr")
        assert lang.value.field == "lang" and "ru, zh, en" in lang.value.message
        with pytest.raises(NotFound) as rev:
            export_text_for(statement, lang="en", rev=7)
        assert rev.value.field == "rev" and "0, 1" in rev.value.message


class TestTemplates:
    def test_lookup_goes_from_type_and_language_to_the_default(self):
        """Most specific first (STYLE.md item 9)."""
        assert template_names("statement", "zh") == [
            "outcomes/export/statement.zh.html", "outcomes/export/statement.html",
            "outcomes/export/default.zh.html", "outcomes/export/default.html"]
        assert template_names("statement", "zh", "redline")[0] == (
            "outcomes/export/redline/statement.zh.html")

    def test_a_type_and_language_template_wins(self, tmp_path, settings):
        """A Chinese statement template is used for Chinese statements only."""
        folder = tmp_path / "outcomes" / "export"
        folder.mkdir(parents=True)
        (folder / "statement.zh.html").write_text("ZH STATEMENT {{ text.symbol }}")
        templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
        with override_settings(TEMPLATES=templates):
            assert FORMATS["html"].text(small_text("zh")) == b"ZH STATEMENT SCO/CFM/2020/1"
            assert b"<!DOCTYPE html>" in FORMATS["html"].text(small_text("en"))


# --- Formats --------------------------------------------------------------------------


class TestHtml:
    def test_semantic_page_with_language_and_views(self):
        """The page says its language, numbers its paragraphs and lists views at the end."""
        page = FORMATS["html"].text(small_text("ru")).decode()
        assert '<html lang="ru"' in page
        assert '<h1 class="title">' in page
        assert "1.&#8194;Министры подтвердили" in page
        assert 'id="view-2-1"' in page and 'id="views-heading"' in page
        assert "Views recorded" in FORMATS["html"].text(small_text("en")).decode()
        assert "@page" in page  # printable: the print stylesheet travels with the page


def pdf_tool(tool: str, *args: str, data: bytes, tmp_path, name="doc.pdf") -> str:
    """Run a poppler tool on the PDF; its standard output."""
    path = tmp_path / name
    path.write_bytes(data)
    tail = {"pdftotext": [str(path), "-"], "pdftoppm": [str(path), str(tmp_path / "page")]}
    return subprocess.run([tool, *args, *tail.get(tool, [str(path)])], check=True,
                          capture_output=True, text=True).stdout


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils is not installed (scripts/system-packages.sh installs it)")


@needs_poppler
class TestPdf:
    @pytest.mark.parametrize("lang,phrase", [
        ("en", "reaffirmed their commitment"),
        ("ru", "подтвердили приверженность"),
        ("zh", "外长们重申恪守宪章"),
    ])
    def test_every_language_renders_and_reads_back(self, lang, phrase, tmp_path):
        """Rendered to PNG, and its text extracted again, Chinese included."""
        data = export_pdf(small_text(lang))
        assert data.startswith(b"%PDF")
        pdf_tool("pdftoppm", "-r", "40", "-png", data=data, tmp_path=tmp_path)
        pages = sorted(tmp_path.glob("page*.png"))
        assert pages and all(p.stat().st_size > 1000 for p in pages)
        text = pdf_tool("pdftotext", "-layout", data=data, tmp_path=tmp_path)
        assert phrase in text.replace("\n", "")
        assert VIEW in text  # the view, as a footnote
        assert SYMBOL in text

    def test_chinese_uses_an_embedded_cjk_font(self, tmp_path):
        """pdffonts lists a Noto CJK font, embedded: glyphs, not boxes."""
        fonts = pdf_tool("pdffonts", data=export_pdf(small_text("zh")), tmp_path=tmp_path)
        cjk = [line for line in fonts.splitlines() if "CJK" in line]
        assert cjk, fonts
        assert all(line.split()[-5] == "yes" for line in cjk), fonts  # the emb column

    def test_every_page_carries_the_symbol_at_the_right_and_its_number_centred(self, tmp_path):
        """The running header and "n / total" footer on each page of a longer text, placed
        where the page's margin boxes put them: symbol flush right, number in the middle."""
        text = small_text("en")
        words = " ".join(["The Ministers reaffirmed their commitment to the Charter."] * 8)
        text.paragraphs = [ExportParagraph(i, words, []) for i in range(1, 41)]
        data = export_pdf(text)
        html = pdf_tool("pdftotext", "-bbox", data=data, tmp_path=tmp_path)
        pages = etree.fromstring(html.encode(), etree.HTMLParser()).iter("page")
        total = 0
        for number, page in enumerate(pages, start=1):
            width = float(page.get("width"))
            words = page.findall("word")
            symbol = [w for w in words if w.text == SYMBOL and float(w.get("ymin")) < 50]
            assert symbol, f"page {number}: no running header"
            assert width - float(symbol[0].get("xmax")) == pytest.approx(18 / 25.4 * 72, abs=2)
            footer = [w for w in words if float(w.get("ymin")) > float(page.get("height")) - 57]
            assert [w.text for w in footer][:2] == [str(number), "/"]
            middle = (float(footer[0].get("xmin")) + float(footer[-1].get("xmax"))) / 2
            assert middle == pytest.approx(width / 2, abs=2)
            total = number
        assert total > 2
        assert footer[-1].text == str(total)

    def test_stored_document_in_chinese(self, statement, tmp_path):
        """From the database: the Chinese text and its bracket survive into the PDF."""
        data = export_pdf(export_text_for(statement, lang="zh"))
        text = pdf_tool("pdftotext", data=data, tmp_path=tmp_path)
        assert "外长们[欢迎]{IND}该倡议" in text.replace("\n", "")


class TestAkomaNtoso:
    def test_valid_against_the_official_schema(self, statement):
        """Every language of a stored document validates against akomantoso30.xsd."""
        for lang in ("en", "ru", "zh"):
            xml = export_akn(export_text_for(statement, lang=lang))
            assert validate_akn(xml) == [], lang

    def test_structure(self, statement):
        """A `doc` named by type, FRBR identification, numbered paragraphs para_N."""
        xml = export_akn(export_text_for(statement, lang="zh"))
        ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
        root = etree.fromstring(xml)
        assert root.find("a:doc", ns).get("name") == "statement"
        assert root.find(".//a:FRBRExpression/a:FRBRlanguage", ns).get("language") == "zho"
        assert root.find(".//a:FRBRWork/a:FRBRcountry", ns).get("value") == "sco"
        paras = root.findall(".//a:mainBody/a:paragraph", ns)
        assert [p.get("eId") for p in paras] == ["para_1", "para_2", "para_3"]
        assert paras[0].findtext("a:num", namespaces=ns) == "1."
        assert paras[1].find(".//a:authorialNote/a:p", ns).text == f"印度: {VIEW}"

    def test_invalid_documents_are_reported(self):
        """validate_akn lists errors, never raises."""
        assert validate_akn(b"<akomaNtoso") != []
        bad = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc/></akomaNtoso>'
        assert validate_akn(bad)


def footnotes_of(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in rels
    return ["".join(n.itertext()).strip() for n in root.iter(f"{W}footnote")
            if n.get(f"{W}type") is None]


def soffice_converts(data: bytes, tmp_path, name: str) -> str:
    """Convert with LibreOffice headless (fresh profile); the PDF's text."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI to check DOCX files open")
        pytest.skip("LibreOffice is not installed (scripts/system-packages.sh installs it)")
    source = tmp_path / f"{name}.docx"
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    out = tmp_path / f"{name}.pdf"
    assert out.exists() and out.stat().st_size > 1000
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                              text=True).stdout
    return ""


class TestDocx:
    def test_reads_back_with_numbered_paragraphs_and_footnotes(self, statement):
        """python-docx sees the title and numbered paragraphs; the view is a real footnote."""
        data = export_docx(export_text_for(statement, lang="ru"))
        document = docx.Document(io.BytesIO(data))
        texts = [p.text for p in document.paragraphs]
        assert TITLES["ru"] in texts
        assert "1.\tМинистры подтвердили приверженность Хартии." in texts
        assert "2.\tОни [приветствовали]{IND} инициативу." in texts
        styles = {p.style.name for p in document.paragraphs if p.text.startswith("1.")}
        assert styles == {"Numbered Paragraph"}
        refs = document.element.body.findall(f".//{W}footnoteReference")
        assert [r.get(f"{W}id") for r in refs] == ["1"]
        assert footnotes_of(data) == [f"Индия: {VIEW}"]

    def test_opens_in_libreoffice(self, tmp_path):
        """Every DOCX opens: LibreOffice converts it, Chinese and footnote included."""
        text = soffice_converts(export_docx(small_text("zh")), tmp_path, "statement")
        if text:
            assert "外长们重申恪守宪章" in text.replace("\n", "").replace(" ", "")
            assert VIEW in text


class TestRedline:
    def test_html_marks_insertions_and_deletions(self, statement):
        """From the original to Rev.1: 'again' deleted, 'in Moscow' inserted."""
        redline = export_redline_for(statement, lang="en", old_rev=0, new_rev=1)
        page = FORMATS["html"].redline(redline).decode()
        assert "<del>" in page and "<ins>" in page
        assert "<del>again</del>" in page and "<ins>Moscow </ins>" in page
        assert redline.old_label == "original" and redline.new_label == "Rev.1"
        assert [p.kind for p in redline.paragraphs] == ["equal", "equal", "change"]

    def test_docx_uses_tracked_changes(self, statement, tmp_path):
        """Word sees w:ins and w:del it can accept or reject; LibreOffice opens it."""
        redline = export_redline_for(statement, lang="en", old_rev=0)
        data = export_redline_docx(redline)
        body = docx.Document(io.BytesIO(data)).element.body
        inserted = "".join(t.text for t in body.iterfind(f".//{W}ins//{W}t"))
        deleted = "".join(t.text for t in body.iterfind(f".//{W}del//{W}delText"))
        assert "Moscow" in inserted and "again" in deleted
        soffice_converts(data, tmp_path, "redline")

    @needs_poppler
    def test_pdf_in_chinese(self, secretariat_officer, tmp_path):
        """A Chinese edit shows in the PDF redline."""
        make_document(secretariat_officer, symbol="SCO/CFM/2020/4")
        ds.paragraph_text_set(symbol="SCO/CFM/2020/4", paragraph=1, lang="zh",
                              text="外长们坚定重申恪守宪章。", expected_version=None,
                              acting_user=secretariat_officer)
        from concilium.documents.models import Document

        doc = Document.objects.get(symbol="SCO/CFM/2020/4")
        redline = export_redline_for(doc, lang="zh", old_rev=0)
        assert any(r.op == "insert" and r.text == "坚定" for r in redline.paragraphs[0].runs)
        text = pdf_tool("pdftotext", data=FORMATS["pdf"].redline(redline), tmp_path=tmp_path)
        assert "外长们坚定重申恪守宪章" in text.replace("\n", "")


# --- The API and the command ---------------------------------------------------------


class TestApi:
    def test_each_format_with_its_content_type_and_file_name(self, statement, secretariat_officer):
        """The response is the file: content type and a download name without slashes."""
        client = client_for("officer")
        for fmt, content_type, magic in [
            ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
            ("pdf", "application/pdf", b"%PDF"),
            ("docx", FORMATS["docx"].content_type, b"PK"),
            ("akn", "application/akn+xml", b"<?xml"),
        ]:
            r = client.get(URL, {"symbol": SYMBOL, "format": fmt, "lang": "zh"})
            assert r.status_code == 200, r.content[:300]
            assert r["Content-Type"] == content_type
            assert f'filename="SCO-CFM-2020-1.rev1.zh.{FORMATS[fmt].extension}"' in (
                r["Content-Disposition"])
            assert r.content.startswith(magic)

    def test_redline_and_earlier_revision(self, statement, secretariat_officer):
        client = client_for("officer")
        r = client.get(URL, {"symbol": SYMBOL, "format": "docx", "redline_from": 0, "rev": 1})
        assert r.status_code == 200
        assert "redline-original-rev1.en.docx" in r["Content-Disposition"]
        r = client.get(URL, {"symbol": SYMBOL, "format": "html", "rev": 0})
        assert "again in 2021" in r.content.decode()

    def test_bad_input_is_a_4xx_naming_the_field(self, statement, secretariat_officer):
        """Never a 500: each refusal says which parameter to fix."""
        client = client_for("officer")
        for params, status, field in [
            ({"format": "rtf"}, 422, "format"),
            ({"format": "pdf", "lang": "fr"}, 422, "lang"),
            ({"format": "pdf", "rev": 9}, 404, "rev"),
            ({"format": "pdf", "rev": "first"}, 422, "rev"),
            ({"format": "pdf", "redline_from": 9}, 404, "redline_from"),
            ({"format": "akn", "redline_from": 0}, 422, "format"),
            ({"format": "docx", "certified": "true"}, 422, "format"),
            ({"format": "pdf", "certified": "true"}, 422, "certified"),
            ({"format": "pdf", "certified": "true", "redline_from": 0}, 422, "certified"),
        ]:
            r = client.get(URL, {"symbol": SYMBOL, **params})
            assert r.status_code == status, (params, r.content)
            assert r.json()["field"] == field, params

    def test_unreadable_is_the_same_404_as_missing(self, statement, mongolian_observer):
        """A members-only draft does not exist for the observer or the public."""
        missing = client_for().get(URL, {"symbol": "SCO/CFM/2099/9", "format": "pdf"})
        for client in (client_for("mongolia"), client_for()):
            r = client.get(URL, {"symbol": SYMBOL, "format": "pdf"})
            assert r.status_code == 404
            body = r.json()
            assert body["error"] == missing.json()["error"] == "not_found"
            assert body["message"].replace(SYMBOL, "X") == (
                missing.json()["message"].replace("SCO/CFM/2099/9", "X"))

    def test_a_public_document_is_exported_to_anyone(self, secretariat_officer):
        make_document(secretariat_officer, symbol="SCO/CFM/2020/5", classification="public")
        r = client_for().get(URL, {"symbol": "SCO/CFM/2020/5", "format": "akn"})
        assert r.status_code == 200 and validate_akn(r.content) == []

    @needs_poppler
    def test_certified_copy_of_an_adopted_document(self, statement, secretariat_officer,
                                                  tmp_path):
        """The copy carries the registry number and date and the depositary's statement."""
        registered(statement)
        r = client_for("officer").get(URL, {"symbol": SYMBOL, "format": "pdf",
                                            "certified": "true", "lang": "en"})
        assert r.status_code == 200
        assert ".certified.pdf" in r["Content-Disposition"]
        text = pdf_tool("pdftotext", data=r.content, tmp_path=tmp_path).replace("\n", " ")
        assert "SCO-CFM-2020-001" in text and "2020-09-10" in text
        assert "Certified true copy" in text
        assert "The Secretariat of the Shanghai Cooperation Organisation, depositary" in text


class TestCommand:
    def test_writes_the_file(self, statement, tmp_path):
        """`concilium export SYMBOL --format akn -o FILE`."""
        out = tmp_path / "statement.xml"
        call_command("export", SYMBOL, "--format", "akn", "--lang", "ru", "-o", str(out),
                     stderr=io.StringIO())
        assert validate_akn(out.read_bytes()) == []

    def test_html_to_standard_output(self, statement):
        stdout = io.StringIO()
        call_command("export", SYMBOL, "--format", "html", "--rev", "0", "-o", "-",
                     stdout=stdout)
        assert "again in 2021" in stdout.getvalue()

    def test_default_file_name_in_the_current_directory(self, statement, tmp_path,
                                                        monkeypatch):
        monkeypatch.chdir(tmp_path)
        call_command("export", SYMBOL, "--format", "docx", "--redline-from", "0",
                     stderr=io.StringIO())
        assert (tmp_path / "SCO-CFM-2020-1.redline-original-rev1.en.docx").exists()

    def test_bad_input_exits_2_naming_the_field(self, statement, tmp_path):
        """One line naming the option, exit code 2, no traceback."""
        for args, word in [
            (["--format", "rtf"], "format"),
            (["--lang", "fr"], "lang"),
            (["--rev", "9"], "rev"),
            (["--redline-from", "9"], "redline_from"),
            (["--certified"], "certified"),
        ]:
            with pytest.raises(CommandError) as error:
                call_command("export", SYMBOL, *args, "-o", str(tmp_path / "x"))
            assert error.value.returncode == 2
            assert str(error.value).startswith(f"{word}:"), args

    def test_unknown_document_exits_2(self, sco):
        with pytest.raises(CommandError) as error:
            call_command("export", "SCO/NONE/1", "--format", "pdf")
        assert error.value.returncode == 2
