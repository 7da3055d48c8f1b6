"""The Secretariat's digital signature on certified true copies (PAdES, with pyHanko).

The key and certificate are PEM files (`CONCILIUM_SIGNING_KEY_FILE`,
`CONCILIUM_SIGNING_CERT_FILE`): in production, the organization's own, issued by its
certification authority; otherwise `concilium init` creates a self-signed pair under the data
directory. A signed copy names the Secretariat as signer; `pdfsig` and any PDF reader show it.
Whether a file is a genuine copy is answered by the registry of certified copies (its
SHA-256), not by trusting the certificate alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

#: Years a self-signed certificate created by `concilium init` is valid.
SELF_SIGNED_YEARS = 10


def _paths() -> tuple[Path, Path]:
    return Path(settings.CONCILIUM_SIGNING_KEY_FILE), Path(settings.CONCILIUM_SIGNING_CERT_FILE)


def signing_key_create(*, organization: str = "Secretariat") -> bool:
    """Create a self-signed key pair where none is configured; False when one exists."""
    key_path, cert_path = _paths()
    if key_path.is_file() and cert_path.is_file():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{organization} Secretariat"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * SELF_SIGNED_YEARS))
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return True


def _signer():
    from pyhanko.sign import signers  # lazy, as in sign_pdf


    key_path, cert_path = _paths()
    if not (key_path.is_file() and cert_path.is_file()):
        signing_key_create()
    return signers.SimpleSigner.load(str(key_path), str(cert_path))


def sign_pdf(data: bytes, *, reason: str, location: str = "") -> bytes:
    """The PDF with the Secretariat's PAdES signature appended (an incremental update)."""
    # Lazy: importing pyHanko takes ~1.8 s and ~50 MB (measured, 2 cores under load), which
    # every process loading the exporters would pay for the few certified copies.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name="SecretariatCertification", reason=reason, location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    out = signers.sign_pdf(writer, meta, signer=_signer())
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
