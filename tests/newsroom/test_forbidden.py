"""A page a signed-in account may not see answers with the site's own page."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_a_staff_account_without_permission_sees_the_sites_forbidden_page(client):
    client.force_login(User.objects.create_user("newcomer", is_staff=True))
    response = client.get("/admin/articles/article/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'href="/static/css/site.css"' in page and 'href="/static/favicon.svg"' in page
    assert "<h1>Not allowed</h1>" in page
