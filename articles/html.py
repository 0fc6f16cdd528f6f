"""Imported text made safe to show: Markdown bodies and video embeds, cleaned by allow-lists.

Everything here treats its input as hostile. A body is rendered from GitHub-flavoured
Markdown by cmark-gfm, the C library GitHub renders Markdown with: its time grows in
proportion to the text, whatever the text holds (Python-Markdown took a minute over
20,000 unclosed brackets). It is then cleaned with nh3's default allow-list (no scripts,
styles, event handlers or ``javascript:`` links); ids are kept only on the links and
list items footnotes need (``BODY_ATTRIBUTES``), behind ``BODY_ID_PREFIX``, and the body's
``#`` links are led to them. A ``featuredContent`` embed keeps nothing but ``<iframe>``
players served over HTTPS from ``EMBED_SOURCES``; an embed with no such player is dropped
entirely.
"""

import functools
import re
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

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
# A footnote's reference (<a id="fnref-1" href="#fn-1">) and its note (<li id="fn-1">, which
# links back to "#fnref-1") need their ids; no other element of a body keeps one.
# Their links back keep the label that reads them out ("Back to reference 1").
BODY_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "a": nh3.ALLOWED_ATTRIBUTES["a"] | {"id", "aria-label"}, "li": {"id"}}
# Put before every id of a body, so that none passes for one of the page's own ("main") or,
# hyphenated, for a global name a script reads (DOM clobbering).
BODY_ID_PREFIX = "body-"


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
        # nh3 keeps what sits inside an <iframe> as text, which this parser reads as tags:
        # every tag it meets is held to the allow-list again.
        attrs = [
            (name, value)
            for name, value in attrs
            if name in EMBED_ATTRIBUTES and _keep_embed_attribute(tag, name, value or "") is not None
        ]
        if tag == "iframe" and dict(attrs).get("src"):
            # Added here, not by nh3, whose order for them changes from one process to the
            # next: every worker's copy of a page has the same bytes, so the same ETag.
            attrs = [*attrs, *EMBED_FIXED_ATTRIBUTES.items()]
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
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[oops/": no address at all
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def as_text(value):
    """Imported titles and excerpts often carry HTML entities (``&#8217;``): decode them to the
    characters they stand for, so the template's escaping shows them as readers expect."""
    return unescape(value or "")


def render_body(text, *, base_url=""):
    """Render an article body (Markdown, possibly with HTML) to clean HTML.

    The page's title is its one ``<h1>``, so a body's top-level headings become ``<h2>``.
    Relative links and images pointed into the original site: they are resolved against
    ``base_url`` (the original article's address), or dropped without one; links within
    the body (``#...``) stay, led to the body's own ids.
    A body nested more than ``MAX_NESTING`` levels deep is shown as text: cleaning HTML takes
    time that grows with the square of its depth (a second for 20,000 quote marks).
    """
    if not text.strip():
        return ""
    # Raw HTML is let through (most imported bodies are HTML) for nh3 to clean; GitHub's
    # "tagfilter" is left out, as it would show a body's <iframe> as text instead of dropping it.
    rendered = cmarkgfm.markdown_to_html_with_extensions(
        _escape_unclosed_html_blocks(text),
        options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES,
        extensions=["table", "strikethrough", "autolink"],
    )
    if _deepest_nesting(rendered) > MAX_NESTING:
        return f"<p>{escape(text)}</p>"
    cleaned = nh3.clean(
        rendered,
        tags=nh3.ALLOWED_TAGS | {"section"},  # footnotes come in a <section>
        attributes=BODY_ATTRIBUTES,
        id_prefix=BODY_ID_PREFIX,
        url_relative=functools.partial(_resolved, web_address(base_url)),
    )
    return _BODY_TITLE.sub(r"<\1h2\2", cleaned)


def _resolved(base_url, url):
    if url.startswith("#"):
        return _within_body(url)
    try:
        return urljoin(base_url, url) if base_url else None
    except ValueError:  # "//[oops/": no address at all
        return None


def _within_body(url):
    """Lead the link ``#name`` to the id nh3 makes of ``name`` (nh3 leaves an id that starts
    with the prefix already as it was); ``#`` alone still leads to the top of the page."""
    name = url[1:]
    return url if not name or name.startswith(BODY_ID_PREFIX) else f"#{BODY_ID_PREFIX}{name}"


_BODY_TITLE = re.compile(r"<(/?)h1(\s|>)", re.IGNORECASE)

# A line that opens a comment, processing instruction, declaration, CDATA section, script,
# style, pre or textarea starts an HTML block that runs until its closing marker (CommonMark's
# HTML blocks of kinds 1 to 5): left unclosed, it would swallow the rest of the body. Such a
# line is indented at most three spaces (more makes it code), inside quotes or a list item.
# The quotes are matched possessively: "> " could be split two ways, and a line of twenty
# that does not match would be tried every way (2^20 tries).
_HTML_BLOCK_OPENER = re.compile(
    r"^(?P<prefix>(?: {0,3}> ?)*+(?: {0,3}(?:[-+*]|\d{1,9}[.)]) {1,4})? {0,3})"
    r"(?P<opener><!--|<\?|<!\[CDATA\[|<![a-z]|<(?:script|pre|style|textarea)(?=[\s>]|$))",
    re.IGNORECASE,
)
# Each opener's closing marker: the first start, in this order, that the opener begins with.
_HTML_BLOCK_CLOSERS = {
    "<!--": "-->",
    "<?": "?>",
    "<![cdata[": "]]>",
    "<!": ">",
    "<script": "</script>",
    "<pre": "</pre>",
    "<style": "</style>",
    "<textarea": "</textarea>",
}


_CODE_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")


def _escape_unclosed_html_blocks(text):
    """Escape the ``<`` of each HTML block opener that no closing marker follows, so it is
    shown as text and the rest of the body renders, as Python-Markdown did. Fenced code is
    left as it is: an opener there is code, not HTML."""
    lowered = text.lower()
    last_closers = {closer: lowered.rfind(closer) for closer in set(_HTML_BLOCK_CLOSERS.values())}
    lines = text.splitlines(keepends=True)
    fence = None  # the open code fence's marker
    line_start = 0

    def escape_if_unclosed(match):
        opener = match["opener"].lower()
        closer = next(_HTML_BLOCK_CLOSERS[start] for start in _HTML_BLOCK_CLOSERS if opener.startswith(start))
        if last_closers[closer] >= line_start + match.end():
            return match[0]
        return match["prefix"] + "&lt;" + match["opener"][1:]

    for number, line in enumerate(lines):
        marker = _CODE_FENCE.match(line)
        if fence is None and marker:
            fence = marker[1]
        elif fence is not None:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence) and not marker[2].strip():
                fence = None
        else:
            lines[number] = _HTML_BLOCK_OPENER.sub(escape_if_unclosed, line)
        line_start += len(line)
    return "".join(lines)


MAX_NESTING = 100
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)", re.IGNORECASE)
# Elements with no end tag, or whose end tag HTML lets a writer leave out: they do not nest.
_NOT_NESTING = {
    "area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "rt", "rp",
}  # fmt: skip


def _deepest_nesting(html):
    """How deep the elements of ``html`` nest, in one pass over its tags."""
    depth = deepest = 0
    for closing, name in _TAG.findall(html):
        if name.lower() in _NOT_NESTING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest
