"""A reviewer triages the queue in review mode with the keyboard alone."""

import pytest

from articles.models import Article, RejectionReason
from tests.browser.admin_login import log_in
from tests.review_accounts import PASSWORD, make_article, make_editor

ORIGINAL = "https://news.example.net/third-story?from=feed"


def log_in_to_review_mode(page, live_server, username):
    log_in(page, live_server, username, PASSWORD, next_url="/admin/articles/article/review/")
    page.wait_for_selector("#review-mode")


def showing(page, position, title):
    """Wait until review mode shows ``title`` at ``position`` ("1 of 3") of the queue."""
    page.wait_for_selector(f"text=Article {position} in review")
    page.wait_for_load_state("domcontentloaded")  # the keys work once review.js has run
    assert page.inner_text(".review-card h1") == title


def keep_outside_requests(context):
    """Answer requests to other sites in the browser and list their URLs (tests stay offline)."""
    requested = []

    def answer(route):
        if route.request.url.startswith(("http://localhost", "http://127.0.0.1")):
            route.continue_()
        else:
            requested.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<title>original</title>")

    context.route("**/*", answer)
    return requested


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reviewer_moves_scores_rejects_and_opens_the_original_from_the_keyboard(page, live_server):
    rita = make_editor("rita", "Reviewers")
    first = make_article(title="First: the best story", quality=90)
    second = make_article(title="Second: a middling story", quality=70)
    third = make_article(title="Third: the weakest story", quality=50, original_url=ORIGINAL)
    duplicate = list(RejectionReason.objects.filter(active=True))[2]  # the reason behind key 3
    requested = keep_outside_requests(page.context)

    log_in_to_review_mode(page, live_server, "rita")
    showing(page, "1 of 3", first.title)
    page.keyboard.press("j")
    showing(page, "2 of 3", second.title)
    page.keyboard.press("ArrowRight")
    showing(page, "3 of 3", third.title)
    page.keyboard.press("k")
    showing(page, "2 of 3", second.title)
    page.keyboard.press("ArrowLeft")
    showing(page, "1 of 3", first.title)
    page.keyboard.press("j")
    showing(page, "2 of 3", second.title)

    # r starts a rejection, Esc cancels it: a digit afterwards rejects nothing.
    page.keyboard.press("r")
    page.wait_for_selector(".review-choosing")
    page.keyboard.press("Escape")
    assert page.locator(".review-choosing").count() == 0
    page.keyboard.press("1")

    # s focuses the score, typing replaces it, Enter saves it.
    page.keyboard.press("s")
    page.keyboard.type("65")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=scored 65")
    showing(page, "2 of 3", second.title)
    second.refresh_from_db()
    assert (second.quality, second.status) == (65, Article.Status.IN_REVIEW)
    score = second.events.get()
    assert (score.action, score.actor, score.quality_before, score.quality_after) == ("score", rita, 70, 65)

    # Esc also abandons a score being typed.
    page.keyboard.press("s")
    page.keyboard.type("12")
    page.keyboard.press("Escape")
    assert page.input_value("[data-quality-input]") == "65"

    # r, a note (digits in it are text, not reasons), back to the reasons, 3 rejects.
    page.keyboard.press("r")
    page.keyboard.press("Tab")
    page.keyboard.type("Same as the 2 stories of May 3")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("3")
    page.wait_for_selector("text=now rejected")
    showing(page, "2 of 2", third.title)  # on to the next one
    second.refresh_from_db()
    assert (second.status, second.quality) == (Article.Status.REJECTED, 65)
    rejection = second.events.get(to_status=Article.Status.REJECTED)
    assert (rejection.actor, rejection.from_status, rejection.reason) == (rita, Article.Status.IN_REVIEW, duplicate)
    assert rejection.note == "Same as the 2 stories of May 3"
    page.screenshot(path="/tmp/review_keyboard_after_reject.png", full_page=True)

    # o opens the original in a new tab.
    with page.context.expect_page() as opened:
        page.keyboard.press("o")
    original = opened.value
    original.wait_for_load_state()
    assert original.url == ORIGINAL
    assert requested == [ORIGINAL]
    original.close()

    # p previews the article in a new tab.
    with page.context.expect_page() as opened:
        page.keyboard.press("p")
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.url == f"{live_server.url}/admin/articles/article/{third.pk}/preview/"
    assert third.title in preview.inner_text("body")
    preview.close()

    assert set(Article.objects.values_list("title", "status")) == {
        (first.title, Article.Status.IN_REVIEW),
        (second.title, Article.Status.REJECTED),
        (third.title, Article.Status.IN_REVIEW),
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_holding_the_approve_key_approves_once_without_a_conflict(page, live_server):
    make_editor("rita", "Reviewers")
    first = make_article(title="A story worth approving", quality=90)
    make_article(title="The next story", quality=40)

    log_in_to_review_mode(page, live_server, "rita")
    showing(page, "1 of 2", first.title)
    page.keyboard.down("a")
    page.wait_for_timeout(50)
    page.keyboard.down("a")  # the key repeats while the first approval is on its way
    page.keyboard.up("a")
    page.wait_for_selector("text=now approved")
    showing(page, "1 of 1", "The next story")
    assert "Someone else changed" not in page.inner_text("body")
    assert first.events.count() == 1
