"""Every public page in headless Chromium: nothing axe-core finds wrong (contrast, labels,
alt text, landmarks, headings…), a visible keyboard focus, and no sideways scrolling from a
phone to a desktop."""

import pytest

from tests.articles.public_site_factory import make_article
from tests.browser.axe import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 768, 1024, 1440)

FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.fixture
def pages():
    article = make_article(
        "Power Apps: managing form settings",
        topics=["Power Apps"],
        type="video",
        featured_content='<iframe src="https://www.youtube.com/embed/4xfT4uZPLlw"></iframe>',
        related=[{"title": "A related story", "web_url": "https://related.example/"}],
    )
    for number in range(3):
        make_article(f"Story {number}", topics=["Power Apps", "AI"], image=number != 1)
    make_article("A story about " + "pneumonoultramicroscopicsilicovolcanoconiosis" * 3)  # words longer than a phone
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "topics": "/topics/",
        "topic": "/topics/power-apps/",
        "provider": "/providers/example.org/",
        "videos": "/type/video/",
        "search": "/search/?q=story",
        "no results": "/search/?q=zebra",
        "a long word searched": "/search/?q=" + "supercalifragilistic" * 20,
        "not found": "/news/no-such-story/",
    }


def test_every_public_page_passes_axe_and_fits_every_width(live_server, page, pages):
    page.route("**/*", lambda route: route.continue_() if "localhost" in route.request.url else route.abort())
    problems = {}
    for name, address in pages.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + address)
        assert page.locator("h1").count() == 1, name
        found = accessibility_problems(page)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 0:
                found.append(f"{overflow}px of sideways scrolling at {width}px wide")
        if found:
            problems[name] = found
    assert not problems


def test_the_keyboard_focus_is_always_visible(live_server, page, pages):
    page.route("**/*", lambda route: route.continue_() if "localhost" in route.request.url else route.abort())
    for address in (pages["home"], pages["article"]):
        page.goto(live_server.url + address)
        for step in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") in ("BODY", "IFRAME"):
                break  # past the last link, or inside the player, which draws its own focus
            assert page.evaluate(FOCUS_SHOWN), (address, step, page.evaluate("document.activeElement.outerHTML"))
