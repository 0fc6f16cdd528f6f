"""The public reader site: what a reader and a search engine see, and what they never see."""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.defaults import server_error

import articles.html
from articles import provider_merges, topics
from articles.caching import invalidate_article_parts, invalidate_public_pages
from articles.importing import import_paths
from articles.models import Article, Topic
from articles.views import PER_PAGE
from providers.models import Provider
from tests.conftest import CORPUS, FIXTURES, corpus_sites, requires_corpus

from .public_site_factory import make_article

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [status for status in Article.Status if status != Article.Status.PUBLISHED]
VIDEO_EMBED = (
    '<iframe width="800" height="500" frameborder="0" src="https://www.youtube.com/embed/4xfT4uZPLlw" '
    'allow="accelerometer; autoplay; encrypted-media" allowfullscreen></iframe>'
)


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def fixture_site_imported():
    report = import_paths([FIXTURES / "site"])
    assert not report.failures
    return report


# --------------------------------------------------------------------------- home


def test_home_lists_published_articles_newest_first_as_cards(client):
    older = make_article("Older story", days_ago=5, topics=["Robotics"])
    newer = make_article("Newer story", days_ago=1, topics=["AI"])
    page = html(client.get("/"))
    assert page.index("Newer story") < page.index("Older story")
    for article in (older, newer):
        assert f'href="{article.get_absolute_url()}"' in page
        assert article.excerpt in page
    assert 'src="https://img.example.org/' in page
    assert 'href="/providers/example.org/">Example Times</a>' in page
    assert 'href="/topics/robotics/">Robotics</a>' in page
    assert '<time datetime="2024-04-30T12:00:00+00:00">30 Apr 2024</time>' in page


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_home_never_shows_an_article_that_is_not_published(client, status):
    make_article("Visible story")
    make_article("Hidden story", status=status)
    page = html(client.get("/"))
    assert "Visible story" in page
    assert "Hidden story" not in page


def test_home_paginates_and_a_page_past_the_last_is_not_found(client):
    for number in range(PER_PAGE + 1):
        make_article(f"Story {number:02d}", days_ago=number)
    first = html(client.get("/"))
    assert "Story 00" in first and f"Story {PER_PAGE:02d}" not in first
    assert 'rel="next" href="?page=2"' in first
    second = html(client.get("/?page=2"))
    assert f"Story {PER_PAGE:02d}" in second and "Story 00" not in second
    assert 'rel="prev" href="/"' in second  # page 1 has one address
    assert 'rel="next"' not in second
    assert "<title>Newsroom: the latest news</title>" in first  # each page has a title of its own
    assert "<title>Newsroom: the latest news — page 2</title>" in second
    assert (
        '<meta name="description" content="The latest news, videos and announcements, picked and reviewed by the Newsroom editors. — page 2">'
        in second
    )
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=zero").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/?page=99999999999999999999",
        "/topics/ai/?page=922337203685477580",
        "/api/news/page/99999999999999999999/index.json",
    ],
)
def test_a_page_number_beyond_any_listing_is_not_found(client, address):
    make_article("A story", topics=["AI"])
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("number", ["01", "001", "%2B1", "%201", "0_1", "١"])
def test_a_page_number_written_other_than_as_the_pager_writes_it_is_not_found(client, number):
    make_article("A story", topics=["AI"])
    for address in (
        "/?page={}",
        "/topics/ai/?page={}",
        "/api/news/page/{}/index.json",
        "/api/news/ai/page/{}/index.json",
    ):
        assert client.get(address.format(number)).status_code == 404, address  # not page 1 at a second address


def test_home_shows_the_fixture_sites_published_articles_only(client, fixture_site_imported):
    page = html(client.get("/"))
    assert "Published with CRLF line endings" in page
    assert "No final newline" in page
    assert "Robots learn to read" not in page  # published: false in its file


# --------------------------------------------------------------------------- article page


def test_article_page_lives_at_the_original_sites_address(client, fixture_site_imported):
    page = html(client.get("/news/2021-03-02-published-with-crlf-line-endings/"))
    assert "<h1>Published with CRLF line endings</h1>" in page
    assert "Windows wrote this one." in page
    assert 'href="https://blog.example.net/crlf"' in page
    assert '<img src="https://blog.example.net/social.png" alt="Published with CRLF line endings"' in page
    assert 'href="/topics/ai/">AI</a>' in page
    assert "Q1JMRg==" not in page  # the secured blob is never shown


def test_article_address_without_its_trailing_slash_redirects_to_it(client, fixture_site_imported):
    response = client.get("/news/2021-03-02-published-with-crlf-line-endings")
    assert response.status_code == 301
    assert response["Location"] == "/news/2021-03-02-published-with-crlf-line-endings/"


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_article_page_of_an_article_that_is_not_published_is_not_found(client, status):
    article = make_article("Hidden story", status=status)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Hidden story" not in response.content.decode()


