"""Providers are one per domain; merging two moves the articles and is recorded."""

import shutil

import pytest
from django.urls import reverse

from articles import provider_merges
from articles.exporting import export_articles
from articles.importing import import_paths
from articles.models import Article
from articles.provider_merges import MergeRefused, merge_providers
from providers.models import Provider, ProviderMerge
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

CRLF = "_news/2021-03-02-published-with-crlf-line-endings.md"  # by Example Blog, blog.example.net
ROBOTS = "_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md"  # by Example Times, example.org


@pytest.fixture
def site(tmp_path):
    site = shutil.copytree(FIXTURES / "site", tmp_path / "site")
    import_paths([site])
    return site


def exported(tmp_path, source_path):
    export_articles(destination=tmp_path / "out")
    return (tmp_path / "out" / source_path).read_bytes().decode("utf-8")


def test_articles_spelling_a_provider_differently_share_it_and_the_spellings_become_other_names(site):
    provider = Provider.objects.get(domain="example.com")

    assert Provider.objects.filter(domain="example.com").count() == 1
    assert [provider.name, *provider.other_names] == ["Example Learn", "Example Community"]
    assert sorted(provider.articles.values_list("provider_name", flat=True)) == ["Example Community", "Example Learn"]


def test_a_domain_in_other_letter_case_names_the_same_provider_and_the_file_keeps_its_spelling(site, tmp_path):
    shouted = site / "_news/2021-03-05-shouted.md"
    shouted.write_text((site / ROBOTS).read_text().replace("  domain: example.org\n", "  domain: Example.ORG\n"))

    report = import_paths([site])

    assert report.counts["created"] == 1 and not report.failures
    times = Provider.objects.get(domain="example.org")
    assert not Provider.objects.exclude(pk=times.pk).filter(domain__iexact="example.org").exists()
    assert Article.objects.get(source_path="_news/2021-03-05-shouted.md").provider == times
    assert exported(tmp_path, "_news/2021-03-05-shouted.md") == shouted.read_text()


def test_an_organization_file_describes_the_provider_articles_named_in_other_letter_case(tmp_path, client):
    files = {
        "_news/2024-01-01-linked.md": "---\ntitle: Linked\npublishedDateTime: 2024-01-01T00:00:00Z\npublished: true\n"
        "provider:\n  name: LinkedIn\n  domain: LinkedIn.com\n---\n",
        "_data/organizations/linkedin.com.md": "---\ntaxonomy: organization\n_id: linkedin.com\nname: LinkedIn\n"
        "domain: linkedin.com\n---\n",
    }
    site = tmp_path / "site"
    for source_path, text in files.items():  # the organization file comes later
        (site / source_path).parent.mkdir(parents=True)
        (site / source_path).write_text(text)
        assert not import_paths([site]).failures

    provider = Provider.objects.get()
    assert provider.domain == "linkedin.com" and provider.source_path == "_data/organizations/linkedin.com.md"
    for source_path, text in files.items():
        assert exported(tmp_path, source_path) == text
    assert client.get("/providers/LinkedIn.com/").url == "/providers/linkedin.com/"  # its address before the file


def test_an_organization_file_may_write_its_domain_in_other_letter_case(site, tmp_path):
    organization = site / "_data/organizations/example.org.md"
    organization.write_text(organization.read_text().replace("domain: example.org", "domain: Example.org"))

    report = import_paths([site])

    assert not report.failures
    assert Provider.objects.get(domain__iexact="example.org").domain == "Example.org"
    assert exported(tmp_path, "_data/organizations/example.org.md") == organization.read_text()
    assert exported(tmp_path, ROBOTS) == (site / ROBOTS).read_text()  # its article keeps its own spelling


def test_importing_articles_does_not_rewrite_the_other_names_of_a_provider_with_an_organization_file(site, tmp_path):
    Article.objects.filter(provider__domain="example.org").update(provider_name="The Times of Example")
    import_paths([site])  # unchanged files; the spelling in the database is not a file's
    article = Article.objects.filter(provider__domain="example.org").first()
    (site / article.source_path).write_text(
        (site / article.source_path).read_text().replace("name: Example Times", "name: Times of Example")
    )

    import_paths([site])

    assert Provider.objects.get(domain="example.org").other_names == ["The Example Times"]
    original = (FIXTURES / "site/_data/organizations/example.org.md").read_bytes()
    export_articles(destination=tmp_path / "out")
    assert (tmp_path / "out/_data/organizations/example.org.md").read_bytes() == original


def test_a_merge_moves_the_articles_keeps_their_spelling_and_changes_their_exported_domain(site, tmp_path, admin_user):
    before = exported(tmp_path, CRLF)
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")

    record = merge_providers(blog, into=times, by=admin_user)

    article = Article.objects.get(source_path=CRLF)
    assert article.provider == times and article.provider_name == "Example Blog"
    import_paths([site])  # the unchanged files do not undo the merge
    assert Article.objects.get(source_path=CRLF).provider == times
    after = exported(tmp_path, CRLF)
    assert after == before.replace("domain: blog.example.net", "domain: example.org")
    assert not Provider.objects.filter(domain="blog.example.net").exists()
    assert (record.merged_name, record.merged_domain, record.articles_moved, record.merged_by) == (
        "Example Blog",
        "blog.example.net",
        1,
        admin_user,
    )
    assert article.events.filter(action="provider merged", actor=admin_user).count() == 1


