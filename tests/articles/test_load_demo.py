"""`make run`'s demo content and accounts."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.exporting import export_articles
from articles.importing import import_paths
from articles.models import Article, Topic
from tests.conftest import DEMO, front_matter_files

pytestmark = pytest.mark.django_db


def test_the_demo_refuses_to_create_known_passwords_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_the_demo_imports_articles_and_makes_one_account_per_role(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", "--url", "http://127.0.0.1:8123", stdout=out)
    assert Article.objects.filter(source_path__startswith="_news/").exists()
    roles = {user.username: [group.name for group in user.groups.all()] for user in User.objects.all()}
    assert roles == {"admin": [], "reviewer": ["Reviewers"], "publisher": ["Publishers"]}
    assert User.objects.get(username="reviewer").check_password("newsroom-demo")
    assert "http://127.0.0.1:8123/admin/" in out.getvalue()


def test_the_demo_gives_readers_a_site_and_editors_a_queue(client):
    report = import_paths([DEMO])
    assert report.counts["failed"] == 0, report.failures
    published = Article.objects.published()
    assert published.count() >= 10
    assert published.filter(type="video").exclude(featured_content="").exists()
    assert Article.objects.filter(status=Article.Status.IN_REVIEW).exists()
    assert Topic.objects.filter(parent__isnull=False).exists()
    home = client.get("/").content.decode()
    assert published.order_by("-published_at").first().get_absolute_url() in home


def test_the_demo_content_exports_byte_for_byte(tmp_path):
    import_paths([DEMO])
    export_articles(destination=tmp_path)
    for path in front_matter_files(DEMO):
        assert (tmp_path / path.relative_to(DEMO)).read_bytes() == path.read_bytes(), path


def test_a_parent_topic_page_lists_its_subtopics_stories_as_the_original_sites_files_do(client):
    """Smartable files name a subtopic's parent too (`Power Apps`, `AI Builder`); so does the demo."""
    import_paths([DEMO])
    for parent in Topic.objects.filter(children__isnull=False).distinct():
        page = client.get(parent.get_absolute_url()).content.decode()
        under_children = Article.objects.published().filter(topic_links__tag__parent=parent).distinct()
        assert under_children.exists(), parent
        for article in under_children:
            assert article.get_absolute_url() in page, (parent.name, article.source_path)