def test_article_page_shows_everything_a_reader_needs(client):
    article = make_article(
        "A full story",
        topics=["AI", "Robotics"],
        original_url="https://example.org/full?utm=1&x=2",
        body="Some **bold** words, ~~struck~~.[^1]\n\n| Score | Team |\n|---|---|\n| 3 | Home |\n\n[^1]: A note.\n",
        related=[
            {
                "title": "A related story",
                "excerpt": "More on this.",
                "web_url": "https://news.example.com/related",
                "provider_name": "Example News",
            }
        ],
    )
    page = html(client.get(article.get_absolute_url()))
    assert "<h1>A full story</h1>" in page
    assert article.excerpt in page
    assert 'href="https://example.org/full?utm=1&amp;x=2"' in page
    assert "Read the original on Example Times" in page
    assert "<strong>bold</strong>" in page
    assert "<del>struck</del>" in page and "<td>Home</td>" in page  # GitHub-flavoured Markdown
    assert re.search(r'<section>\s*<ol>\s*<li id="body-fn-1">\s*<p>A note\.', page) and "<sup>" in page  # footnotes
    assert 'href="https://news.example.com/related" rel="noopener">A related story</a>' in page
    assert "Example News" in page
    assert '<time datetime="' in page


def test_a_related_item_without_a_title_is_still_a_named_link(client):
    article = make_article("A story", related=[{"title": "", "web_url": "https://news.example.com/untitled"}])
    page = html(client.get(article.get_absolute_url()))
    assert 'href="https://news.example.com/untitled" rel="noopener">Untitled</a>' in page


def test_a_players_title_names_the_story_as_readers_see_it(client):
    video = make_article("Tom&#8217;s video", type="video", featured_content=VIDEO_EMBED)
    assert 'title="Video: Tom’s video"' in html(client.get(video.get_absolute_url()))


def test_video_page_embeds_the_player_instead_of_the_image(client):
    video = make_article(
        "A video", type="video", featured_content=VIDEO_EMBED, original_url="https://youtube.com/watch?v=4xfT4uZPLlw"
    )
    page = html(client.get(video.get_absolute_url()))
    assert '<div class="video"><iframe' in page
    assert 'src="https://www.youtube.com/embed/4xfT4uZPLlw"' in page
    assert 'title="Video: A video"' in page
    assert 'class="story__image"' not in page
    assert "Watch the original on Example Times" in page


@pytest.mark.parametrize(
    "featured_content",
    [
        '<iframe src="https://evil.example.com/embed/x"></iframe>',
        "<script>alert('embed')</script>",
        '<img src="x" onerror="alert(1)">',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="http://www.youtube.com/embed/x"></iframe>',
        '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
        '<iframe src="https://www.youtube.com/embed/../../redirect?q=https://evil.example"></iframe>',
        '<iframe src="https://www.youtube.com/embed/%2e%2e/redirect?q=https://evil.example"></iframe>',
        '<iframe src="https://www.youtube.com/embed/..\\redirect?q=https://evil.example"></iframe>',
        '<iframe src="https://evil.example\\@www.youtube.com/embed/x"></iframe>',  # browsers go to evil.example
        '<iframe src="https://evil.example%5C@www.youtube.com/embed/x"></iframe>',
        '<iframe src="https://evil.example@www.youtube.com/embed/x"></iframe>',
    ],
)
def test_an_embed_that_is_not_a_known_video_player_is_dropped(client, featured_content):
    video = make_article("A video", type="video", featured_content=featured_content)
    page = html(client.get(video.get_absolute_url()))
    assert "<iframe" not in page
    assert "alert" not in page
    assert "onerror" not in page
    assert "evil.example" not in page


def test_an_allowed_player_loses_its_event_handlers_and_inline_content(client):
    embed = '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)" srcdoc="<b>x</b>"><script>alert(2)</script></iframe>'
    video = make_article("A video", type="video", featured_content=embed)
    page = html(client.get(video.get_absolute_url()))
    assert 'src="https://www.youtube.com/embed/x"' in page
    assert "onload" not in page and "srcdoc" not in page and "alert" not in page


def test_a_frame_written_inside_an_allowed_player_is_held_to_the_allow_list_too():
    embed = (
        '<iframe src="https://www.youtube.com/embed/ok">'
        '<iframe src="javascript:alert(document.domain)" onload="alert(1)" srcdoc="<b>x</b>"></iframe></iframe>'
    )
    player = articles.html.sanitize_embed(embed)
    assert player.count("<iframe") == 1 and 'src="https://www.youtube.com/embed/ok"' in player
    assert "javascript" not in player and "onload" not in player and "srcdoc" not in player


def test_a_player_gets_the_sites_loading_and_referrer_policy_not_the_files():
    embed = '<iframe src="https://www.youtube.com/embed/x" loading="eager" referrerpolicy="unsafe-url"></iframe>'
    player = articles.html.sanitize_embed(embed)
    assert player.count("loading=") == 1 and 'loading="lazy"' in player
    assert player.count("referrerpolicy=") == 1 and 'referrerpolicy="strict-origin-when-cross-origin"' in player


