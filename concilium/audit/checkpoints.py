"""Signed checkpoints of the audit chain's head, kept outside the database.

A hash chain only proves that what is left is consistent: cut off its newest records, or
all of them, and the rest still links. So the head (sequence number and hash) is signed
with the instance's key after every committed write and appended to a checkpoints file
under the data directory; `audit_verify` holds the chain to the latest valid checkpoint,
and `concilium audit checkpoint` prints the signed head for the secretariat to file
elsewhere (a copy outside this machine is what makes deleting the file useless too).
`signed_head()` gives the same for the metadata of certified copies and publications.

The signature is HMAC-SHA256 under a 32-byte key: CONCILIUM_AUDIT_KEY (hex) in the
environment in production, or the key file `concilium init` creates (mode 0600,
settings.CONCILIUM_AUDIT_KEY_FILE). `key_id` names the key without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from concilium.audit.models import AuditRecord

log = logging.getLogger(__name__)
ALGORITHM = "hmac-sha256"
GENESIS = "0" * 64


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    key_id: str
    signature: str
    algorithm: str = ALGORITHM

    def as_dict(self) -> dict:
        return asdict(self)


def _key_file() -> Path:
    return Path(settings.CONCILIUM_AUDIT_KEY_FILE)


def _checkpoints_file() -> Path:
    return Path(settings.CONCILIUM_AUDIT_CHECKPOINTS)


_KEYS: dict[Path, bytes] = {}  # read once per process: every commit signs with it


def instance_key(*, create: bool = False) -> bytes | None:
    """The signing key: from the environment, else the key file (created if asked)."""
    configured = getattr(settings, "CONCILIUM_AUDIT_KEY", "")
    if configured:
        return bytes.fromhex(configured)
    path = _key_file()
    if path in _KEYS:
        return _KEYS[path]
    if path.is_file():
        _KEYS[path] = bytes.fromhex(path.read_text().strip())
        return _KEYS[path]
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex() + "\n")
    _KEYS[path] = key
    return key


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"concilium-audit-key:" + key).hexdigest()[:16]


def _message(seq: int, head: str, at: str) -> bytes:
    return f"concilium-audit-checkpoint:v1:{seq}:{head}:{at}".encode()


def sign(seq: int, head: str, *, key: bytes) -> Checkpoint:
    at = timezone.now().isoformat(timespec="seconds")
    signature = hmac.new(key, _message(seq, head, at), hashlib.sha256).hexdigest()
    return Checkpoint(seq, head, at, key_id(key), signature)


def signature_holds(cp: Checkpoint, key: bytes) -> bool:
    expected = hmac.new(key, _message(cp.seq, cp.hash, cp.at), hashlib.sha256).hexdigest()
    return cp.key_id == key_id(key) and hmac.compare_digest(expected, cp.signature)


def _append(cp: Checkpoint) -> None:
    path = _checkpoints_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One short line per write, opened in append mode: processes appending at once do not
    # interleave within a line; order does not matter (the highest seq is the latest).
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(cp.as_dict(), separators=(",", ":")) + "\n")


def _head() -> tuple[int, str]:
    last = AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last else (0, GENESIS)


def signed_head() -> Checkpoint:
    """Sign the chain's current head, file it in the checkpoints file, and return it."""
    seq, head = _head()
    cp = sign(seq, head, key=instance_key(create=True))
    _append(cp)
    return cp


def _after_commit(seq: int, head: str) -> None:
    if getattr(connection, "_concilium_audit_head", None) != seq:
        return  # a later append of the same transaction signs the head
    try:
        _append(sign(seq, head, key=instance_key(create=True)))
    except OSError as error:  # the write is committed; a full disk must not undo the answer
        log.error("audit checkpoint #%s not written: %s", seq, error)


def checkpoint_on_commit(seq: int, head: str) -> None:
    """Sign `seq` once this transaction commits, unless it appends a later record."""
    connection._concilium_audit_head = seq
    transaction.on_commit(partial(_after_commit, seq, head), robust=True)


@dataclass(frozen=True)
class CheckpointRead:
    latest: Checkpoint | None
    forged_seq: int | None  # the first line whose signature does not hold
    lines: int


def latest_checkpoint() -> CheckpointRead:
    """The valid checkpoint with the highest seq, and the first forged line, if any."""
    path = _checkpoints_file()
    if not path.is_file():
        return CheckpointRead(None, None, 0)
    key = instance_key()
    latest, forged, lines = None, None, 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            lines += 1
            try:
                cp = Checkpoint(**json.loads(line))
            except (ValueError, TypeError):
                forged = -1 if forged is None else forged
                continue
            if key is None or not signature_holds(cp, key):
                forged = cp.seq if forged is None else forged
                continue
            if latest is None or cp.seq > latest.seq:
                latest = cp
    return CheckpointRead(latest, forged, lines)