def test_the_merged_providers_name_becomes_an_other_name_in_the_survivors_organization_file(site, tmp_path, admin_user):
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")

    merge_providers(blog, into=times, by=admin_user)

    text = exported(tmp_path, "_data/organizations/example.org.md")
    assert "otherNames: \n  - The Example Times\n  - Example Blog\n" in text


def test_a_survivor_without_a_file_takes_one_so_what_it_took_from_the_merged_provider_is_exported(
    site, tmp_path, admin_user
):
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")

    merge_providers(times, into=blog, by=admin_user)  # the Times had an organization file; the blog had none

    export_articles(destination=site, delete_stale=True)
    text = (site / "_data/organizations/blog.example.net.md").read_text()
    assert "domain: blog.example.net\n" in text and "description: Example Times covers the examples" in text
    assert "  - Example Times\n" in text and "example.org-400x400.jpg" in text
    assert not (site / "_data/organizations/example.org.md").exists()
    report = import_paths([site])
    assert report.counts["unchanged"] == len(report.outcomes) and not report.failures


def test_a_survivors_new_file_takes_a_number_when_another_provider_holds_its_name(site, admin_user):
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")
    Provider.objects.create(domain="other.example", name="Other", source_path="_data/organizations/blog.example.net.md")

    merge_providers(times, into=blog, by=admin_user)

    blog.refresh_from_db()
    assert blog.source_path == "_data/organizations/blog.example.net-2.md"


def test_reimporting_an_old_file_after_a_merge_does_not_bring_the_merged_provider_back(site, admin_user):
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")
    merge_providers(blog, into=times, by=admin_user)
    crlf = site / CRLF  # still names blog.example.net
    crlf.write_bytes(crlf.read_bytes().replace(b"quality: 63", b"quality: 64"))  # changed, so imported again

    report = import_paths([site])

    assert {outcome.path.split("/site/")[-1]: outcome.outcome for outcome in report.outcomes}[CRLF] == "updated"
    assert not Provider.objects.filter(domain="blog.example.net").exists()
    assert Article.objects.get(source_path=CRLF).provider == times


def test_a_merged_domain_in_other_letter_case_leads_to_the_survivor(site, admin_user):
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")

    merge_providers(blog, into=times, by=admin_user)

    assert Provider.objects.for_domain("Blog.Example.NET") == times


def test_reimporting_the_organization_file_of_a_merged_provider_fails_and_says_where_it_went(site, admin_user):
    times, blog = Provider.objects.get(domain="example.org"), Provider.objects.get(domain="blog.example.net")
    merge_providers(times, into=blog, by=admin_user)

    report = import_paths([site])

    [failure] = report.failures
    assert failure.path.endswith("_data/organizations/example.org.md")
    assert "example.org was merged into blog.example.net" in failure.message
    assert not Provider.objects.filter(domain="example.org").exists()


def test_a_provider_cannot_be_merged_into_itself(site, admin_user):
    times = Provider.objects.get(domain="example.org")

    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        merge_providers(times, into=times, by=admin_user)


def test_staff_merge_providers_from_the_admin_list(site, admin_client):
    blog, times = Provider.objects.get(domain="blog.example.net"), Provider.objects.get(domain="example.org")
    changelist = reverse("admin:providers_provider_changelist")

    confirm = admin_client.post(changelist, {"action": "merge_providers", "_selected_action": [blog.pk]})
    assert b"Merge into" in confirm.content
    response = admin_client.post(
        changelist, {"action": "merge_providers", "_selected_action": [blog.pk], "apply": "Merge", "into": times.pk}
    )

    assert response.status_code == 302
    assert ProviderMerge.objects.get().provider == times
    assert times.articles.count() == 4

    alone = {"action": "merge_providers", "_selected_action": [times.pk], "apply": "Merge", "into": times.pk}
    refused = admin_client.post(changelist, alone).content.decode()
    assert "cannot be merged into itself: choose another to keep." in refused
    assert ProviderMerge.objects.count() == 1


def test_a_merge_refused_midway_in_the_admin_merges_none_and_says_why(site, admin_client, monkeypatch):
    times = Provider.objects.get(domain="example.org")
    others = list(Provider.objects.exclude(pk=times.pk).order_by("pk"))
    assert len(others) >= 2
    merged = []

    def merge_then_lose_a_race(provider, *, into, by):
        if merged:  # as when a colleague deleted a provider between the two pages
            raise MergeRefused("One of the providers no longer exists.")
        merged.append(provider)
        return merge_providers(provider, into=into, by=by)

    monkeypatch.setattr(provider_merges, "merge_providers", merge_then_lose_a_race)
    response = admin_client.post(
        reverse("admin:providers_provider_changelist"),
        {"action": "merge_providers", "_selected_action": [p.pk for p in others], "apply": "Merge", "into": times.pk},
        follow=True,
    )

    assert "Nothing was merged: One of the providers no longer exists." in response.content.decode()
    assert merged and Provider.objects.filter(pk=merged[0].pk).exists() and not ProviderMerge.objects.exists()


def test_the_provider_admin_lists_article_counts_linking_to_the_articles(site, admin_client):
    times = Provider.objects.get(domain="example.org")

    response = admin_client.get(reverse("admin:providers_provider_changelist"))

    link = reverse("admin:articles_article_changelist") + f"?provider__id__exact={times.pk}"
    assert f'<a href="{link}">3 articles</a>'.encode() in response.content
