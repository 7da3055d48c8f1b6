"""Production refuses to start wrong, and starts right with the README's settings.

Each case runs `concilium` in a fresh process, as an operator would: settings are read once
per process, so only a new process shows what production does with its environment.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
STRONG_KEY = "k" * 10 + "Zx9-_Qw3Er5Ty7Ui1Op0As2Df4Gh6Jk8Lz" + "mNbVcXq1w2e3r4t5"


def documented_production_environment() -> dict[str, str]:
    """The variables of the README's "Running in production" block, with real values."""
    section = README.read_text().split("## Running in production", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    names = dict(re.findall(r"^(\w+)=(\S+)", block, flags=re.M))
    names["SECRET_KEY"] = STRONG_KEY
    return names


def concilium(tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CONCILIUM_ENV")
             and not k.startswith(("CONCILIUM_HSTS", "CONCILIUM_ALLOW"))}
    clean.update(PYTHONPATH=str(ROOT), CONCILIUM_VAR_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "concilium", *args], env=clean,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_a_missing_variable_is_one_line_naming_it_and_exit_2(tmp_path, missing):
    env = documented_production_environment()
    del env[missing]
    run = concilium(tmp_path, "check", **env)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and missing in lines[0]
    assert "Traceback" not in run.stderr


def test_sqlite_in_production_is_refused_unless_allowed(tmp_path):
    env = documented_production_environment()
    del env["DATABASE_URL"]
    run = concilium(tmp_path, "check", **env)
    assert run.returncode != 0 and "concilium.E001" in run.stderr
    allowed = concilium(tmp_path, "check", CONCILIUM_ALLOW_SQLITE="1", **env)
    assert allowed.returncode == 0, allowed.stderr


def test_the_documented_settings_pass_check_deploy_without_a_warning(tmp_path):
    run = concilium(tmp_path, "check", "--deploy", **documented_production_environment())
    assert run.returncode == 0, run.stderr
    assert "System check identified no issues" in run.stdout
    assert "WARNING" not in run.stderr + run.stdout
