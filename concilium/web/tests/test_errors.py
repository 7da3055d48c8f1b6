"""Refusals and failures: a page in the user's language that says where to go next, and
nothing about how the site is built; the API's documentation works with no internet."""

import os
import re
import subprocess
import sys

import pytest
from django.test import Client, RequestFactory

from concilium.web import errors
from concilium.web.testing import ROOT


def _debug_with(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CONCILIUM_DEBUG"}
    if env_value is not None:
        env["CONCILIUM_DEBUG"] = env_value
    code = "import concilium.settings as s; print(s.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_debug_is_off_unless_a_developer_asks():
    """The demo and the tests run without DEBUG; CONCILIUM_DEBUG=1 turns it on."""
    assert _debug_with(None) == "False"
    assert _debug_with("1") == "True"


@pytest.mark.django_db
class TestErrorPages:
    def test_not_found_says_where_to_go_and_lists_no_urls(self, client, sco):
        response = client.get("/no/such/page/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "This page is not here" in html and "Where to go next" in html
        assert 'href="/search/"' in html and 'href="/login/?next=' in html
        assert "URLconf" not in html and "Traceback" not in html and "api/" not in html

    def test_not_found_in_russian(self, sco):
        client = Client(HTTP_ACCEPT_LANGUAGE="ru")
        html = client.get("/room/NO/SUCH/DOC").content.decode()
        assert "Этой страницы здесь нет" in html and "Куда пойти дальше" in html

    def test_a_members_only_draft_is_not_found_for_an_observer(self, as_observer, negotiation):
        """Forbidden and missing look the same; a signed-in user is not asked to sign in."""
        html = as_observer.get("/room/SCO/CFM/2020/DEMO").content.decode()
        assert "This page is not here" in html and 'href="/login/' not in html

    def test_forbidden_page(self, rf_request):
        response = errors.permission_denied(rf_request)
        assert response.status_code == 403
        assert "You may not do this" in response.content.decode()

    def test_server_error_shows_no_traceback(self, rf_request):
        response = errors.server_error(rf_request)
        html = response.content.decode()
        assert response.status_code == 500
        assert "Something went wrong on our side" in html and "Traceback" not in html

    def test_server_error_of_a_failing_view_through_the_stack(self, sco, monkeypatch):
        """A view that fails answers 500 with the friendly page, not Django's debug page."""
        from concilium.web import views

        def broken(*args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr(views.pages, "meetings_list", broken)
        client = Client(raise_request_exception=False)
        response = client.get("/meetings/")
        assert response.status_code == 500
        html = response.content.decode()
        assert "Something went wrong on our side" in html and "boom" not in html


@pytest.fixture
def rf_request(sco):
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser
    request.user = AnonymousUser()
    return request


@pytest.mark.django_db
def test_api_docs_work_offline(client):
    """/api/docs loads Swagger from this site, not from a CDN, and the assets are served."""
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    hosts = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert hosts == []
    scripts = re.findall(r'src="([^"]+swagger-ui-bundle\.js)"', html)
    assert scripts and scripts[0].startswith("/static/")
    asset = client.get(scripts[0])
    assert asset.status_code == 200