def test_every_worker_process_writes_a_player_alike():
    """A page's bytes, and so its ETag, must not depend on which worker rendered it."""
    script = f"from articles.html import sanitize_embed; print(sanitize_embed({VIDEO_EMBED!r}))"
    project = Path(__file__).resolve().parents[2]
    workers = [
        subprocess.Popen([sys.executable, "-c", script], cwd=project, stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    assert len({worker.communicate()[0] for worker in workers}) == 1


def test_imported_text_is_escaped_everywhere_it_appears(client):
    hostile = '<script>alert("x")</script>'
    article = make_article(
        f"Title {hostile}",
        excerpt=f"Excerpt {hostile}",
        topics=[f"Topic {hostile}"],
        provider=(f"Provider {hostile}", "hostile.example"),
        body=f"Body {hostile} <img src=x onerror=alert(1)> [link](javascript:alert(1))",
        original_url="javascript:alert(1)",
    )
    for url in ("/", article.get_absolute_url(), "/providers/hostile.example/", "/search/?q=Title"):
        page = html(client.get(url))
        assert "<script>alert" not in page, url
        assert "onerror" not in page and "javascript:" not in page, url
        assert "&lt;script&gt;" in page, url


def test_article_page_has_title_description_canonical_and_social_tags(client):
    article = make_article("A shareable story", excerpt="What the story says.")
    page = html(client.get(article.get_absolute_url()))
    url = f"http://testserver{article.get_absolute_url()}"
    assert "<title>A shareable story — Newsroom</title>" in page
    assert '<meta name="description" content="What the story says.">' in page
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="A shareable story — Newsroom">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:image" content="https://img.example.org/' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert 'name="robots"' not in page


def test_article_page_describes_itself_as_a_schema_org_news_article(client):
    article = make_article("Structured </script><script>alert(1)</script>", topics=["AI"])
    page = html(client.get(article.get_absolute_url()))
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["author"] == {"@type": "Organization", "name": "Example Times"}
    assert data["keywords"] == ["AI"]
    assert data["mainEntityOfPage"] == f"http://testserver{article.get_absolute_url()}"
    assert "<script>alert" not in page


def test_an_unusable_original_url_falls_back_to_the_web_url_in_the_link_and_the_structured_data(client):
    article = make_article("A story", original_url="javascript:alert(1)", web_url="https://example.org/story")
    page = html(client.get(article.get_absolute_url()))
    assert 'class="button" href="https://example.org/story"' in page and "javascript:" not in page
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(found.group(1))["isBasedOn"] == "https://example.org/story"


def test_article_template_renders_an_unpublished_article_for_staff_preview(rf):
    from django.template.loader import render_to_string

    article = make_article("Draft story", status=Article.Status.IN_REVIEW, type="video", featured_content=VIDEO_EMBED)
    page = render_to_string(
        "articles/article_detail.html", {"article": article, "preview": True}, request=rf.get("/preview/")
    )
    assert "<h1>Draft story</h1>" in page
    assert 'src="https://www.youtube.com/embed/4xfT4uZPLlw"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "Staff preview: this article is in review, so readers cannot see it." in page


def test_staff_view_a_published_article_on_the_site_and_preview_any_other(admin_client):
    published, draft = make_article("Out"), make_article("Draft", status=Article.Status.IN_REVIEW)
    page = html(admin_client.get(reverse("admin:articles_article_change", args=[published.pk])))
    assert f'href="{published.get_absolute_url()}" class="viewsitelink"' in page

    page = html(admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])))
    assert 'class="viewsitelink"' not in page  # the public page is a 404: one button, Preview
    assert f'href="/admin/articles/article/{draft.pk}/preview/"' in page


# --------------------------------------------------------------------------- topics, providers, types


def test_topic_page_lists_its_published_articles_and_child_topics(client):
    parent = Topic.objects.create(name="Power Apps", slug="power-apps")
    Topic.objects.create(name="AI Builder", slug="ai-builder", parent=parent)
    Topic.objects.create(name="Drafts only", slug="drafts-only", parent=parent)
    make_article("On topic", topics=["Power Apps"])
    make_article("Off topic", topics=["Other"])
    make_article("Hidden on topic", topics=["Power Apps", "Drafts only"], status=Article.Status.UNPUBLISHED)
    make_article("Builder story", topics=["AI Builder"])
    page = html(client.get("/topics/power-apps/"))
    assert "<h1>Power Apps" in page
    assert "On topic" in page
    assert "Off topic" not in page and "Hidden on topic" not in page
    assert 'href="/topics/ai-builder/">AI Builder</a>' in page
    assert "Drafts only" not in page
    assert 'href="/topics/power-apps/rss/"' in page


def test_child_topic_page_links_back_to_its_parent_when_the_parent_has_a_page(client):
    parent = Topic.objects.create(name="Power Apps", slug="power-apps")
    Topic.objects.create(name="AI Builder", slug="ai-builder", parent=parent)
    make_article("Builder story", topics=["AI Builder"])
    assert client.get("/topics/power-apps/").status_code == 404
    assert 'href="/topics/power-apps/"' not in html(client.get("/topics/ai-builder/"))
    make_article("Apps story", topics=["Power Apps"])
    invalidate_public_pages()
    assert 'href="/topics/power-apps/">Power Apps</a>' in html(client.get("/topics/ai-builder/"))


