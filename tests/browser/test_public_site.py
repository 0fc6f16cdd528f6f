"""The public site in headless Chromium: pages render, and a keyboard alone gets around."""

import pytest

from articles.importing import import_paths
from articles.models import Topic
from tests.articles.public_site_factory import make_article
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO_EMBED = (
    '<iframe width="800" height="500" src="https://www.youtube.com/embed/4xfT4uZPLlw" '
    'allow="accelerometer; autoplay; encrypted-media" allowfullscreen></iframe>'
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site():
    import_paths([FIXTURES / "site"])  # its topic file files AI Builder under Power Apps
    assert Topic.objects.get(slug="ai-builder").parent.slug == "power-apps"
    for number in range(4):
        make_article(f"Power Apps story {number}", topics=["Power Apps", "AI"], days_ago=number)
    make_article("Imageless story", topics=["Power Apps", "AI"], days_ago=4, image=False)
    make_article("AI Builder story", topics=["AI Builder"], days_ago=5)  # a child topic is shown once it has one
    return make_article(
        "Power Apps: managing form settings",
        type="video",
        featured_content=VIDEO_EMBED,
        topics=["Power Apps"],
        original_url="https://youtube.com/watch?v=4xfT4uZPLlw",
        days_ago=0,
    )


@pytest.fixture
def offline_page(page):
    """The page, with every request to another site answered empty (the tests run offline)."""
    page.route("**/*", lambda route: route.continue_() if "localhost" in route.request.url else route.abort())
    return page


def focused(page):
    return page.evaluate("document.activeElement.outerHTML")


def test_home_renders_cards_and_the_keyboard_reaches_an_article(live_server, offline_page, site):
    page = offline_page
    page.goto(live_server.url)
    assert page.title() == "Newsroom: the latest news"
    assert page.locator("article.card").count() == 9
    page.screenshot(path="/tmp/public-home.png", full_page=True)

    page.keyboard.press("Tab")
    assert "Skip to content" in focused(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert "Power Apps: managing form settings" in focused(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{site.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Power Apps: managing form settings"


def test_video_article_shows_its_player_and_original_link(live_server, offline_page, site):
    page = offline_page
    page.goto(live_server.url + site.get_absolute_url())
    player = page.locator(".video iframe")
    assert player.get_attribute("src") == "https://www.youtube.com/embed/4xfT4uZPLlw"
    box = player.bounding_box()
    assert box["width"] > 600 and abs(box["width"] / box["height"] - 16 / 9) < 0.05
    assert page.get_by_role("link", name="Watch the original on Example Times").is_visible()
    page.screenshot(path="/tmp/public-video.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="/tmp/public-video-phone.png", full_page=True)


RICH_BODY = """Results by region:

| Region | Quarter one | Quarter two | Quarter three | Quarter four | Whole year, with every correction applied |
|---|---|---|---|---|---|
| North-western administrative district | 1,234,567 | 2,345,678 | 3,456,789 | 4,567,890 | 11,604,924 |

> The figures were revised twice.

    Total=Sum(Results, Region_Quarterly_Figures_With_Corrections_Applied_For_Every_District)
"""


def test_a_body_with_a_wide_table_and_code_fits_a_phone(live_server, offline_page):
    article = make_article("Figures by region", body=RICH_BODY)
    page = offline_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator(".story__body td").first.inner_text() == "North-western administrative district"
    assert page.locator(".story__body blockquote").inner_text() == "The figures were revised twice."
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the table scrolls, not the page
    page.screenshot(path="/tmp/public-rich-body-phone.png", full_page=True)


def test_topic_page_lists_child_topics_and_articles(live_server, offline_page, site):
    page = offline_page
    page.goto(live_server.url + "/topics/power-apps/")
    assert page.locator("h1").inner_text() == "Power Apps"
    assert page.get_by_role("link", name="AI Builder").is_visible()
    assert page.locator("article.card").count() == 6
    without_picture = page.locator(".card:has-text('Imageless story') .card__image--empty")
    assert without_picture.is_visible()  # keeps the grid's cards in line
    page.screenshot(path="/tmp/public-topic.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not without_picture.is_visible()  # one column: no empty box to scroll past
    page.screenshot(path="/tmp/public-topic-phone.png", full_page=True)


def test_a_listing_without_any_picture_shows_no_empty_picture_boxes(live_server, offline_page):
    page = offline_page
    for number in range(3):
        make_article(f"Text-only story {number}", image=False)
    page.goto(live_server.url + "/")
    assert page.locator("article.card").count() == 3
    assert page.locator(".card__image--empty").count() == 3
    assert not any(box.is_visible() for box in page.locator(".card__image--empty").all())
    page.screenshot(path="/tmp/public-home-text-only.png", full_page=True)


def test_search_is_usable_with_the_keyboard_alone(live_server, offline_page, site):
    page = offline_page
    page.goto(live_server.url)
    for _ in range(20):
        page.keyboard.press("Tab")
        if 'id="search-q"' in focused(page):
            break
    assert 'id="search-q"' in focused(page)
    page.keyboard.type("form settings")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=form+settings")
    assert page.locator("h1").inner_text() == "Results for “form settings”"
    assert page.locator("article.card h2").all_inner_texts() == ["Power Apps: managing form settings"]
    page.screenshot(path="/tmp/public-search.png", full_page=True)
