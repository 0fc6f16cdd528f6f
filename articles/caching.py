"""The public pages' cache: whole responses, stamped with a site version that every change bumps.

A cached page's key carries the current site version, so one call to
``invalidate_public_pages()`` makes every cached page, feed, sitemap and API response stale
at once, without listing them; the stale entries simply expire. Whatever changes what the
public sees calls it: publishing, unpublishing, editing or importing articles, renaming or
merging topics and providers, and any save or delete in their admin pages. Pages also
expire after ``PAGE_SECONDS``, which bounds what a missed call can leave stale.

Pages live in Django's default cache (local memory, or Redis when ``REDIS_URL`` is set).
The version lives in the "shared" cache, which every process sees: the web workers, the
go-live scheduler and an import run from the shell all change what the public sees.
"""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.core.cache import cache, caches
from django.utils.cache import set_response_etag

VERSION_KEY = "public-site:version"
PAGE_SECONDS = 600
READ_PARAMETERS = ("page", "q", "p")  # listings' page, the search, the sitemap's page


def site_version():
    """The current site version, set on first use."""
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = shared.get(VERSION_KEY)
    return version


def invalidate_public_pages():
    """Make every cached public page stale: call after anything the public sees changes."""
    caches["shared"].set(VERSION_KEY, time.time_ns(), timeout=None)


def page_key(request):
    """The page's cache key: its address with only the query parameters public pages read,
    so an address with made-up parameters is the same page, not a fresh render."""
    query = urlencode([(name, value) for name in READ_PARAMETERS for value in request.GET.getlist(name)])
    address = hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.path}?{query}".encode()).hexdigest()
    return f"public-page:{site_version()}:{address}"


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
