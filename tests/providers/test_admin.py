"""The provider admin refuses a domain its public page could not be found at."""

import pytest
from django.urls import reverse

from providers.models import Provider

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("domain", ["example.org/news", "example org", "example\x07.org", ".."])
def test_a_domain_that_cannot_name_the_providers_page_is_refused(admin_client, domain):
    data = {
        "name": "Example Times",
        "domain": domain,
        "other_names": "[]",
        "logos-TOTAL_FORMS": "0",
        "logos-INITIAL_FORMS": "0",
        "merges-TOTAL_FORMS": "0",
        "merges-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:providers_provider_add"), data)
    assert "is not a domain name like example.com" in response.content.decode()
    assert not Provider.objects.exists()

    data["domain"] = "example.org"
    assert admin_client.post(reverse("admin:providers_provider_add"), data).status_code == 302
    assert Provider.objects.get().domain == "example.org"
