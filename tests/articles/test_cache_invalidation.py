"""Cached public pages go stale the moment an editor changes what the public sees."""

import pytest

from articles import topics, workflow
from articles.models import Article, Topic
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


def test_an_edit_and_a_topic_rename_show_at_once(client, publisher, django_capture_on_commit_callbacks):
    article = make_article(title="Old headline", status=Article.Status.PUBLISHED, quality=80)
    article.topics.add("Robotics")
    assert "Old headline" in home(client)

    article.title = "New headline"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article_edits(article, by=publisher, expected_version=article.version)
    assert "New headline" in home(client)

    with django_capture_on_commit_callbacks(execute=True):
        topics.rename_topic(Topic.objects.get(name="Robotics"), name="Robots", by=publisher)
    assert "Robots" in home(client) and "Robotics" not in home(client)
