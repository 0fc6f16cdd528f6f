"""Every response tells the browser to run only the site's own scripts and frame only known video players."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response, header="Content-Security-Policy"):
    return dict(directive.split(" ", 1) for directive in response.headers[header].split("; "))


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/no-such-page/"])
def test_pages_enforce_the_policy(path):
    response = Client().get(path)
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "https://www.youtube.com" in policy["frame-src"].split()
    assert policy["frame-ancestors"] == "'none'"
    assert "Content-Security-Policy-Report-Only" not in response.headers


def test_with_debug_the_policy_is_only_reported_so_debug_pages_keep_their_styles(settings):
    settings.DEBUG = True
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response, "Content-Security-Policy-Report-Only")["default-src"] == "'self'"
    assert "Content-Security-Policy" not in response.headers
