"""The provider admin: a domain its public page can be found at, and that stays."""

import pytest
from django.urls import reverse

from providers.models import Provider
from tests.admin_forms import browser_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("domain", ["example.org/news", "example org", "example\x07.org", ".."])
def test_a_domain_that_cannot_name_the_providers_page_is_refused(admin_client, domain):
    data = {
        "name": "Example Times",
        "domain": domain,
        "other_names": "",
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


def test_a_domain_in_other_letter_case_than_a_providers_is_refused(admin_client):
    Provider.objects.create(name="LinkedIn", domain="linkedin.com")
    page = admin_client.get(reverse("admin:providers_provider_add")).content.decode()
    data = browser_form_data(page)
    data.update(name="LinkedIn again", domain="LinkedIn.com")
    response = admin_client.post(reverse("admin:providers_provider_add"), data)
    assert "LinkedIn.com is linkedin.com, the domain of LinkedIn, in other letter case" in response.content.decode()
    assert list(Provider.objects.values_list("domain", flat=True)) == ["linkedin.com"]


def test_a_providers_domain_cannot_be_changed_once_it_exists(admin_client):
    provider = Provider.objects.create(name="Example Times", domain="example.org")
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="domain"' not in page and "example.org" in page

    data = browser_form_data(page)
    data.update(domain="example.net", name="The Example Times")  # a post made by hand
    assert admin_client.post(url, data).status_code == 302
    provider.refresh_from_db()
    assert (provider.domain, provider.name) == ("example.org", "The Example Times")


def test_a_providers_other_names_are_edited_one_a_line(admin_client):
    provider = Provider.objects.create(name="Example Times", domain="example.org", other_names=["The Example Times"])
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    page = admin_client.get(url).content.decode()
    assert "The Example Times</textarea>" in page and "[&quot;" not in page

    data = browser_form_data(page)
    data["other_names"] = "The Example Times\r\nExample Times Online\r\n"
    assert admin_client.post(url, data).status_code == 302
    provider.refresh_from_db()
    assert provider.other_names == ["The Example Times", "Example Times Online"]
