"""Conditional GET: an ETag on an answer, and 304 when the client already holds it.

The tag is built by the caller from what the answer depends on (the audit `seq` that last
touched the data, and for pages the user and language). `Cache-Control: private, no-cache`
makes a browser revalidate every time and keeps shared caches out: an answer depends on who
asks, and the access check always runs before the tag is compared.
"""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

CACHE_CONTROL = "private, no-cache"


def make_etag(*parts) -> str:
    """A strong ETag (quoted) from the parts, which may include private values (hashed)."""
    digest = hashlib.blake2s("\x1f".join(map(str, parts)).encode(), digest_size=12)
    return f'"{digest.hexdigest()}"'


def etag_matches(request, etag: str) -> bool:
    """True if the request's If-None-Match names `etag` (weak or strong) or is `*`."""
    return etag_named(request.headers.get("If-None-Match", ""), etag)


def etag_named(header: str, etag: str) -> bool:
    """True if an If-None-Match `header` names `etag` (weak or strong) or is `*`."""
    if not header:
        return False
    tags = parse_etags(header)
    bare = etag.removeprefix("W/")
    return "*" in tags or any(t.removeprefix("W/") == bare for t in tags)


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def tagged(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
