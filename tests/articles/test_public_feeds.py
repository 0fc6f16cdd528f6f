"""Feeds, sitemap and robots.txt: what feed readers and search engines fetch."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.caching import invalidate_public_pages
from articles.importing import import_paths
from articles.models import Article
from tests.conftest import FIXTURES, corpus_sites, requires_corpus

from .public_site_factory import make_article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOT_PUBLIC = [status for status in Article.Status if status != Article.Status.PUBLISHED]


def xml(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_rss_feed_lists_published_articles_newest_first(client):
    older = make_article("Older story", days_ago=3, topics=["AI"])
    make_article("Newer story", days_ago=1)
    make_article("Hidden story", status=Article.Status.UNPUBLISHED)
    response = client.get("/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    items = xml(response).findall("channel/item")
    assert [item.findtext("title") for item in items] == ["Newer story", "Older story"]
    assert items[1].findtext("link") == f"http://testserver{older.get_absolute_url()}"
    assert items[1].findtext("category") == "AI"
    assert items[1].findtext("description") == "The excerpt of Older story."


def test_atom_feed_lists_published_articles(client):
    make_article("A story")
    make_article("Hidden story", status=Article.Status.IN_REVIEW)
    feed = xml(client.get("/feeds/atom/"))
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["A story"]


@pytest.mark.parametrize("url", ["/topics/ai/rss/", "/topics/ai/atom/"])
def test_topic_feeds_list_the_topics_published_articles_only(client, url):
    make_article("On topic", topics=["AI"])
    make_article("Off topic", topics=["Robotics"])
    make_article("Hidden on topic", topics=["AI"], status=Article.Status.REJECTED)
    text = client.get(url).content.decode()
    assert "On topic" in text
    assert "Off topic" not in text and "Hidden on topic" not in text
    assert client.get(url.replace("/ai/", "/nothing/")).status_code == 404


def test_feeds_escape_imported_text(client):
    make_article("A <b>bold</b> & <script>alert(1)</script> title")
    for url in ("/feeds/rss/", "/feeds/atom/"):
        response = client.get(url)
        assert b"<script>" not in response.content
        assert "&lt;script&gt;" in response.content.decode()
        xml(response)  # still well-formed


def test_an_excerpt_that_reads_as_markup_shows_in_feed_readers_as_the_text_it_is(client):
    # Feed readers read an item's description as HTML; the site shows excerpts as text.
    make_article("Tags", excerpt="Comparing <div> and <span> &lt;img src=x onerror=alert(1)&gt;")
    rss = xml(client.get("/feeds/rss/")).find("channel/item/description").text
    atom = xml(client.get("/feeds/atom/")).find(f"{ATOM}entry/{ATOM}summary").text
    assert rss == atom == "Comparing &lt;div&gt; and &lt;span&gt; &lt;img src=x onerror=alert(1)&gt;"


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/topics/ai/rss/"])
def test_characters_xml_cannot_hold_are_left_out_of_feeds(client, url):
    make_article("Form\x0cfeed and \x1bescape", topics=["AI"], provider=("Pasted\x0b", "pasted.example"))
    titles = [element.text for element in xml(client.get(url)).iter() if element.tag in ("title", f"{ATOM}title")]
    assert "Formfeed and escape" in titles


def test_feeds_run_a_fixed_number_of_queries(client):
    def queries(url):
        invalidate_public_pages()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    make_article("A story", topics=["AI", "Robotics"])
    few = [queries("/feeds/rss/"), queries("/topics/ai/atom/")]
    for _ in range(10):
        make_article("A story", topics=["AI", "Robotics"])
    assert [queries("/feeds/rss/"), queries("/topics/ai/atom/")] == few


def sitemap_entries(client, url="/sitemap.xml"):
    root = xml(client.get(url))
    return {entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod") for entry in root}


def test_sitemap_lists_every_published_article_with_its_last_modification(client):
    shown = [make_article("Shown", topics=["AI"]) for _ in range(3)]
    hidden = [make_article("Hidden", status=status, topics=["Secret"]) for status in NOT_PUBLIC]
    entries = sitemap_entries(client)
    for article in shown:
        assert entries[f"http://testserver{article.get_absolute_url()}"] == article.updated_at.date().isoformat()
    for article in hidden:
        assert f"http://testserver{article.get_absolute_url()}" not in entries
    assert "http://testserver/topics/ai/" in entries
    assert "http://testserver/topics/secret/" not in entries


def test_sitemap_lists_the_pages_of_providers_with_published_articles(client):
    make_article("Shown", provider=("Example Times", "example.org"))
    newest = make_article("Newest", provider=("Example Times", "example.org"), days_ago=0)
    make_article("Hidden", provider=("Secret Times", "secret.example"), status=Article.Status.IN_REVIEW)
    entries = sitemap_entries(client)
    assert entries["http://testserver/providers/example.org/"] == newest.updated_at.date().isoformat()
    assert "http://testserver/providers/secret.example/" not in entries


def test_sitemap_index_points_to_every_section(client):
    make_article("Shown", topics=["AI"])
    index = sitemap_entries(client, "/sitemap-index.xml")
    assert set(index) == {
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-topics.xml",
        "http://testserver/sitemap-providers.xml",
    }
    assert "http://testserver/news/" in "".join(sitemap_entries(client, "/sitemap-articles.xml"))


def test_sitemap_lists_the_fixture_sites_published_articles_only(client):
    import_paths([FIXTURES / "site"])
    entries = sitemap_entries(client)
    assert "http://testserver/news/2021-03-02-published-with-crlf-line-endings/" in entries
    assert "http://testserver/news/2021-03-04-newsroom-fixture-robots-learn-to-read/" not in entries


@requires_corpus
@pytest.mark.corpus
def test_sitemap_and_feed_list_exactly_the_published_corpus_articles(client):
    import_paths(corpus_sites())
    published = {f"http://testserver{article.get_absolute_url()}" for article in Article.objects.published()}
    assert {loc for loc in sitemap_entries(client) if "/news/" in loc} == published
    feed_links = {item.findtext("link") for item in xml(client.get("/feeds/rss/")).findall("channel/item")}
    assert feed_links <= published and feed_links


def test_robots_txt_allows_crawling_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    # The index only: it lists each section's pages, where /sitemap.xml stops at 50,000 addresses.
    assert text.count("Sitemap: ") == 1 and "Sitemap: http://testserver/sitemap-index.xml\n" in text
