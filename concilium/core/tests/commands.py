"""Running `concilium` commands in tests as an operator would: what they print, and the
refusal (exit 2) of bad input."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args) -> str:
    """What the command prints."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(*args) -> CommandError:
    """The command's refusal: exit status 2, and the error that names what was wrong."""
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    assert error.value.returncode == 2
    return error.value
