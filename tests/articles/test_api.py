"""The original sites' JSON API: a client written for them must work unchanged."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.caching import invalidate_article_parts, invalidate_public_pages
from articles.importing import import_paths
from articles.models import Article, Topic
from articles.topics import merge_topics
from tests.conftest import CORPUS, FIXTURES, requires_corpus

from .public_site_factory import make_article

pytestmark = pytest.mark.django_db

SAMPLE = CORPUS / "api-sample" / "news-page-6.json"
PAGE_KEYS = ["page", "value", "nextPage"]
ITEM_KEYS = [
    "path", "title", "excerpt", "sourceUrl", "webUrl", "originalUrl", "featuredContent", "highlight", "heat",
    "tags", "images", "content", "type", "ampWebUrl", "cdnAmpWebUrl", "publishedDateTime", "updatedDateTime",
    "provider", "locale", "categories", "topics",
]  # fmt: skip
IMAGE_KEYS = ["url", "width", "height", "title", "attribution", "isCached"]
PROVIDER_KEYS = ["name", "domain", "images", "publishers", "authors"]
NOT_PUBLIC = [status for status in Article.Status if status != Article.Status.PUBLISHED]


def api(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def instant(text):
    return datetime.datetime.fromisoformat(text)


def test_api_keys_are_the_original_sites_keys_in_their_order():
    if SAMPLE.is_file():  # the real page, when the corpus is present, is the authority
        sample = json.loads(SAMPLE.read_text())
        item = sample["value"][0]
        assert list(sample) == PAGE_KEYS
        assert list(item) == ITEM_KEYS
        assert list(item["images"][0]) == IMAGE_KEYS
        assert list(item["provider"]) == PROVIDER_KEYS


def test_news_index_returns_an_item_with_every_key_of_the_original(client):
    article = make_article(
        "A story",
        topics=["AI", "Robotics"],
        web_url="https://example.org/story",
        body="Body text\r\n",
        heat=72,
        provider_logos=[{"url": "https://example.org/logo-50x50.jpg", "width": 50, "height": 50}],
    )
    page = api(client, "/api/news/index.json")
    assert list(page) == PAGE_KEYS
    assert page["page"] == 1 and page["nextPage"] is None
    [item] = page["value"]
    assert list(item) == ITEM_KEYS
    assert item["title"] == "A story"
    assert item["path"].startswith("_news/") and item["path"].endswith(".md")
    assert item["webUrl"] == "https://example.org/story"
    assert item["originalUrl"] is None and item["ampWebUrl"] is None and item["featuredContent"] is None
    assert item["sourceUrl"] is None and item["highlight"] is None and item["tags"] is None
    assert item["heat"] == 72 and item["content"] == "Body text\r\n" and item["type"] == "article"
    assert item["locale"] == "en-us" and item["categories"] == ["news"] and item["topics"] == ["AI", "Robotics"]
    assert instant(item["publishedDateTime"]) == article.published_at
    assert item["updatedDateTime"] is None
    assert list(item["images"][0]) == IMAGE_KEYS
    assert item["images"][0]["url"].startswith("https://img.example.org/")
    assert item["images"][0]["title"] is None and item["images"][0]["isCached"] is True
    assert list(item["provider"]) == PROVIDER_KEYS
    assert item["provider"]["name"] == "Example Times" and item["provider"]["domain"] == "example.org"
    assert item["provider"]["images"] == [
        {
            "url": "https://example.org/logo-50x50.jpg",
            "width": 50,
            "height": 50,
            "title": None,
            "attribution": None,
            "isCached": False,
        }
    ]
    assert item["provider"]["publishers"] is None and item["provider"]["authors"] is None


def test_missing_values_are_null(client):
    make_article("Bare", provider=None, image=False, heat=None, type="")
    [item] = api(client, "/api/news/index.json")["value"]
    assert item["provider"] is None and item["images"] is None and item["heat"] is None
    assert item["type"] is None


def test_an_image_whose_file_left_out_is_cached_is_not_cached(client):
    make_article("Pictured").images.update(is_cached=None)
    [item] = api(client, "/api/news/index.json")["value"]
    assert item["images"][0]["isCached"] is False  # as the original served logos without the key


def test_news_pages_hold_25_items_newest_first_and_link_the_next(client):
    for number in range(30):
        make_article(f"Story {number:02d}", days_ago=number)
    first = api(client, "/api/news/index.json")
    assert first["page"] == 1 and first["nextPage"] == 2
    assert [item["title"] for item in first["value"]] == [f"Story {number:02d}" for number in range(25)]
    times = [instant(item["publishedDateTime"]) for item in first["value"]]
    assert times == sorted(times, reverse=True)
    second = api(client, "/api/news/page/2/index.json")
    assert second["page"] == 2 and second["nextPage"] is None
    assert [item["title"] for item in second["value"]] == [f"Story {number:02d}" for number in range(25, 30)]
    assert api(client, "/api/news/page/1/index.json") == first
    assert client.get("/api/news/page/3/index.json").status_code == 404
    assert client.get("/api/news/page/0/index.json").status_code == 404


def test_an_empty_site_answers_an_empty_first_page(client):
    assert api(client, "/api/news/index.json") == {"page": 1, "value": [], "nextPage": None}


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_api_never_lists_an_article_that_is_not_published(client, status):
    make_article("Shown", topics=["AI"])
    make_article("Hidden", status=status, topics=["AI"])
    for url in ("/api/news/index.json", "/api/news/ai/index.json"):
        assert [item["title"] for item in api(client, url)["value"]] == ["Shown"]


def test_api_lists_news_only(client):
    make_article("A news story")
    make_article("A course", category="learning")
    assert [item["title"] for item in api(client, "/api/news/index.json")["value"]] == ["A news story"]


def test_topic_index_lists_the_topics_news(client):
    make_article("On topic", topics=["Power Apps"])
    make_article("Off topic", topics=["Power BI"])
    page = api(client, "/api/news/power-apps/index.json")
    assert [item["title"] for item in page["value"]] == ["On topic"]
    assert page["nextPage"] is None
    assert client.get("/api/news/no-such-topic/index.json").status_code == 404


def test_browser_apps_on_other_sites_can_read_every_answer_errors_and_redirects_included(client, admin_user):
    make_article("On topic", topics=["Power Apps", "Canvas Apps"])
    merge_topics(Topic.objects.get(slug="canvas-apps"), into=Topic.objects.get(slug="power-apps"), by=admin_user)
    answers = {
        "/api/news/index.json": 200,
        "/api/news/page/2/index.json": 404,
        "/api/news/page/abc/index.json": 404,  # no page number at all: still the API's answer
        "/api/news/page/-1/index.json": 404,
        "/api/news/page/01/index.json": 404,  # page 1 has one address
        "/api/news/power-apps/page/x/index.json": 404,
        "/api/news/no-such-topic/index.json": 404,
        "/api/news/canvas-apps/index.json": 301,
    }
    for url, status in answers.items():
        response = client.get(url)
        assert (response.status_code, response["Access-Control-Allow-Origin"]) == (status, "*"), url
        if status == 404:
            assert json.loads(response.content) == {"error": "Not found"}


def test_browser_apps_on_other_sites_can_read_the_etag_to_revalidate_with(client):
    response = client.get("/api/news/index.json")
    assert response.has_header("ETag") and not response.has_header("Last-Modified")
    assert response["Access-Control-Expose-Headers"] == "ETag"


def test_browser_apps_on_other_sites_can_read_a_not_modified_answer_too(client):
    make_article("A story", topics=["AI"])
    for url in ("/api/news/index.json", "/api/news/ai/index.json"):
        etag = client.get(url)["ETag"]
        for method in (client.get, client.head):
            response = method(url, HTTP_IF_NONE_MATCH=etag)
            assert (response.status_code, response["Access-Control-Allow-Origin"]) == (304, "*"), url
            assert response["ETag"] == etag and response["Access-Control-Expose-Headers"] == "ETag", url


def test_a_browser_app_on_another_site_may_revalidate_once_its_preflight_is_answered(client, django_assert_num_queries):
    for url in ("/api/news/index.json", "/api/news/ai/page/2/index.json"):
        with django_assert_num_queries(0):
            response = client.options(
                url,
                HTTP_ORIGIN="https://app.example",
                HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
            )
        assert (response.status_code, response.content) == (204, b""), url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        allowed = {name.strip().lower() for name in response["Access-Control-Allow-Headers"].split(",")}
        assert {"if-none-match", "if-modified-since"} <= allowed
        assert int(response["Access-Control-Max-Age"]) > 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/api/news/index.json")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, OPTIONS")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == {"error": "Method not allowed"}


def test_a_client_that_kept_the_etag_is_told_nothing_changed_until_something_did(client, admin_user):
    article = make_article("A story")
    etags = {url: client.get(url)["ETag"] for url in ("/", article.get_absolute_url(), "/api/news/index.json")}
    for url, etag in etags.items():
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url
    workflow.article_unpublish(article, by=admin_user)
    invalidate_public_pages()  # as the workflow does once its transaction commits
    response = client.get("/api/news/index.json", headers={"if-none-match": etags["/api/news/index.json"]})
    assert response.status_code == 200 and json.loads(response.content)["value"] == []


def test_featured_content_is_served_as_the_original_served_it(client):
    embed = '<iframe src="https://www.youtube.com/embed/x" allowfullscreen></iframe>'
    make_article("A video", type="video", featured_content=embed)
    response = client.get("/api/news/index.json")
    assert json.loads(response.content)["value"][0]["featuredContent"] == embed
    assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed and run as HTML
    assert response["Access-Control-Allow-Origin"] == "*"


def test_file_keys_without_a_column_are_served_from_the_file(client):
    make_article(
        "Tagged",
        extra={
            "": {"tags": ["a"], "updatedDateTime": "2021-01-01T00:00:00Z"},
            "/provider": {"authors": [{"name": "X"}]},
        },
    )
    [item] = api(client, "/api/news/index.json")["value"]
    assert item["tags"] == ["a"] and item["updatedDateTime"] == "2021-01-01T00:00:00Z"
    assert item["provider"]["authors"] == [{"name": "X"}]


def test_api_never_serves_the_secured_blob(client):
    import_paths([FIXTURES / "site"])
    assert b"Q1JMRg==" not in client.get("/api/news/index.json").content


def test_api_runs_a_fixed_number_of_queries(client):
    def queries(url, invalidate=invalidate_article_parts):
        invalidate()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    urls = ["/api/news/index.json", "/api/news/ai/index.json"]
    make_article("A story", topics=["AI", "Robotics"])
    few = [queries(url) for url in urls]
    for _ in range(30):
        make_article("A story", topics=["AI", "Robotics"])
    assert [queries(url) for url in urls] == few == [4, 5]  # (the topic,) the items, their rows, images, topics
    # After a publish, the items already rendered are not read again.
    assert [queries(url, invalidate_public_pages) for url in urls] == [1, 2]


@requires_corpus
@pytest.mark.corpus
def test_items_match_the_original_sites_page_for_every_article_the_corpus_holds(client):
    import_paths([CORPUS / "microsoft-power-apps"])
    ours, url = {}, "/api/news/index.json"
    while url:
        page = api(client, url)
        ours.update((item["path"], item) for item in page["value"])
        url = f"/api/news/page/{page['nextPage']}/index.json" if page["nextPage"] else None
    compared = 0
    for original in json.loads(SAMPLE.read_text())["value"]:
        if (CORPUS / "microsoft-power-apps" / original["path"]).is_file():
            item = ours[original["path"]]
            assert instant(item.pop("publishedDateTime")) == instant(original.pop("publishedDateTime"))
            # The empty body is "\n" in the corpus's LF files and was "\r\n" where the site was built.
            assert item.pop("content").strip() == original.pop("content").strip()
            assert item == original
            compared += 1
    assert compared >= 3