def test_unknown_topic_is_not_found(client):
    assert client.get("/topics/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/topics/secret/",
        "/topics/secret/rss/",
        "/topics/secret/atom/",
        "/api/news/secret/index.json",
        "/providers/secret.example/",
    ],
)
def test_topics_and_providers_of_unpublished_articles_only_have_no_public_address(client, address):
    for status in NOT_PUBLIC:
        make_article("Hidden", topics=["Secret"], provider=("Secret Source", "secret.example"), status=status)
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    ("merged", "survivor"),
    [
        ("/topics/machine-learning/?page=1", "/topics/ai/?page=1"),
        ("/topics/machine-learning/rss/", "/topics/ai/rss/"),
        ("/api/news/machine-learning/page/1/index.json", "/api/news/ai/page/1/index.json"),
        ("/providers/old.example/", "/providers/example.org/"),
    ],
)
def test_addresses_of_merged_topics_and_providers_lead_to_the_survivors(client, merged, survivor):
    admin = User.objects.create_superuser("chief")
    make_article("Learning story", topics=["Machine Learning"], provider=("Old Source", "old.example"))
    make_article("AI story", topics=["AI"])
    topics.merge_topics(Topic.objects.get(name="Machine Learning"), into=Topic.objects.get(name="AI"), by=admin)
    provider_merges.merge_providers(
        Provider.objects.get(domain="old.example"), into=Provider.objects.get(domain="example.org"), by=admin
    )
    response = client.get(merged)
    assert (response.status_code, response["Location"]) == (301, survivor)
    assert client.get(survivor).status_code == 200


@pytest.mark.parametrize(
    "merged", ["/topics/old-name/", "/topics/old-name/rss/", "/api/news/old-name/index.json", "/providers/old.example/"]
)
def test_a_merged_address_does_not_reveal_a_survivor_only_unpublished_articles_use(client, merged):
    admin = User.objects.create_superuser("chief")
    make_article(
        "Old story", topics=["Old name"], provider=("Old Source", "old.example"), status=Article.Status.REJECTED
    )
    secret = ("Falcon", "falcon-secret.example")
    make_article("Secret story", topics=["Project Falcon"], provider=secret, status=Article.Status.IN_REVIEW)
    topics.merge_topics(Topic.objects.get(name="Old name"), into=Topic.objects.get(name="Project Falcon"), by=admin)
    provider_merges.merge_providers(
        Provider.objects.get(domain="old.example"), into=Provider.objects.get(domain="falcon-secret.example"), by=admin
    )
    response = client.get(merged)
    assert response.status_code == 404
    assert "falcon" not in response.content.decode().lower()


def test_topic_index_counts_published_articles_only(client):
    make_article("One", topics=["AI"])
    make_article("Two", topics=["AI"])
    make_article("Hidden", topics=["AI", "Secret"], status=Article.Status.IN_REVIEW)
    page = html(client.get("/topics/"))
    assert 'href="/topics/ai/">AI</a> <span class="count">2 articles</span>' in page
    assert "Secret" not in page


def test_topic_index_lists_topics_alphabetically_with_subtopics_under_their_parent(client):
    make_article("Robot story", topics=["Robotics", "Technology"])
    make_article("AI story", topics=["AI"])
    make_article("Climate story", topics=["Climate"])
    technology = Topic.objects.get(name="Technology")
    Topic.objects.filter(name__in=["AI", "Robotics"]).update(parent=technology)
    page = html(client.get("/topics/"))
    names = re.findall(r'<a href="/topics/[^/]+/">([^<]+)</a>', page)
    assert names == ["Climate", "Technology", "AI", "Robotics"]
    nested = re.search(r">Technology</a>.*?<ul>(.*?)</ul>", page, re.S).group(1)
    assert ">AI</a>" in nested and ">Robotics</a>" in nested and "Climate" not in nested


def test_a_server_error_shows_the_sites_own_page_without_needing_a_request(rf):
    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page and 'href="/static/css/site.css"' in page
    assert '<a href="/">See the latest news</a>' in page


def test_a_server_error_page_names_the_sites_icon_so_the_browser_asks_for_no_missing_favicon_ico(rf):
    page = server_error(rf.get("/")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_staff_reach_a_providers_or_topics_public_page_from_its_admin_page_while_it_has_one(admin_client):
    article = make_article("From Example", topics=["AI"], provider=("Example Times", "example.org"))
    provider, topic = Provider.objects.get(domain="example.org"), Topic.objects.get(name="AI")
    provider_admin = reverse("admin:providers_provider_change", args=[provider.pk])
    topic_admin = reverse("admin:articles_topic_change", args=[topic.pk])
    assert 'href="/providers/example.org/" class="viewsitelink"' in html(admin_client.get(provider_admin))
    assert 'href="/topics/ai/" class="viewsitelink"' in html(admin_client.get(topic_admin))

    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)  # its pages are 404 now
    assert "viewsitelink" not in html(admin_client.get(provider_admin))
    assert "viewsitelink" not in html(admin_client.get(topic_admin))


