"""Staff upload a provider logo, merge providers and topics, and accept a suggested topic in a real browser."""

import shutil

import pytest

from articles.importing import import_paths
from articles.models import Article, Topic
from providers.models import Provider
from tests.browser.admin_login import log_in
from tests.conftest import FIXTURES
from tests.providers.pictures import not_a_picture, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROBOTS = "_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md"


@pytest.fixture
def staff_page(page, live_server, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    import_paths([shutil.copytree(FIXTURES / "site", tmp_path / "site")])
    log_in(page, live_server, "admin", "password")
    return page


def test_staff_upload_a_logo_and_see_a_clear_refusal_for_a_non_image(staff_page, live_server, tmp_path):
    page = staff_page
    provider = Provider.objects.get(domain="example.org")
    page.goto(f"{live_server.url}/admin/providers/provider/{provider.pk}/change/")
    bad, good = tmp_path / "fake.png", tmp_path / "logo.png"
    bad.write_bytes(not_a_picture().read())
    good.write_bytes(picture("logo.png", size=(600, 600)).read())

    page.set_input_files("#id_logo", str(bad))
    page.click("input[name=_continue]")
    page.screenshot(path="/tmp/provider_logo_refused.png", full_page=True)
    assert "This file is not an image" in page.inner_text(".errorlist")

    page.set_input_files("#id_logo", str(good))
    page.click("input[name=_continue]")
    page.screenshot(path="/tmp/provider_logo_uploaded.png", full_page=True)
    assert "/media/organizations/example.org-400x400.jpg" in page.content()


def test_staff_merge_providers_and_topics_through_confirmation_pages(staff_page, live_server):
    page = staff_page
    page.goto(f"{live_server.url}/admin/providers/provider/")
    page.screenshot(path="/tmp/provider_list.png", full_page=True)
    page.check(f"input[name=_selected_action][value='{Provider.objects.get(domain='blog.example.net').pk}']")
    page.select_option("select[name=action]", "merge_providers")
    page.click("button[name=index]")
    page.select_option("#id_into", str(Provider.objects.get(domain="example.org").pk))
    page.screenshot(path="/tmp/provider_merge.png", full_page=True)
    page.click("input[name=apply]")
    assert "1 article moved" in page.inner_text(".messagelist")

    page.goto(f"{live_server.url}/admin/articles/topic/")
    page.check(f"input[name=_selected_action][value='{Topic.objects.get(name='Computer Vision').pk}']")
    page.select_option("select[name=action]", "merge_topics")
    page.click("button[name=index]")
    page.select_option("#id_into", str(Topic.objects.get(name="Robotics").pk))
    page.screenshot(path="/tmp/topic_merge.png", full_page=True)
    page.click("input[name=apply]")
    assert "1 topic merged into “Robotics”" in page.inner_text(".messagelist")

    page.goto(f"{live_server.url}/admin/articles/topic/{Topic.objects.get(name='AI').pk}/rename/")
    page.screenshot(path="/tmp/topic_rename.png", full_page=True)


def test_a_reviewer_accepts_a_suggested_topic_with_one_click(staff_page, live_server):
    page = staff_page
    Topic.objects.filter(name="Robotics").update(keywords=["robots"])
    article = Article.objects.get(source_path=ROBOTS)

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.screenshot(path="/tmp/article_suggestions.png", full_page=True)
    page.click("button:has-text('+ Robotics')")

    assert "Filed under “Robotics”" in page.inner_text(".messagelist")
    assert [topic.name for topic in article.ordered_topics()] == ["Computer Vision", "AI", "Robotics"]
