"""The original sites' JSON API, kept working for the apps that read it.

``/api/news/index.json``, ``/api/news/page/<n>/index.json`` and
``/api/news/<topic-id>/index.json`` (and its ``page/<n>/``) answer
``{"page": n, "value": [...], "nextPage": n + 1}`` with 25 published news items a page,
newest first. The last page says ``"nextPage": null``, as the original sites' pages did.
Each item carries every key the original served, ``null`` where the article has no value;
keys the CMS keeps no column for (``sourceUrl``, ``highlight``, ``tags``,
``updatedDateTime``, the provider's ``publishers`` and ``authors``) come from the file's
own keys when it had them.

Browser apps on any site may read every answer, errors and redirects included (CORS), as
they could read the original static hosts'. They may read its ``ETag`` too and ask again
with it (``If-None-Match``): the browser's preflight for that is answered, and so is the
304 that says nothing changed. The API only reads: other methods get 405.
"""

import datetime
import functools

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.views.decorators.csrf import csrf_exempt

from .caching import article_parts, cache_public_page
from .models import Article, Topic
from .paging import page_of
from .redirects import follow_topic_merges

PAGE_SIZE = 25
IMAGE_KEYS = ("url", "width", "height", "title", "attribution", "isCached")
CORS_HEADERS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag"}
READ_METHODS = "GET, HEAD, OPTIONS"
# A request sending a header its preflight did not allow fails whole: both validators are
# allowed, whichever a client sends. Browsers keep the answer a day at most (Chromium 2 hours).
PREFLIGHT_HEADERS = {
    "Allow": READ_METHODS,
    "Access-Control-Allow-Methods": READ_METHODS,
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def news_articles():
    return Article.objects.published().filter(category="news")


def open_to_every_site(view):
    """Answer in JSON and let a page on any site read the answer, a 404 and a 304 included;
    answer a browser's preflight, and 405 to every method but those that read."""

    @csrf_exempt  # nothing here writes, so a POST has nothing to forge: it is told 405
    @functools.wraps(view)
    def opened(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204, headers=PREFLIGHT_HEADERS)
        elif request.method in ("GET", "HEAD"):
            response = _read(view, request, *args, **kwargs)
        else:
            response = JsonResponse({"error": "Method not allowed"}, status=405, headers={"Allow": READ_METHODS})
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    return opened


def _read(view, request, *args, **kwargs):
    """The view's answer: a 404 in JSON, a 304 to a client that holds the answer already."""
    try:
        response = view(request, *args, **kwargs)
    except Http404:
        return JsonResponse({"error": "Not found"}, status=404)
    if response.has_header("ETag"):
        # ConditionalGetMiddleware would answer 304 with a response of its own, which keeps
        # no CORS header: the 304 is answered here, before they are set.
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    return response


@open_to_every_site
@cache_public_page
def news_index(request, page=None):
    return _news_page(request, news_articles(), page)


@cache_public_page
def _topic_news_index(request, topic_id, page=None):
    topic = get_object_or_404(Topic.objects.public(), slug=topic_id)
    return _news_page(request, news_articles().filter(topic_links__tag=topic), page)


topic_news_index = open_to_every_site(follow_topic_merges(_topic_news_index, "topic_id"))


def _news_page(request, articles, number):
    page = page_of(articles.values_list("pk", "updated_at"), number, per_page=PAGE_SIZE)
    items = Article.objects.for_cards()
    return JsonResponse(
        {
            "page": page.number,
            "value": article_parts(request, "api-item", page.items, items, lambda article: news_item(article, request)),
            "nextPage": page.next_page_number if page.has_next else None,
        }
    )


def news_item(article, request):
    """The API item of an article, key for key as the original sites served it."""
    extra = article.extra.get("", {})
    return {
        "path": article.source_path,
        "title": article.title,
        "excerpt": article.excerpt,
        "sourceUrl": extra.get("sourceUrl"),
        "webUrl": article.web_url or None,
        "originalUrl": article.original_url or None,
        "featuredContent": article.featured_content or None,
        "highlight": extra.get("highlight"),
        "heat": article.heat,
        "tags": extra.get("tags"),
        "images": [_image(image, request) for image in article.images.all()] or None,
        "content": _body_as_filed(article),
        "type": article.type or None,
        "ampWebUrl": article.amp_web_url or None,
        "cdnAmpWebUrl": article.cdn_amp_web_url or None,
        "publishedDateTime": _timestamp(article.published_at),
        "updatedDateTime": extra.get("updatedDateTime"),
        "provider": _provider(article),
        "locale": "en-us",
        "categories": [article.category],
        "topics": [topic.name for topic in article.ordered_topics()],
    }


def _body_as_filed(article):
    """The body with the file's own line endings (stored with plain newlines)."""
    newline = article.layout.get("newline", "\n")
    return article.body.replace("\n", newline) if newline != "\n" else article.body


def _image(image, request):
    # A staff upload's address is the site's own ("/media/..."): clients get it whole.
    return {
        "url": request.build_absolute_uri(image.upload.url) if image.upload else image.url or None,
        "width": image.width,
        "height": image.height,
        "title": image.title or None,
        "attribution": image.attribution or None,
        "isCached": bool(image.is_cached),  # false when the file left it out, as for logos
    }


def _logo(logo):
    return {key: logo.get(key) for key in IMAGE_KEYS} | {"isCached": bool(logo.get("isCached"))}


def _provider(article):
    if article.provider is None:
        return None
    extra = article.extra.get("/provider", {})
    return {
        "name": article.provider_display_name,
        "domain": article.provider.domain,
        "images": [_logo(logo) for logo in article.provider_logos] or None,
        "publishers": extra.get("publishers"),
        "authors": extra.get("authors"),
    }


def _timestamp(moment):
    return moment.astimezone(datetime.UTC).isoformat() if moment else None