def test_provider_page_lists_the_providers_published_articles(client):
    make_article("From Example", provider=("Example Times", "example.org"), days_ago=1)
    make_article("From elsewhere", provider=("Elsewhere", "elsewhere.example"))
    make_article("Hidden from Example", status=Article.Status.REJECTED)
    make_article("Older from Example", provider=("Example Times", "example.org"), days_ago=40)
    page = html(client.get("/providers/example.org/"))
    assert "<h1>Example Times" in page
    assert page.index("From Example") < page.index("Older from Example")
    assert "From elsewhere" not in page and "Hidden from Example" not in page
    assert client.get("/providers/unknown.example/").status_code == 404


def test_provider_page_is_described_by_the_providers_description_or_else_by_its_name(client):
    make_article("From Example", provider=("Example Times", "example.org"))
    make_article("From Plain", provider=("Plain News", "plain.example"))
    Provider.objects.filter(domain="example.org").update(description="News from the example coast.")
    assert '<meta name="description" content="News from the example coast.">' in html(
        client.get("/providers/example.org/")
    )
    assert '<meta name="description" content="The latest articles from Plain News on Newsroom.">' in html(
        client.get("/providers/plain.example/")
    )


def test_type_filter_shows_videos_or_articles_only(client):
    make_article("A video", type="video")
    make_article("A written story", type="article")
    videos = html(client.get("/type/video/"))
    assert "A video" in videos and "A written story" not in videos
    assert 'href="/type/video/" aria-current="page"' in videos
    stories = html(client.get("/type/article/"))
    assert "A written story" in stories and "A video" not in stories
    assert client.get("/type/podcast/").status_code == 404


# --------------------------------------------------------------------------- search


def test_search_finds_words_in_title_excerpt_provider_and_topics(client):
    make_article("Quantum leap", excerpt="Nothing else.")
    make_article("Plain title", excerpt="A quantum excerpt.")
    make_article("Another title", provider=("Quantum Weekly", "quantum.example"))
    make_article("Tagged title", topics=["Quantum Computing"])
    make_article("Unrelated", excerpt="Nothing here.")
    page = html(client.get("/search/?q=quantum"))
    for title in ("Quantum leap", "Plain title", "Another title", "Tagged title"):
        assert title in page
    assert "Unrelated" not in page


def test_search_ranks_a_title_match_above_an_excerpt_match(client):
    make_article("Plain title", excerpt="Mentions robots once.", days_ago=1)
    make_article("Robots everywhere", excerpt="Nothing else.", days_ago=30)
    page = html(client.get("/search/?q=robots"))
    assert page.index("Robots everywhere") < page.index("Plain title")


def test_search_needs_every_word(client):
    make_article("Robots learn to read")
    make_article("Robots learn to walk")
    page = html(client.get("/search/?q=robots+read"))
    assert "Robots learn to read" in page and "Robots learn to walk" not in page


def test_search_finds_a_quoted_phrase_as_a_phrase(client):
    make_article("Power Apps arrive on phones")
    make_article("Apps for power users")
    page = html(client.get("/search/", {"q": '"power apps"'}))
    assert "Power Apps arrive on phones" in page and "Apps for power users" not in page


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_search_never_finds_an_article_that_is_not_published(client, status):
    make_article("Secret robots", status=status)
    page = html(client.get("/search/?q=robots"))
    assert "Secret robots" not in page
    assert "No articles match your search" in page


def test_search_without_words_asks_for_some(client):
    make_article("Anything")
    page = html(client.get("/search/?q=+"))
    assert "Type a few words" in page and "Anything" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_search_results_are_not_indexed_and_their_address_keeps_the_words_and_the_page(client):
    for number in range(PER_PAGE + 1):
        make_article(f"Power story {number:02d}", days_ago=number)
    first = html(client.get("/search/", {"q": " power   story "}))
    url = "http://testserver/search/?q=power%20story"
    assert f'<link rel="canonical" href="{url}">' in first and f'<meta property="og:url" content="{url}">' in first
    assert 'rel="next" href="?q=power%20story&amp;page=2"' in first  # written alike
    second = html(client.get("/search/", {"q": "power story", "page": 2}))
    url = "http://testserver/search/?q=power%20story&amp;page=2"
    assert 'rel="prev" href="?q=power%20story"' in second
    assert f'<link rel="canonical" href="{url}">' in second and f'<meta property="og:url" content="{url}">' in second
    assert '<meta name="robots" content="noindex">' in first and '<meta name="robots" content="noindex">' in second


