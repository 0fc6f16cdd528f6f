"""A reviewer approves from the keyboard, a publisher publishes, and the public sees it; the change page stays usable."""

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
    assert not page.is_visible("#id_related_items-0-excerpt")
    page.click("#related_items-group summary")
    assert page.is_visible("#id_related_items-0-excerpt")
    assert page.input_value("#id_related_items-0-title") == "An older story"
