"""Time the public pages against a trivial Django view, at 1,000 and then 100,000 published articles.

    .venv/bin/python bench/public_pages.py                      # SQLite (a file under bench/out/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/public_pages.py

It migrates a fresh test database, loads published articles (each with a provider, an
image, two topics and a related item), and requests home, an article, a topic page, a
provider page, a search matching about two thirds of the articles, one matching none, and the JSON
API through Django's full middleware stack, next to a view that returns "ok", in three
states. Warm: the page is already cached. After a publish: the pages are invalidated before
every request, as a publish, unpublish or edit does, so each renders again, from the cards
and article pages of the articles that did not change (``articles.caching.article_parts``).
Empty: pages and article parts are invalidated before every request, as an import or a
provider's rename does, so everything renders from the database. It prints the median and
99th percentile of each, their ratios to the median of the trivial view requested in turn
with them (a baseline measured beside each page, so the shared machine's drift does not
skew one page's ratio), and each page's query counts at both sizes (which must not grow).
``--articles`` changes the large size.
"""

import argparse
import datetime
import random
import statistics
import time
import types

from environment import ROOT, setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402

from articles.caching import invalidate_article_parts, invalidate_public_pages  # noqa: E402
from articles.models import Article, ArticleImage, RelatedItem, TaggedTopic, Topic  # noqa: E402
from providers.models import Provider  # noqa: E402

SMALL = 1_000
WARM_REQUESTS = 400
COLD_REQUESTS = 150
STATES = {  # what is invalidated before each request
    "warm": None,
    "after a publish": invalidate_public_pages,
    "empty": invalidate_article_parts,
}
BATCH = 5_000
WORDS = [
    "power", "apps", "robots", "quantum", "cloud", "data", "security", "model", "vision", "language",
    "startup", "energy", "climate", "market", "policy", "health", "research", "chip", "network", "mobile",
    "design", "open", "source", "privacy", "learning", "agent", "video", "portal",
]  # fmt: skip
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def trivial(request):
    return HttpResponse("ok")


bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [path("bench/trivial/", trivial), path("", include("newsroom.urls"))]


def load_articles(upto, rng):
    """Add published articles until there are ``upto``, with their images, topics and related items."""
    providers = list(Provider.objects.all()) or Provider.objects.bulk_create(
        Provider(domain=f"provider{n}.example", name=f"Provider {n}") for n in range(50)
    )
    topics = list(Topic.objects.all()) or Topic.objects.bulk_create(
        Topic(name=f"Topic {n} {WORDS[n % len(WORDS)]}", slug=f"topic-{n}") for n in range(30)
    )
    for start in range(Article.objects.count(), upto, BATCH):
        numbers = range(start, min(start + BATCH, upto))
        articles = []
        for n in numbers:
            provider = providers[n % len(providers)]
            published_at = START - datetime.timedelta(minutes=7 * n)
            slug = f"{published_at:%Y-%m-%d}-bench-story-{n}"
            articles.append(
                Article(
                    source_path=f"_news/{slug}.md",
                    slug=slug,
                    title=" ".join(rng.choices(WORDS, k=7)).capitalize(),
                    excerpt=" ".join(rng.choices(WORDS, k=40)).capitalize() + ".",
                    published_at=published_at,
                    status=Article.Status.PUBLISHED,
                    type="video" if n % 10 == 0 else "article",
                    provider=provider,
                    provider_name=provider.name,
                    original_url=f"https://{provider.domain}/story/{n}",
                    quality=50,
                    heat=n % 100,
                )
            )
        articles = Article.objects.bulk_create(articles)
        ArticleImage.objects.bulk_create(
            ArticleImage(article=article, url=f"https://img.example/{article.slug}.jpg", width=1600, height=900)
            for article in articles
        )
        TaggedTopic.objects.bulk_create(
            TaggedTopic(content_object=article, tag=topic) for article in articles for topic in rng.sample(topics, 2)
        )
        RelatedItem.objects.bulk_create(
            RelatedItem(article=article, title="A related story", web_url="https://related.example/")
            for article in articles
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


TRIVIAL = "/bench/trivial/"


def pages():
    article = Article.objects.published().order_by("-published_at")[50]
    return {
        "trivial view": TRIVIAL,
        "home": "/",
        "article": article.get_absolute_url(),
        "topic": "/topics/topic-3/",
        "provider": "/providers/provider3.example/",
        "search": "/search/?q=quantum+robots",
        "rare search": "/search/?q=zebra",
        "API": "/api/news/index.json",
    }


def timed(client, url, invalidate):
    """The median and 99th percentile of ``url``, and the trivial view's median measured
    between its requests: the machine's speed drifts, so each ratio has its own baseline."""
    client.get(url)  # loads templates and fills the cache
    times, baseline = [], []
    for _ in range(COLD_REQUESTS if invalidate else WARM_REQUESTS):
        started = time.perf_counter()
        client.get(TRIVIAL)
        baseline.append(time.perf_counter() - started)
        if invalidate:
            invalidate()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return (*median_and_p99(times), statistics.median(baseline))


def median_and_p99(times):
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def query_counts(client):
    """Each page's queries after a publish and when empty."""
    counts = {}
    for name, url in pages().items():
        client.get(url)
        for invalidate in (invalidate_public_pages, invalidate_article_parts):
            invalidate()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.setdefault(name, []).append(len(queries))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    total = parser.parse_args().articles
    if connection.vendor == "sqlite":
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "bench" / "out" / "public-pages.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    rng = random.Random(42)
    try:
        with override_settings(ROOT_URLCONF=bench_urls, ALLOWED_HOSTS=["testserver"]):
            client = Client()
            load_articles(SMALL, rng)
            small_counts = query_counts(client)
            started = time.perf_counter()
            load_articles(total, rng)
            print(f"{connection.vendor}: loaded {total:,} published articles in {time.perf_counter() - started:.0f}s")
            large_counts = query_counts(client)

            results = {
                name: [timed(client, url, invalidate) for invalidate in STATES.values()]
                for name, url in pages().items()
            }
            print(
                "median, 99th percentile and median / trivial view's median beside it; queries after a publish / empty"
            )
            print(
                f"{'page':<13}"
                + "".join(f"{state:>28}" for state in STATES)
                + f"{'queries @' + format(SMALL, ','):>16}{'@' + format(total, ','):>10}"
            )
            for name, timings in results.items():
                cells = "".join(
                    f"{median * 1000:>10.2f}ms{p99 * 1000:>8.2f}ms{median / baseline:>8.1f}x"
                    for median, p99, baseline in timings
                )
                queries = ["/".join(map(str, counts[name])) for counts in (small_counts, large_counts)]
                print(f"{name:<13}{cells}{queries[0]:>16}{queries[1]:>10}")
            assert small_counts == large_counts, "query counts grew with the number of articles"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
