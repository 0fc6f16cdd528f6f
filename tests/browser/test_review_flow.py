"""A reviewer approves from the keyboard, a publisher publishes, and the public sees it; the change page stays usable."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Topic
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
def test_a_publisher_schedules_a_go_live_and_the_article_appears_when_it_comes(page, live_server):
    make_editor("paul", "Publishers")
    article = make_article(title="Embargoed until the morning", status=Article.Status.APPROVED, quality=90)
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    log_in_to_the_desk(page, live_server, "paul")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("input[name=go_live_at]", f"{go_live:%Y-%m-%dT%H:%M}")
    page.click("button[value=schedule]")
    page.wait_for_selector(".messagelist")
    assert f"goes live {go_live:%Y-%m-%d %H:%M}" in page.inner_text(".messagelist")
    assert f"goes live {go_live:%Y-%m-%d %H:%M}" in page.inner_text(".review-panel")
    assert page.input_value("input[name=go_live_at]") == f"{go_live:%Y-%m-%dT%H:%M}"  # ready to reschedule
    page.screenshot(path="/tmp/review_scheduled.png", full_page=True)
    assert page.goto(f"{live_server.url}{article.get_absolute_url()}").status == 404

    workflow.publish_due_articles(now=go_live + datetime.timedelta(minutes=1))  # the scheduler's next run
    assert page.goto(f"{live_server.url}{article.get_absolute_url()}").status == 200
    assert "Embargoed until the morning" in page.inner_text("h1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reviewer_rejects_a_selection_from_the_list_with_a_reason(page, live_server):
    make_editor("rita", "Reviewers")
    copies = [make_article(title=f"Copied story {number}", quality=40) for number in (1, 2)]
    keeper = make_article(title="The original story", quality=80)
    log_in_to_the_desk(page, live_server, "rita")
    page.click("text=Review queue (best quality first)")
    for article in copies:
        page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "reject_articles")
    page.select_option("select[name=rejection_reason]", label="Duplicate")
    page.fill("input[name=note]", "same story as the original")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    page.screenshot(path="/tmp/review_rejected_selection.png", full_page=True)
    assert "2" in page.inner_text(".messagelist") and "rejected" in page.inner_text(".messagelist")
    for article in copies:
        article.refresh_from_db()
        assert (article.status, article.rejection_reason.name) == (Article.Status.REJECTED, "Duplicate")
        assert article.events.get().note == "same story as the original"
    keeper.refresh_from_db()
    assert keeper.status == Article.Status.IN_REVIEW
    assert "The original story" in page.inner_text("#result_list")
    assert "Copied story" not in page.inner_text("#result_list")  # the queue shows what is left


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
    for long_text in ("#id_title", "#id_excerpt", "#id_topic_names", "#id_original_url"):
        assert page.locator(long_text).bounding_box()["width"] > 400, long_text
    assert not page.is_visible("#id_related_items-0-excerpt")
    page.click("#related_items-group summary")
    assert page.is_visible("#id_related_items-0-excerpt")
    assert page.input_value("#id_related_items-0-title") == "An older story"

    workflow.article_score(article, by=make_editor("rita", "Reviewers"), quality=61, note="checked")  # a history row
    page.set_viewport_size({"width": 375, "height": 800})  # a phone: wide tables scroll in their own box
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/article_change_page_phone.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enter_in_a_decisions_note_decides_nothing_and_enter_in_the_article_saves_it(page, live_server):
    make_editor("paul", "Publishers")
    Topic.objects.create(name="Robotics", slug="robotics", keywords=["robots"])
    article = make_article(title="Robots learn to read", status=Article.Status.PUBLISHED)
    log_in_to_the_desk(page, live_server, "paul")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    assert page.is_visible("button:has-text('+ Robotics')")  # a suggestion sits above the Save button

    page.fill(".review-decision input[name=note]", "checked the source")
    page.press(".review-decision input[name=note]", "Enter")  # once made the first decision: unpublish
    page.fill("#id_web_url", "https://example.org/story-corrected")
    page.press("#id_web_url", "Enter")  # once accepted the first suggestion instead of saving
    page.wait_for_selector("text=was changed successfully")

    article.refresh_from_db()
    assert (article.web_url, article.status) == ("https://example.org/story-corrected", Article.Status.PUBLISHED)
    assert article.ordered_topics() == []
    assert list(article.events.values_list("action", flat=True)) == ["edit"]


def type_then_click_and_decline(page, live_server, article, field, button):
    """As a reviewer, type into the article's ``field`` without saving, click ``button`` and
    decline the question it asks; check it asked, and that the typed text is still there."""
    make_editor("rita", "Reviewers")
    log_in_to_the_desk(page, live_server, "rita")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill(field, "Typed but not saved")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click(button)
    assert "without saving" in questions[0]
    assert page.input_value(field) == "Typed but not saved"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_suggested_topic_asks_before_it_drops_edits_typed_into_the_article(page, live_server):
    Topic.objects.create(name="Robotics", slug="robotics", keywords=["robots"])
    article = make_article(title="Robots learn to read")
    type_then_click_and_decline(page, live_server, article, "#id_excerpt", "button:has-text('+ Robotics')")
    assert article.ordered_topics() == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_decision_asks_before_it_drops_edits_typed_into_the_article(page, live_server):
    article = make_article(title="Original title")
    type_then_click_and_decline(page, live_server, article, "#id_title", ".review-decision button[value=approve]")
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".review-decision button[value=approve]")
    page.wait_for_selector("text=now approved")
    assert Article.objects.get(pk=article.pk).status == Article.Status.APPROVED
