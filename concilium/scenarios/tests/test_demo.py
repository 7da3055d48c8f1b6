"""The demo a new user meets: `concilium demo` sets everything up and prints how to sign in."""

from io import StringIO

from django.core.management import call_command

from concilium.scenarios.management.commands.demo import ACCOUNTS, DEMO_PASSWORD


def test_the_demo_prints_its_accounts_and_the_officer_can_use_the_admin(db, client):
    """After set-up the Secretariat officer signs in to the admin with the printed password."""
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8000/" in printed
    for username, *_ in ACCOUNTS[:4]:
        assert username in printed
    assert DEMO_PASSWORD in printed
    assert client.login(username="officer", password=DEMO_PASSWORD)
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "/admin/organization/state/" in admin.content.decode()


def test_running_the_demo_twice_is_harmless(db):
    """A second `make demo` finds everything in place and says so."""
    call_command("demo", "--no-serve", stdout=StringIO())
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "already up to date" in out.getvalue()


def test_the_demo_leaves_an_audit_log_that_verifies_with_every_history_row_tied(db):
    """Every position, proposal, decision and version the 2020 meetings record is in the
    audit chain with its content hash: `concilium audit verify` says OK."""
    call_command("demo", "--no-serve", stdout=StringIO())
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("OK:")
