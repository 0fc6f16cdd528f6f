"""Imported text made safe to show: Markdown bodies and video embeds, cleaned by allow-lists.

Everything here treats its input as hostile. A body is rendered from GitHub-flavoured
Markdown by cmark-gfm, the C library GitHub renders Markdown with: its time grows in
proportion to the text, whatever the text holds (Python-Markdown took a minute over
20,000 unclosed brackets). It is then cleaned with nh3's default allow-list (no scripts,
styles, event handlers or ``javascript:`` links). A ``featuredContent`` embed keeps
nothing but ``<iframe>`` players served over HTTPS from ``EMBED_SOURCES``; an embed with
no such player is dropped entirely.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

# host -> the path prefix its embeddable players live under
EMBED_SOURCES = {
    "www.youtube.com": "/embed/",
    "youtube.com": "/embed/",
    "www.youtube-nocookie.com": "/embed/",
    "player.vimeo.com": "/video/",
}
EMBED_ATTRIBUTES = {"src", "width", "height", "title", "allow", "allowfullscreen"}
# Added to every player: lazy loading, and the referrer YouTube requires to play embeds
# (the site's own policy, same-origin, would send none).
EMBED_FIXED_ATTRIBUTES = {"loading": "lazy", "referrerpolicy": "strict-origin-when-cross-origin"}


def is_embed_source(url):
    """Tell whether ``url`` is an HTTPS player from a known video host.

    Browsers read a backslash as a slash, so ``https://evil.example\\@www.youtube.com/``
    goes to evil.example: a URL with a backslash, a user name or a port is refused. So is a
    path with dot segments (``/embed/../redirect``, also written ``%2e%2e``), which leaves
    the player folder.
    """
    parts = urlsplit(url)
    prefix = EMBED_SOURCES.get(parts.hostname or "")
    return (
        parts.scheme == "https"
        and prefix is not None
        and parts.netloc.lower() == parts.hostname
        and "\\" not in unquote(url)
        and parts.path.startswith(prefix)
        and not {".", ".."} & set(unquote(parts.path).split("/"))
    )


def _keep_embed_attribute(tag, attribute, value):
    if attribute == "src":
        return value if is_embed_source(value) else None
    if attribute in ("width", "height"):
        return value if value.isdigit() else None
    return value


class _PlayerCollector(HTMLParser):
    """Collect the cleaned players; whatever sits between their tags is not kept."""

    def __init__(self, title):
        super().__init__()
        self.title = title
        self.players = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe" and dict(attrs).get("src"):
            if not dict(attrs).get("title"):
                attrs = [*attrs, ("title", self.title)]
            written = " ".join(name if value in (None, "") else f'{name}="{escape(value)}"' for name, value in attrs)
            self.players.append(f"<iframe {written}></iframe>")


def sanitize_embed(raw_html, *, title="Video"):
    """Return the video players of an embed cleaned to the allow-list, or "" if none is left.

    A player without a title is given ``title``, the name screen readers announce.
    """
    if not raw_html:
        return ""
    cleaned = nh3.clean(
        raw_html,
        tags={"iframe"},
        clean_content_tags={"script", "style"},
        attributes={"iframe": EMBED_ATTRIBUTES},
        attribute_filter=_keep_embed_attribute,
        set_tag_attribute_values={"iframe": EMBED_FIXED_ATTRIBUTES},
        url_schemes={"https"},
        link_rel=None,
    )
    collector = _PlayerCollector(title)
    collector.feed(cleaned)
    collector.close()
    return "".join(collector.players)


def web_address(url):
    """The URL if it is an absolute http(s) address, else "" (no ``javascript:`` links)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def as_text(value):
    """Imported titles and excerpts often carry HTML entities (``&#8217;``): decode them to the
    characters they stand for, so the template's escaping shows them as readers expect."""
    return unescape(value or "")


def render_body(text):
    """Render an article body (Markdown, possibly with HTML) to clean HTML.

    The page's title is its one ``<h1>``, so a body's top-level headings become ``<h2>``.
    """
    if not text.strip():
        return ""
    # Raw HTML is let through (most imported bodies are HTML) for nh3 to clean; GitHub's
    # "tagfilter" is left out, as it would show a body's <iframe> as text instead of dropping it.
    rendered = cmarkgfm.markdown_to_html_with_extensions(
        text,
        options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES,
        extensions=["table", "strikethrough", "autolink"],
    )
    return _BODY_TITLE.sub(r"<\1h2\2", nh3.clean(rendered))


_BODY_TITLE = re.compile(r"<(/?)h1(\s|>)", re.IGNORECASE)
