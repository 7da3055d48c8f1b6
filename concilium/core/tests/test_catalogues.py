"""Every string a user reads is translated: the catalogues made afresh from the code and
templates (as `make messages` makes them) have a Russian and a Chinese translation for each,
none of them fuzzy, and the compiled catalogues shipped say the same."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "zh_Hans")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the package with its catalogues made afresh from what the code says."""
    root = tmp_path_factory.mktemp("catalogues")
    shutil.copytree(PACKAGE, root / "concilium",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "concilium.settings",
           "PYTHONPATH": str(root)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "django", "makemessages", "--no-obsolete",
                    *[arg for lang in LANGUAGES for arg in ("-l", lang)]],
                   cwd=root / "concilium", env=env, check=True, capture_output=True)
    return root / "concilium" / "locale"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_code_is_translated(extracted, lang):
    with open(extracted / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        catalogue = read_po(f)
    untranslated = [m.id for m in catalogue if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert len(catalogue) > 1000
    assert untranslated == [], f"{lang}: translate these in concilium/locale/{lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_shipped_is_up_to_date(extracted, lang):
    """What the site shows comes from the .mo: each translation in the catalogue is in it."""
    with open(extracted / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        catalogue = read_po(f)
    with open(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = [m.id for m in catalogue if m.id and isinstance(m.id, str) and not m.context
             and compiled.gettext(m.id) != m.string]
    assert stale == [], f"{lang}: run `make messages` to compile the catalogue"