def test_search_finds_an_article_by_its_edited_title_and_no_longer_by_the_old_one(client):
    article = make_article("Robots learn to read", excerpt="Nothing else.")
    article.title = "Drones learn to fly"
    article.save()
    assert "Drones learn to fly" in html(client.get("/search/?q=drones"))
    invalidate_public_pages()
    assert "No articles match your search" in html(client.get("/search/?q=robots"))


def test_search_ranks_the_newest_matches_when_too_many_articles_match(client, monkeypatch):
    monkeypatch.setattr("articles.search.MAX_CANDIDATES", 2)
    make_article("Robots everywhere", excerpt="Nothing else.", days_ago=30)
    make_article("Plain title", excerpt="Mentions robots once.", days_ago=2)
    make_article("Another title", excerpt="Mentions robots too.", days_ago=1)
    make_article("Hidden robots", status=Article.Status.IN_REVIEW, days_ago=0)
    page = html(client.get("/search/?q=robots"))
    assert "Plain title" in page and "Another title" in page
    assert "Robots everywhere" not in page  # older than the two newest matches
    assert "Hidden robots" not in page


def test_search_by_topic_name_still_ranks_the_newest_matches_first_among_equals(client):
    make_article("Older tagged", topics=["Quantum Computing"], days_ago=9)
    make_article("Newer tagged", topics=["Quantum Computing"], days_ago=1)
    make_article("Hidden tagged", topics=["Quantum Computing"], status=Article.Status.REJECTED)
    page = html(client.get("/search/?q=computing"))
    assert page.index("Newer tagged") < page.index("Older tagged")
    assert "Hidden tagged" not in page


@pytest.mark.parametrize("typed", ["'", "’"], ids=["typed-plain", "typed-typographic"])
@pytest.mark.parametrize(
    "written", ["'", "’", "&#8217;"], ids=["written-plain", "written-typographic", "written-entity"]
)
def test_search_matches_an_apostrophe_whichever_one_the_title_and_the_query_use(client, written, typed):
    make_article(f"How Microsoft{written}s Digital Transformation Group works", excerpt="Nothing else.")
    make_article("Digital plans of another company", excerpt="Nothing else.")
    for query in (f"Microsoft{typed}s digital", f'"Microsoft{typed}s digital"'):
        page = html(client.get("/search/", {"q": query}))
        assert "Digital Transformation Group" in page, query
        assert "Digital plans" not in page, query


def test_search_matches_a_topic_whichever_apostrophe_it_uses(client):
    make_article("Tagged title", topics=["Women’s health"])
    assert "Tagged title" in html(client.get("/search/", {"q": "women's"}))


def test_search_reads_typographic_double_quotes_as_a_phrase(client):
    make_article("Power Apps arrive on phones")
    make_article("Apps for power users")
    page = html(client.get("/search/", {"q": "“power apps”"}))
    assert "Power Apps arrive on phones" in page and "Apps for power users" not in page


def test_search_ignores_the_case_of_letters_beyond_ascii(client):
    make_article("Café culture returns", excerpt="Nothing else.")
    make_article("ÉCOLE DES ROBOTS", excerpt="Nothing else.")
    assert "Café culture returns" in html(client.get("/search/", {"q": "CAFÉ"}))
    assert "ÉCOLE DES ROBOTS" in html(client.get("/search/", {"q": "école"}))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index exists on PostgreSQL only")
def test_full_text_search_finds_rare_words_through_the_index_and_ranks_without_recomputing():
    from articles.search import search_articles

    Article.objects.bulk_create(
        Article(source_path=f"_news/filler-{n}.md", slug=f"filler-{n}", title=f"Filler story {n}", status="published")
        for n in range(2000)
    )
    make_article("Zebras escape the zoo")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    plan = search_articles("zebras").explain()
    assert "article_search_document" in plan
    assert "ts_rank(articles_article.search_document" in plan and "to_tsvector" not in plan  # nothing recomputed


# --------------------------------------------------------------------------- speed


PAGES = ["/", "/?page=2", "/type/video/", "/topics/ai/", "/providers/example.org/", "/search/?q=story", "/topics/"]


def page_queries(client, url, invalidate=invalidate_article_parts):
    """The queries ``url`` runs once ``invalidate`` made it stale: by default with nothing
    cached, so every card or article page on it is rendered."""
    invalidate()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_articles(count):
    for _ in range(count):
        make_article("A story", topics=["AI", "Robotics"], type="video", related=[{"title": "Related"}])


def test_each_page_runs_a_fixed_number_of_queries_whatever_the_number_of_articles(client):
    add_articles(PER_PAGE + 2)
    detail = Article.objects.first().get_absolute_url()
    few = {url: page_queries(client, url) for url in [*PAGES, detail]}
    add_articles(PER_PAGE * 2)
    many = {url: page_queries(client, url) for url in [*PAGES, detail]}
    assert many == few
    assert few["/"] == 4  # which articles; then their rows, images and topics
    assert few[detail] == 6


