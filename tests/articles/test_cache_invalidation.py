"""Cached public pages go stale the moment an editor changes what the public sees."""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from articles import caching, importing, topics, views, workflow
from articles.importing import import_paths
from articles.models import Article, Topic
from providers.models import Provider
from tests.admin_forms import browser_form_data
from tests.articles import public_site_factory
from tests.conftest import FIXTURES
from tests.review_accounts import make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher():
    return make_editor("pat", "Publishers")


def home(client):
    return client.get("/").content.decode()


def test_publishing_and_unpublishing_show_at_once_on_a_cached_home_page(
    client, publisher, django_capture_on_commit_callbacks
):
    article = make_article(title="Freshly approved story", status=Article.Status.APPROVED, quality=80)
    assert "Freshly approved story" not in home(client)  # the home page is now cached

    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article, by=publisher)
    assert "Freshly approved story" in home(client)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_unpublish(article, by=publisher)
    assert "Freshly approved story" not in home(client)


def test_after_a_publish_home_renders_only_the_new_articles_card(
    client, publisher, django_capture_on_commit_callbacks, monkeypatch
):
    for number in range(5):
        public_site_factory.make_article(f"Earlier story {number}")
    assert "Earlier story 4" in home(client)  # each card is now cached
    rendered = []
    render_card = views._card
    monkeypatch.setattr(views, "_card", lambda article: rendered.append(article.title) or render_card(article))

    article = make_article(title="Freshly approved story", status=Article.Status.APPROVED, quality=80)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article, by=publisher)
    page = home(client)

    assert "Freshly approved story" in page and all(f"Earlier story {number}" in page for number in range(5))
    assert rendered == ["Freshly approved story"]


def test_a_change_made_by_another_process_shows_at_once(client, private_shared_cache):
    """The go-live scheduler and imports from the shell run beside the web server."""
    article = public_site_factory.make_article("Story the scheduler takes down")
    assert "Story the scheduler takes down" in home(client)  # now cached in this process
    # The other process's change to the database, made here: a test database cannot be shared.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)
    assert "Story the scheduler takes down" in home(client)

    invalidate = "import django; django.setup(); from articles.caching import invalidate_public_pages as i; i()"
    environment = {**os.environ, "DEBUG": "1", "CACHE_DIR": str(private_shared_cache)}
    subprocess.run([sys.executable, "-c", invalidate], env=environment, cwd=settings.BASE_DIR, check=True)

    assert "Story the scheduler takes down" not in home(client)


def test_an_edit_and_a_topic_rename_show_at_once(client, publisher, django_capture_on_commit_callbacks):
    article = make_article(title="Old headline", status=Article.Status.PUBLISHED, quality=80)
    article.topics.add("Robotics")
    page = article.get_absolute_url()
    assert "Old headline" in home(client) and "Old headline" in client.get(page).content.decode()

    article.title = "New headline"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article_edits(article, by=publisher, expected_version=article.version)
    assert "New headline" in home(client) and "New headline" in client.get(page).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        topics.rename_topic(Topic.objects.get(name="Robotics"), name="Robots", by=publisher)
    for shown in (home(client), client.get(page).content.decode()):
        assert "Robots" in shown and "Robotics" not in shown


def save_in_the_admin(client, url, capture, **changes):
    """Post an admin change form as a browser would, with ``changes``, and commit."""
    data = {**browser_form_data(client.get(url).content.decode()), **changes}
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_topic_provider_and_related_item_edits_in_the_admin_show_at_once(
    client, admin_client, django_capture_on_commit_callbacks
):
    article = public_site_factory.make_article(
        "Rocket story", topics=["Technology", "Space"], related=[{"title": "An older launch"}]
    )
    space, technology = Topic.objects.get(name="Space"), Topic.objects.get(name="Technology")
    provider = Provider.objects.get(domain="example.org")
    pages = {"topics": "/topics/", "provider": "/providers/example.org/", "article": article.get_absolute_url()}
    before = {name: client.get(url).content.decode() for name, url in pages.items()}  # all cached now
    assert "An older launch" in before["article"] and "<ul>" not in before["topics"].split("topic-index")[1]

    change = "admin:{}_{}_change".format
    save_in_the_admin(
        admin_client, reverse(change("articles", "topic"), args=[space.pk]), django_capture_on_commit_callbacks,
        parent=str(technology.pk),
    )  # fmt: skip
    save_in_the_admin(
        admin_client, reverse(change("providers", "provider"), args=[provider.pk]), django_capture_on_commit_callbacks,
        description="Example Times covers rockets.",
    )  # fmt: skip
    related_item = article.related_items.get()
    save_in_the_admin(
        admin_client, reverse(change("articles", "relateditem"), args=[related_item.pk]),
        django_capture_on_commit_callbacks, title="A newer launch",
    )  # fmt: skip

    assert ">Space</a>" in client.get("/topics/").content.decode().split(">Technology</a>")[1]
    assert "Example Times covers rockets." in client.get(pages["provider"]).content.decode()
    assert "A newer launch" in client.get(pages["article"]).content.decode()
    article.refresh_from_db()  # the article records the change to its related item
    assert article.version == 2 and article.events.get(action="edit").note == "Changed related item “A newer launch”."
    admin_client.post(reverse("admin:articles_relateditem_delete", args=[related_item.pk]), {"post": "yes"})
    assert article.events.filter(action="edit").first().note == "Deleted related item “A newer launch”."

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_topic_delete", args=[space.pk]), {"post": "yes"})
    assert client.get("/topics/space/").status_code == 404


