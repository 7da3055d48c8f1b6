"""Certified true copies anyone can verify: a PDF signed by the Secretariat (PAdES), its
SHA-256 in the registry of certified copies, `concilium verify` and the page /verify/."""

import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from concilium.audit.models import Action, AuditRecord
from concilium.outcomes.models import CertifiedCopy
from concilium.outcomes.tests.test_exports import SYMBOL, make_document, registered

NUMBER = "SCO-CFM-2020-001"


@pytest.fixture
def signing_key(settings, tmp_path):
    """Each test signs with its own self-signed Secretariat key."""
    settings.CONCILIUM_SIGNING_KEY_FILE = tmp_path / "signing.key"
    settings.CONCILIUM_SIGNING_CERT_FILE = tmp_path / "signing.crt"


@pytest.fixture
def certified_pdf(signing_key, secretariat_officer, tmp_path):
    """`concilium export SYMBOL --certified --format pdf -o F` of a registered statement."""
    registered(make_document(secretariat_officer))
    path = tmp_path / "copy.pdf"
    call_command("export", SYMBOL, "--format", "pdf", "--certified", "--lang", "ru",
                 "-o", str(path), stdout=StringIO())
    return path


def _verify(path, *args):
    out = StringIO()
    call_command("verify", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_certified_copy_is_signed_registered_and_verifies(certified_pdf):
    """The file is entered by its SHA-256; `verify` names the registry entry; `pdfsig`
    lists the Secretariat's signature; the issue is audited."""
    copy = CertifiedCopy.objects.get()
    assert (copy.registry_number, copy.symbol, copy.lang, copy.format) == (
        NUMBER, SYMBOL, "ru", "pdf")
    assert AuditRecord.objects.filter(action=Action.CERTIFY, target_id=str(copy.pk)).exists()
    said = _verify(certified_pdf)
    assert said.startswith("Genuine: a certified true copy of registry entry " + NUMBER)
    assert copy.sha256 in said
    sig = subprocess.run(["pdfsig", str(certified_pdf)], capture_output=True, text=True)
    assert "Signature #1" in sig.stdout and "Secretariat" in sig.stdout
    assert "ETSI.CAdES.detached" in sig.stdout  # PAdES


def test_one_byte_changed_is_altered(certified_pdf, tmp_path):
    """Exit 1, saying the file was altered and which entry it claims to copy."""
    data = bytearray(certified_pdf.read_bytes())
    at = data.index(b"/Type")  # an early byte of the document's content
    data[at + 1] = ord("t")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    with pytest.raises(CommandError) as refused:
        _verify(changed)
    assert refused.value.returncode == 1
    assert str(refused.value).startswith("Altered: this file claims to be a certified copy "
                                         "of registry entry " + NUMBER)


def test_verify_answers_in_the_language_asked(certified_pdf, tmp_path):
    """`--lang ru` and `--lang zh`: the command's own message in that language."""
    assert _verify(certified_pdf, "--lang", "ru").startswith("Подлинная заверенная копия")
    assert _verify(certified_pdf, "--lang", "zh").startswith("真实的核证副本")
    other = tmp_path / "other.txt"
    other.write_text("hello")
    with pytest.raises(CommandError) as refused:
        _verify(other, "--lang", "ru")
    assert refused.value.returncode == 1 and str(refused.value).startswith("Не заверенная копия")


def test_the_russian_statement_is_grammatical(certified_pdf, tmp_path):
    """"Секретариат Шанхайской организации сотрудничества, депозитарий"."""
    text = subprocess.run(["pdftotext", str(certified_pdf), "-"], capture_output=True,
                          text=True).stdout.replace("\n", " ")
    assert "Секретариат Шанхайской организации сотрудничества, депозитарий" in text
    assert "зарегистрированного под № SCO-CFM-2020-001 10 сентября 2020 года." in text


def test_the_public_page_says_genuine_or_altered(certified_pdf, django_assert_max_num_queries):
    """Anyone may upload a file to /verify/: genuine copy of which entry, or altered."""
    client = Client()
    page = client.get("/verify/")
    assert page.status_code == 200 and b'type="file"' in page.content
    with django_assert_max_num_queries(3), open(certified_pdf, "rb") as f:
        answer = client.post("/verify/", {"file": f})
    assert answer.status_code == 200
    assert "Genuine" in answer.content.decode() and NUMBER in answer.content.decode()
    data = bytearray(certified_pdf.read_bytes())
    data[100] ^= 1
    altered = certified_pdf.parent / "altered.pdf"
    altered.write_bytes(bytes(data))
    with open(altered, "rb") as f:
        answer = client.post("/verify/", {"file": f})
    assert answer.status_code == 200 and "Altered" in answer.content.decode()
    empty = client.post("/verify/", {})
    assert empty.status_code == 400 and "file" in empty.content.decode()