def test_a_page_rendered_again_after_a_publish_reads_only_which_articles_it_shows(client):
    add_articles(PER_PAGE + 2)
    detail = Article.objects.first().get_absolute_url()
    for url in [*PAGES, detail]:
        client.get(url)  # renders each card and article page once
    after = {url: page_queries(client, url, invalidate_public_pages) for url in [*PAGES, detail]}
    assert after["/"] == after["/?page=2"] == after["/type/video/"] == after[detail] == 1
    assert after["/providers/example.org/"] == 2  # the provider; which articles, which also says it has a page
    assert after["/topics/ai/"] == 3  # the topic; which articles; its subtopics with a page


def test_a_cached_page_is_served_without_a_query(client, django_assert_num_queries):
    add_articles(3)
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_query_parameters_no_page_reads_are_served_from_the_cached_page(client, django_assert_num_queries):
    add_articles(PER_PAGE + 1)
    assert "page 2" in html(client.get("/?page=2"))
    with django_assert_num_queries(0):  # made-up parameters cannot force a fresh render
        assert "page 2" in html(client.get("/?page=2&utm_source=x&cachebuster=1"))
        assert "page 2" in html(client.get("/?cachebuster=2&page=2"))
    assert "page 2" not in html(client.get("/?page=1&cachebuster=3"))


def test_a_body_is_rendered_once_however_often_its_page_is(client, monkeypatch):
    article = make_article("Long read", body="Some *text*.")
    renders = []
    render = articles.html.cmarkgfm.markdown_to_html_with_extensions
    monkeypatch.setattr(
        articles.html.cmarkgfm, "markdown_to_html_with_extensions", lambda *a, **k: renders.append(1) or render(*a, **k)
    )
    for _ in range(3):
        invalidate_public_pages()
        assert "<em>text</em>" in html(client.get(article.get_absolute_url()))
    assert len(renders) == 1


def test_a_bodys_relative_addresses_lead_to_the_original_site_or_are_dropped(client):
    body = '<img src="/html/emoticons/1f642.png" alt="smile"> [the guide](guide/start) [below](#setup)'
    original = "https://community.example.com/t5/blog/post/123"
    linked = html(client.get(make_article("From the community", body=body, original_url=original).get_absolute_url()))
    assert '<img src="https://community.example.com/html/emoticons/1f642.png" alt="smile">' in linked
    assert 'href="https://community.example.com/t5/blog/post/guide/start"' in linked
    assert 'href="#body-setup"' in linked  # a link within the body stays, led to the body's ids

    unlinked = html(client.get(make_article("Nowhere to point", body=body, original_url="").get_absolute_url()))
    assert '<img alt="smile">' in unlinked and "guide/start" not in unlinked  # not this site's 404s
    assert 'href="#body-setup"' in unlinked


def test_a_bodys_footnotes_lead_to_their_notes_and_back_and_its_ids_never_pass_for_the_pages(client):
    body = (
        'A claim.[^1] Again.[^1]\n\n<p id="header"><a id="main" href="#main">An anchor</a></p>\n\n'
        "[Back to the top](#)\n\n[^1]: The source.\n"
    )
    page = html(client.get(make_article("Footnoted", body=body).get_absolute_url()))
    story = page.split('<div class="story__body">')[1]
    ids, targets = re.findall(r' id="([^"]*)"', story), re.findall(r' href="#([^"]+)"', story)
    assert 'href="#"' in story  # the top of the page, as before
    assert len(targets) == 5 and set(targets) <= set(ids)  # two references, two ways back, the anchor
    assert re.search(rf'<li id="{targets[0]}">\s*<p>The source\.', story)
    assert 'aria-label="Back to reference 1"' in story  # what a screen reader says for the way back
    assert 'id="header"' not in page and page.count('id="main"') == 1  # the page's own <main> only


def test_a_nested_body_renders_and_one_nested_too_deep_to_clean_quickly_is_shown_as_text(client):
    nested = "\n".join("  " * depth + f"- item {depth}" for depth in range(40))
    too_deep = ">" * 500 + " quote 500"
    page = html(client.get(make_article("Nested", body=nested).get_absolute_url()))
    assert "<li>item 39" in page
    page = html(client.get(make_article("Too deep", body=too_deep).get_absolute_url()))
    assert "&gt;&gt;&gt; quote 500" in page and "<blockquote>" not in page


@pytest.mark.parametrize(
    "opener", ["<!-- TODO: image here", "<?php echo 1;", "<![CDATA[ x", "<!DOCTYPE", "<script src=x", "> <!-- quoted"]
)
def test_an_unclosed_html_opener_does_not_hide_the_rest_of_the_body(client, opener):
    article = make_article("Unclosed", body=f"Intro.\n\n{opener}\n\nSecond paragraph with **bold**.")
    page = html(client.get(article.get_absolute_url()))
    assert "Second paragraph with <strong>bold</strong>." in page
    assert "&lt;" + opener.removeprefix("> ")[1:] in page


def test_an_unclosed_opener_in_fenced_code_stays_code(client):
    article = make_article("Code sample", body="```html\n<!-- start of the template\n```\n\nAfter **it**.")
    page = html(client.get(article.get_absolute_url()))
    assert "<pre><code>&lt;!-- start of the template\n</code></pre>" in page
    assert "After <strong>it</strong>." in page