def test_a_related_item_saved_on_its_own_page_is_refused_after_its_article_changed(admin_client, admin_user):
    article = public_site_factory.make_article("Rocket story", related=[{"title": "An older launch"}])
    other = public_site_factory.make_article("Another story")
    item = article.related_items.get()
    url = reverse("admin:articles_relateditem_change", args=[item.pk])
    data = browser_form_data(admin_client.get(url).content.decode())  # editor A opens the item
    topics.add_topic(article, Topic.objects.create(name="Space", slug="space"), by=admin_user)  # B changes the article

    data["title"] = "A newer launch"
    page = admin_client.post(url, data).content.decode()
    assert "Someone else changed this article after you loaded the page" in page
    assert article.related_items.get().title == "An older launch"

    data = browser_form_data(admin_client.get(url).content.decode())
    data["article"] = str(other.pk)  # moved to another article: both record it
    assert admin_client.post(url, data).status_code == 302
    assert article.events.filter(note="Moved related item “An older launch” to another article.").exists()
    assert other.events.filter(note="Changed related item “An older launch”.").exists()


def test_a_provider_renamed_in_the_admin_shows_on_the_cached_cards_and_pages_of_its_articles(
    client, admin_client, django_capture_on_commit_callbacks
):
    article = public_site_factory.make_article("Rocket story")
    Article.objects.filter(pk=article.pk).update(provider_name="")  # the file names no provider: its own name shows
    provider = Provider.objects.get(domain="example.org")
    pages = ["/", "/type/article/", article.get_absolute_url()]
    assert all("Example Times" in client.get(url).content.decode() for url in pages)  # cards and page now cached

    url = reverse("admin:providers_provider_change", args=[provider.pk])
    save_in_the_admin(admin_client, url, django_capture_on_commit_callbacks, name="Example Daily")

    assert Article.objects.get(pk=article.pk).updated_at == article.updated_at  # the article's row is as it was
    for page in (client.get(url).content.decode() for url in pages):
        assert "Example Daily" in page and "Example Times" not in page


def test_a_page_requested_while_parts_are_invalidated_is_not_cached_with_the_old_parts(client):
    """The shared cache writes the two versions one after the other: a reader served between
    the two writes must not cache a page of old parts under the new site version."""
    article = public_site_factory.make_article("Rocket story")
    Article.objects.filter(pk=article.pk).update(provider_name="")  # its card shows the provider's own name
    assert "Example Times" in home(client)  # the card and the page are cached
    Provider.objects.filter(domain="example.org").update(name="Example Daily")
    shared = caches["shared"]
    write = shared.set

    def write_and_serve_a_reader(key, value, timeout=None):
        write(key, value, timeout)
        home(client)  # a reader between the writes

    shared.set = write_and_serve_a_reader
    try:
        caching.invalidate_article_parts()
    finally:
        del shared.set
    assert "Example Daily" in home(client) and "Example Times" not in home(client)


def test_an_import_renders_again_only_the_articles_its_files_change_unless_it_renames_a_provider(
    client, tmp_path, monkeypatch
):
    article = public_site_factory.make_article("Rocket story")
    Article.objects.filter(pk=article.pk).update(provider_name="")  # its card shows the provider's own name
    assert "Example Times" in home(client)  # its card is now cached
    rendered = []
    render_card = views._card
    monkeypatch.setattr(views, "_card", lambda article: rendered.append(article.title) or render_card(article))
    site = FIXTURES / "site"
    (tmp_path / "_news").mkdir()
    shutil.copy(site / "_news" / "2021-03-01-no-final-newline.md", tmp_path / "_news")

    import_paths([tmp_path])
    assert "No final newline" in home(client) and rendered == ["No final newline"]

    organizations = tmp_path / "_data" / "organizations"
    organizations.mkdir(parents=True)
    organization = (site / "_data" / "organizations" / "example.org.md").read_text()
    (organizations / "example.org.md").write_text(organization.replace("name: Example Times", "name: Example Daily"))
    import_paths([tmp_path])
    page = home(client)
    assert "Example Daily" in page and "Rocket story" in page


def test_the_batches_an_import_committed_before_it_stopped_show_at_once(client, tmp_path, monkeypatch):
    public_site_factory.make_article("Rocket story")
    assert "Rocket story" in home(client)  # home is now cached
    (tmp_path / "_news").mkdir()
    for name in ("2021-03-01-no-final-newline.md", "2021-03-02-published-with-crlf-line-endings.md"):
        shutil.copy(FIXTURES / "site" / "_news" / name, tmp_path / "_news")
    monkeypatch.setattr(importing, "BATCH_SIZE", 1)
    import_file = importing._Importer.import_file

    def stopping_at_the_second_file(importer, source):  # the process is stopped, say
        if "crlf" in source.source_path:
            raise KeyboardInterrupt
        return import_file(importer, source)

    monkeypatch.setattr(importing._Importer, "import_file", stopping_at_the_second_file)
    with pytest.raises(KeyboardInterrupt):
        import_paths([tmp_path])

    assert Article.objects.filter(title="No final newline").exists()
    assert "No final newline" in home(client)


def test_an_article_unpublished_after_the_listing_query_is_left_out_of_its_parts(rf):
    shown = public_site_factory.make_article("Still published")
    hidden = public_site_factory.make_article("Unpublished meanwhile")
    rows = list(Article.objects.filter(pk__in=[shown.pk, hidden.pk]).values_list("pk", "updated_at"))
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.UNPUBLISHED)  # after the listing read it

    parts = caching.article_parts(rf.get("/"), "card", rows, Article.objects.for_cards(), views._card)

    assert len(parts) == 1 and "Still published" in parts[0]
