"""Every public page in headless Chromium: readable contrast, labelled controls and images,
a visible keyboard focus, and no sideways scrolling from a phone to a desktop."""

import pytest

from tests.articles.public_site_factory import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 768, 1024, 1440)

# WCAG 2.1 AA: text needs 4.5:1 against what is behind it, large text (24px, or 18.66px bold) 3:1.
# The background is found by blending the element's ancestors' background colours; text over
# a picture or gradient is reported, since its contrast cannot be read off the styles.
LOW_CONTRAST_TEXT = """() => {
  const rgba = (value) => {
    const [r, g, b, a = 1] = value.match(/[\\d.]+/g).map(Number);
    return {r, g, b, a};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({r, g, b}) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return null;
      const colour = rgba(style.backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a === 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(element)) continue;
    seen.add(element);
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility === "hidden" || element.closest("[aria-hidden=true]")) continue;
    if (box.bottom < 0 || box.right < 0) continue;  // parked off screen, like the skip link
    const behind = background(element);
    const label = element.tagName.toLowerCase() + ": " + walker.currentNode.textContent.trim().slice(0, 40);
    if (!behind) { problems.push(label + " (over a picture)"); continue; }
    const text = over(rgba(style.color), behind);
    const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`${label} (${ratio.toFixed(2)}:1)`);
  }
  return problems;
}"""

UNLABELLED = """() => [
  ...[...document.images].filter((image) => !image.hasAttribute("alt")).map((image) => "img " + image.src),
  ...[...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
    .filter((control) => !control.labels?.length && !control.getAttribute("aria-label") && !control.textContent.trim())
    .map((control) => control.outerHTML),
  ...[...document.querySelectorAll("a[href]")]
    .filter((link) => !link.textContent.trim() && !link.getAttribute("aria-label") && !link.querySelector("img[alt]:not([alt=''])"))
    .map((link) => "empty link " + link.href),
]"""

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
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "topics": "/topics/",
        "topic": "/topics/power-apps/",
        "provider": "/providers/example.org/",
        "videos": "/type/video/",
        "search": "/search/?q=story",
        "no results": "/search/?q=zebra",
        "not found": "/news/no-such-story/",
    }


def test_every_public_page_is_readable_labelled_and_fits_every_width(live_server, page, pages):
    page.route("**/*", lambda route: route.continue_() if "localhost" in route.request.url else route.abort())
    problems = {}
    for name, address in pages.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + address)
        assert page.locator("h1").count() == 1, name
        found = page.evaluate(LOW_CONTRAST_TEXT) + page.evaluate(UNLABELLED)
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
