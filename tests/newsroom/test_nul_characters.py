"""A NUL in an address is a bad request everywhere, never a server error (PostgreSQL cannot compare one)."""

import pytest
from django.urls import reverse

from tests.articles.public_site_factory import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/news/a%00b/",
        "/topics/a%00b/",
        "/providers/a%00b/",
        "/api/news/a%00b/index.json",
        "/search/?q=robots%00read",
        "/?page=1%00",
    ],
)
def test_a_public_address_with_a_nul_is_a_bad_request(client, address):
    make_article("Robots read the news")
    response = client.get(address)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "title=%00", "status%00=published"])
def test_an_admin_list_with_a_nul_in_its_filters_is_a_bad_request(admin_client, query):
    make_article("Robots read the news")
    changelist = reverse("admin:articles_article_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(f"{changelist}?{query}").status_code == 400
