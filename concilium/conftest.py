"""The cast of the reference scenario, as fixtures every app's tests share.

The Secretariat officer keeps the registry; the Russian chair presides in 2020; the Indian
delegate speaks for India only; the Mongolian observer reads what is released. `csto` is a
second organization, with one language.
"""

import os

import pytest
from django.conf import settings
from django.utils import translation

from concilium.accounts.services import actor_for, user_create
from concilium.organization.services import organization_init_from_file
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import csto_2023
from concilium.web.testing import drop_created_databases

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_sessionfinish(session, exitstatus):
    """The PostgreSQL databases the servers of the tests used are dropped at the end."""
    drop_created_databases()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need PostgreSQL: on SQLite they are deselected (not skipped),
    and they run in the PostgreSQL leg of CI."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test fails the run: a missing browser or converter must not pass quietly."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests create many accounts; a cheap hasher keeps them fast (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sign_in_lockout_only_where_tested(request, settings):
    """The sign-in lockout (django-axes) counts failures in the database and needs a request
    for every sign-in, which `Client.login` does not give: it is off except in tests marked
    `axes`, which exercise it on purpose."""
    settings.AXES_ENABLED = request.node.get_closest_marker("axes") is not None


@pytest.fixture(autouse=True)
def _audit_checkpoints_in_a_temporary_folder(settings, tmp_path):
    """Each test signs its audit checkpoints with its own key, into its own file."""
    settings.CONCILIUM_AUDIT_KEY = ""
    settings.CONCILIUM_AUDIT_KEY_FILE = tmp_path / "audit.key"
    settings.CONCILIUM_AUDIT_CHECKPOINTS = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Russian or Chinese leaves its language active in the thread; the next
    test starts in the default language again, whatever ran before it."""
    yield
    translation.deactivate()


@pytest.fixture
def sco(db):
    """The SCO's charter and registry, loaded as `concilium init --charter sco` does."""
    charter, _ = organization_init_from_file(path="sco", acting_user=SYSTEM)
    return charter


def _person(username, role, **binding):
    user = user_create(username=username, password="demo-pass-2020", role=role,
                       acting_user=SYSTEM, **binding)
    return actor_for(user)


@pytest.fixture
def secretariat_officer(sco):
    return _person("officer", "secretariat")


@pytest.fixture
def russian_chair(sco):
    return _person("lavrov", "chair", state="RUS")


@pytest.fixture
def indian_delegate(sco):
    return _person("india", "delegate", state="IND")


@pytest.fixture
def pakistani_delegate(sco):
    return _person("pakistan", "delegate", state="PAK")


@pytest.fixture
def mongolian_observer(sco):
    return _person("mongolia", "observer", state="MNG")


@pytest.fixture
def csto(db):
    """A second organization: the CSTO's charter (Russian only) and its ministers' meeting
    of 1 June 2023, recorded through the services."""
    charter, _ = organization_init_from_file(path="csto", acting_user=SYSTEM)
    csto_2023.load(acting_user=SYSTEM)
    return charter


@pytest.fixture
def csto_officer(csto):
    """The CSTO Secretariat's officer."""
    return _person("officer", "secretariat")
