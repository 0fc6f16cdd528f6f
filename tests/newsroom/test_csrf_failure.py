"""A form refused by the CSRF check shows the site's own page, which its Content Security Policy lets render."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_form_sent_without_its_csrf_cookie_shows_the_sites_page_with_no_inline_style():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "chief", "password": "secret"})
    page = response.content.decode()
    assert response.status_code == 403
    assert 'href="/static/css/site.css"' in page and "<style" not in page  # the policy refuses inline styles
    assert "<h1>Your form was not sent</h1>" in page and "cookies" in page
    assert "CSRF cookie not set" not in page  # Django's reason is for the log, not the visitor
