"""The public pages' cache: whole responses, stamped with a site version that every change
bumps, and inside them the parts that show one article, stamped with that article's last change.

A cached page's key carries the current site version, so one call to
``invalidate_public_pages()`` makes every cached page, feed, sitemap and API response stale
at once, without listing them; the stale entries simply expire. Whatever changes what the
public sees calls it: publishing, unpublishing or editing articles, renaming or merging
topics and providers.

A page rendered again after a change is mostly made of articles that did not change: a
listing's cards, an article's own page, the API's items. ``article_parts`` keeps each of
those by the article's ``updated_at``, which every save and every workflow write to the
article sets, so a publish renders only the new article's parts, not every card and
article page again. A change the articles show without a change to their rows (a save or
delete in the provider, topic or related item admin, an import of organization or topic
files) calls ``invalidate_article_parts()`` instead, which makes both pages and parts
stale. Pages and parts also expire after ``PAGE_SECONDS``, which bounds what a missed call
can leave stale.

Pages and parts live in Django's default cache (local memory, or Redis when ``REDIS_URL`` is
set). The versions live in the "shared" cache, which every process sees: the web workers,
the go-live scheduler and an import run from the shell all change what the public sees.
"""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.core.cache import cache, caches
from django.utils.cache import set_response_etag

VERSION_KEY = "public-site:version"
PARTS_VERSION_KEY = "public-site:article-parts-version"
PAGE_SECONDS = 600
READ_PARAMETERS = ("page", "q", "p")  # listings' page, the search, the sitemap's page


def _version(key):
    """The current version under ``key`` in the shared cache, set on first use."""
    shared = caches["shared"]
    version = shared.get(key)
    if version is None:
        shared.add(key, time.time_ns(), timeout=None)
        version = shared.get(key)
    return version


def invalidate_public_pages():
    """Make every cached public page stale: call after anything the public sees changes.
    The parts showing one article stay: each is cached for the article's last change."""
    caches["shared"].set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate_article_parts():
    """Make every cached page and article part stale: call after a change that articles show
    but that leaves their rows as they were (a provider's name, a topic's address)."""
    now, shared = time.time_ns(), caches["shared"]
    # Parts first: a page rendered for the new site version must find the new parts version
    # (the file-based shared cache writes one key after the other, even in set_many).
    shared.set(PARTS_VERSION_KEY, now, timeout=None)
    shared.set(VERSION_KEY, now, timeout=None)


def _address_hash(request, path):
    return hashlib.sha256(f"{request.scheme}://{request.get_host()}{path}".encode()).hexdigest()


def page_key(request):
    """The page's cache key: its address with only the query parameters public pages read,
    so an address with made-up parameters is the same page, not a fresh render."""
    query = urlencode([(name, value) for name in READ_PARAMETERS for value in request.GET.getlist(name)])
    return f"public-page:{_version(VERSION_KEY)}:{_address_hash(request, f'{request.path}?{query}')}"


def article_parts(request, kind, rows, articles, render):
    """``render(article)`` for each ``(pk, updated_at)`` of ``rows``, in their order: from the
    cache when the article was rendered since that change, else fetched from the published
    ``articles`` (one fetch for all the missing ones) and rendered. An article no longer
    published (since the listing's query) is left out. Parts are kept per site address,
    since they may hold absolute links."""
    prefix = f"article-part:{_version(PARTS_VERSION_KEY)}:{kind}:{_address_hash(request, '')}"

    def part_key(pk, updated_at):
        return f"{prefix}:{pk}:{updated_at.isoformat()}"

    keys = {pk: part_key(pk, updated_at) for pk, updated_at in rows}
    found = cache.get_many(keys.values())
    parts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in parts]
    if missing:
        rendered = {}
        for article in articles.published().filter(pk__in=missing):
            parts[article.pk] = rendered[part_key(article.pk, article.updated_at)] = render(article)
        cache.set_many(rendered, PAGE_SECONDS)
    return [parts[pk] for pk in keys if pk in parts]


def cache_public_page(view):
    """Serve the view's successful GET responses from the cache until the site changes."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                if callable(getattr(response, "render", None)):
                    response.render()
                set_response_etag(response)  # once, not on every request (ConditionalGetMiddleware)
                cache.set(key, response, PAGE_SECONDS)
        return response

    return cached_view
