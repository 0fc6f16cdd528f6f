"""A reviewer approves from the keyboard, a publisher publishes, and the public sees it; the change page stays usable."""

import datetime

import pytest

from articles.models import Article
from tests.browser.admin_login import log_in
from tests.review_accounts import PASSWORD, make_article, make_editor


def log_in_to_the_desk(page, live_server, username):
    log_in(page, live_server, username, PASSWORD)
    page.wait_for_selector("#review-desk")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_approves_publisher_publishes_and_the_public_site_shows_it(page, live_server, settings):
    settings.NEWSROOM_MIN_PUBLISH_QUALITY = 30
    make_editor("rita", "Reviewers")
    make_editor("paul", "Publishers")
    article = make_article(title="Robots learn to read between the lines", quality=90)
    make_article(title="A weaker story", quality=35)
    assert page.goto(f"{live_server.url}{article.get_absolute_url()}").status == 404

    log_in_to_the_desk(page, live_server, "rita")
    page.click("text=Review mode (keyboard)")
    page.wait_for_selector("text=Article 1 of 2 in review")
    assert page.inner_text(".review-card h1") == article.title
    page.screenshot(path="/tmp/review_mode.png", full_page=True)
    page.keyboard.press("a")
    page.wait_for_selector("text=now approved")
    assert page.inner_text(".review-card h1") == "A weaker story"  # on to the next one
    page.screenshot(path="/tmp/review_mode_after_approve.png", full_page=True)
    page.click("#logout-form button")

    log_in_to_the_desk(page, live_server, "paul")
    page.screenshot(path="/tmp/review_index.png", full_page=True)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.click("button.review-publish")
    page.wait_for_selector("text=now published")
    page.screenshot(path="/tmp/review_change_page.png", full_page=True)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert "Robots learn to read between the lines" in page.inner_text("body")
    page.goto(f"{live_server.url}/")
    assert "Robots learn to read between the lines" in page.inner_text("body")
    page.screenshot(path="/tmp/review_public.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_review_queue_shows_every_column_on_a_laptop_screen(page, live_server):
    make_editor("rita", "Reviewers")
    article = make_article(
        title="City council adopts rules for automated tools used in housing, benefits and permitting",
        provider_name="Meridian Health News",
        published_at=datetime.datetime(2026, 11, 18, 15, 55, tzinfo=datetime.UTC),
    )
    article.topics.add("Health", "Technology", "Artificial intelligence")
    log_in_to_the_desk(page, live_server, "rita")
    page.click("text=Review queue (best quality first)")
    page.screenshot(path="/tmp/review_queue.png", full_page=True)
    assert page.evaluate("(r => r.scrollWidth <= r.clientWidth)(document.querySelector('#changelist .results'))")
    state = page.locator("#result_list td.field-state").first
    assert state.inner_text() == "In review"
    assert state.bounding_box()["x"] + state.bounding_box()["width"] <= 1280
    assert page.locator("#result_list td.field-published").first.inner_text() == "18 Nov 2026 15:55"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_change_page_fits_the_window_and_folds_related_items_away(page, live_server):
    make_editor("paul", "Publishers")
    article = make_article(title="A story with a picture and related stories")
    article.images.create(
        url="https://img.example.org/" + "very-long-image-name-" * 8 + ".jpg",
        width=1600,
        height=900,
        title="A picture",
        attribution="A photographer",
    )
    article.related_items.create(title="An older story", excerpt="What happened before.")
    log_in_to_the_desk(page, live_server, "paul")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.screenshot(path="/tmp/article_change_page.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for long_text in ("#id_title", "#id_excerpt", "#id_topics", "#id_original_url"):
        assert page.locator(long_text).bounding_box()["width"] > 400, long_text
    assert not page.is_visible("#id_related_items-0-excerpt")
    page.click("#related_items-group summary")
    assert page.is_visible("#id_related_items-0-excerpt")
    assert page.input_value("#id_related_items-0-title") == "An older story"
