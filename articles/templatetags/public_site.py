"""Template helpers for the public site: safe links, cleaned HTML and structured data.

Every value here may come from an imported file, so links keep only http(s) addresses,
HTML goes through ``articles.html`` and JSON-LD is escaped for a ``<script>`` element.
"""

import hashlib
import json
from urllib.parse import quote, urlencode

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from articles.html import as_text, render_body, sanitize_embed, web_address

register = template.Library()

SITE_NAME = "Newsroom"
BODY_SECONDS = 24 * 60 * 60
# Rendered bodies outlive a deploy in a shared cache (Redis): change this prefix whenever
# articles.html.render_body's output changes (2: cmark-gfm; 3: relative addresses resolved;
# 4: footnotes' ids, prefixed).
BODY_KEY_PREFIX = "body-html:4:"
# Keeps JSON inside <script> from closing the element or opening a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


register.filter("web_address", web_address)


@register.filter
def image_src(image):
    """Where to load an article image from ("" for no image): ``ArticleImage.src``."""
    return image.src if image else ""


@register.filter
def card_src(image):
    """Where to load a listing card's image from: the card rendition when there is one."""
    return image.card.url if image.card else image_src(image)


register.filter("text", as_text)


@register.filter
def body_html(text, base_url=""):
    """The body rendered to clean HTML, its relative addresses resolved against ``base_url``:
    once per distinct text and address rather than on every cold page."""
    key = BODY_KEY_PREFIX + hashlib.sha256(f"{base_url}\n{text or ''}".encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_body(text or "", base_url=base_url)
        cache.set(key, html, BODY_SECONDS)
    return mark_safe(html)


@register.filter
def video_embed(raw_html, title):
    return mark_safe(sanitize_embed(raw_html, title=f"Video: {as_text(title)}"))


@register.simple_tag
def numbered(text, page):
    """``text`` with the listing's page number after it, from page 2 on: each page of a
    listing has a title and description of its own."""
    number = getattr(page, "number", 1)
    return f"{text} — page {number}" if number > 1 else text


@register.simple_tag(takes_context=True)
def absolute_url(context, path, page=1, q=""):
    """The full address of ``path`` (of its page ``page`` of a listing, of the search for ``q``),
    its parameters written as the listing's pager writes them."""
    if parameters := _listing_parameters(page, q):
        path = f"{path}?{parameters}"
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def page_link(context, page, q=""):
    """The link to page ``page`` of the listing shown (of the search for ``q``): the listing's
    own address for its first page, so page 1 has one address."""
    parameters = _listing_parameters(page, q)
    return f"?{parameters}" if parameters else context["request"].path


def _listing_parameters(page, q):
    parameters = [("q", q)] if q else []
    if page and page > 1:
        parameters.append(("page", page))
    return urlencode(parameters, safe="/", quote_via=quote)


@register.simple_tag(takes_context=True)
def news_article_data(context, article):
    """The schema.org NewsArticle of an article, as a JSON-LD script element."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    provider_name = article.provider_display_name
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": as_text(article.title)[:110],
        "description": as_text(article.excerpt),
        "url": url,
        "mainEntityOfPage": url,
        "image": [request.build_absolute_uri(src) for src in map(image_src, article.images.all()) if src],
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "keywords": [topic.name for topic in article.ordered_topics()],
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    if provider_name:
        data["author"] = {"@type": "Organization", "name": provider_name}
    if article.original_link:
        data["isBasedOn"] = article.original_link
    text = json.dumps({key: value for key, value in data.items() if value not in (None, [], "")}, ensure_ascii=False)
    return mark_safe(f'<script type="application/ld+json">{text.translate(JSON_SCRIPT_ESCAPES)}</script>')