def test_closed_comments_are_dropped_and_the_text_around_them_kept(client):
    article = make_article(
        "Commented", body="Before <!-- inline --> after.\n\n<!-- a block\nof notes -->\n\nEnd **here**."
    )
    page = html(client.get(article.get_absolute_url()))
    assert "Before  after." in page and "End <strong>here</strong>." in page and "notes" not in page


# Python-Markdown took about a minute over the first (it grows with the square of the
# brackets); cleaning 100,000 nested quotes or blocks took 35 s. The bound only catches a
# page that hangs.
HOSTILE_BODIES = {
    "unclosed brackets": "[" * 20_000,
    "unclosed links": "[a](" * 20_000,
    "unclosed emphasis": "*a **b " * 20_000,
    "unclosed tags": "<a " * 20_000,
    "nested quotes": ">" * 100_000,
    "nested blocks": "<div>" * 100_000,
    # Each more doubled the time before the quote markers were matched possessively.
    "quote markers": "> " * 26 + "x",
    "spaced quote markers": "   >" * 26 + "x",
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_a_body_built_to_be_slow_does_not_hang_its_page(client, body):
    article = make_article("Hostile body", body=body + " the end")
    started = time.perf_counter()
    page = html(client.get(article.get_absolute_url()))
    assert time.perf_counter() - started < 10
    assert "the end" in page


def test_publishing_unpublishing_and_editing_show_once_pages_are_invalidated(client):
    article = make_article("First headline")
    assert "First headline" in html(client.get("/"))
    article.title = "Second headline"
    article.save()
    assert "First headline" in html(client.get("/"))  # still cached
    invalidate_public_pages()
    assert "Second headline" in html(client.get("/"))
    article.status = Article.Status.UNPUBLISHED
    article.save()
    invalidate_public_pages()
    assert "Second headline" not in html(client.get("/"))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_importing_a_file_that_unpublishes_an_article_removes_it_from_the_site(client, tmp_path):
    news = tmp_path / "_news"
    news.mkdir()
    source = FIXTURES / "site" / "_news" / "2021-03-01-no-final-newline.md"
    (news / source.name).write_text(source.read_text())
    import_paths([tmp_path])
    assert "No final newline" in html(client.get("/"))
    (news / source.name).write_text(source.read_text().replace("published: true", "published: false"))
    import_paths([tmp_path])
    assert "No final newline" not in html(client.get("/"))


# --------------------------------------------------------------------------- static files and markup


def test_pages_load_no_resource_from_another_site(client):
    article = make_article("A story", type="video", featured_content=VIDEO_EMBED)
    for url in ("/", article.get_absolute_url()):
        page = html(client.get(url))
        loaded = re.findall(r'<link rel="(?:stylesheet|icon|preload)" href="([^"]+)"|<script[^>]+src="([^"]+)"', page)
        assert loaded
        for address in (href or src for href, src in loaded):
            assert address.startswith("/") and not address.startswith("//"), address


def test_static_files_are_served_compressed_with_hashed_names(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    make_article("A story")
    page = html(client.get("/"))
    stylesheet = re.search(r'href="/static/(css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    assert (tmp_path / stylesheet).is_file()
    assert (tmp_path / f"{stylesheet}.gz").is_file() and (tmp_path / f"{stylesheet}.br").is_file()
    icon = re.search(r'<link rel="icon" href="/static/(favicon\.[0-9a-f]{12}\.svg)"', page).group(1)
    assert (tmp_path / icon).is_file()  # browsers ask for /favicon.ico, a 404, without it


def test_every_image_has_alt_text_and_every_page_has_one_main_heading(client):
    article = make_article("A story", topics=["AI"], body="# A heading the body gave itself\n\nText.")
    for url in ("/", article.get_absolute_url(), "/topics/ai/", "/search/?q=story", "/providers/example.org/"):
        page = html(client.get(url))
        assert all(" alt=" in tag for tag in re.findall(r"<img[^>]*>", page)), url
        assert page.count("<h1>") == 1, url
        assert 'href="#main"' in page and 'id="main"' in page, url


def test_missing_page_is_a_friendly_not_found(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --------------------------------------------------------------------------- the corpus


@requires_corpus
@pytest.mark.corpus
def test_every_published_corpus_article_has_a_page_and_no_other_does(client):
    report = import_paths(corpus_sites())
    assert not report.failures
    for article in Article.objects.all():
        response = client.get(article.get_absolute_url())
        assert response.status_code == (200 if article.is_published else 404), article.source_path
    for path in (CORPUS / "microsoft-power-apps" / "_news").glob("*.md"):
        expected = 200 if "\npublished: true" in path.read_text().replace("\r\n", "\n") else 404
        assert client.get(f"/news/{path.stem}/").status_code == expected, path.name
    video = Article.objects.published().filter(type="video").exclude(featured_content="").first()
    assert '<div class="video"><iframe' in html(client.get(video.get_absolute_url()))
