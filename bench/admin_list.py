"""Time the admin's article list at 100,000 articles, unsorted and sorted by each column.

    .venv/bin/python bench/admin_list.py                      # SQLite (a file under bench/out/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/admin_list.py

It migrates a fresh test database, loads published articles as ``bench/public_pages.py``
does (50 providers, two types, heat 0-99, every quality 50: a sort by quality or state is
all ties, which the list breaks by id), and requests ``/admin/articles/article/`` as a
reviewer through Django's full middleware stack: unsorted, sorted by every sortable column
each way, and the last page. It prints each page's median, its ratio to the unsorted
list's median, and the time of that request's query for the page's articles next to all its
queries' (it also counts them, lists the date bar's years and the sidebar's providers and
types, and fetches the rows' images and topics).
"""

import argparse
import random
import statistics
import time

from environment import ROOT, setup_django

setup_django()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from public_pages import load_articles  # noqa: E402

REQUESTS = 7
CHANGELIST = "/admin/articles/article/"
ROWS_QUERY = 'SELECT "articles_article"."id", "articles_article"."source_path"'  # the page's articles
# The list's sortable columns by their place in the header (0 is the selection box).
COLUMNS = {"title": 2, "provider": 3, "type": 5, "quality": 6, "heat": 7, "state": 8, "published": 9}


def pages(total):
    urls = {"unsorted": CHANGELIST}
    for name, column in COLUMNS.items():
        urls[f"{name} ↑"] = f"{CHANGELIST}?o={column}"
        urls[f"{name} ↓"] = f"{CHANGELIST}?o=-{column}"
    last = -(-total // 50)
    urls[f"unsorted, page {last:,}"] = f"{CHANGELIST}?p={last}"
    urls[f"title ↑, page {last:,}"] = f"{CHANGELIST}?o=2&p={last}"
    return urls


def timed(client, urls):
    """Each page's median request, with that request's time in the query for the page's
    rows and in all its queries. The pages take turns, so the shared machine's drift
    touches them all alike."""
    for url in urls.values():
        client.get(url)  # loads templates and warms the database's cache
    runs = {name: [] for name in urls}
    for _ in range(REQUESTS):
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            assert response.context["cl"].result_list, url
            times = [float(query["time"]) for query in queries.captured_queries]
            rows = [float(query["time"]) for query in queries.captured_queries if ROWS_QUERY in query["sql"]]
            assert len(rows) == 1, url
            runs[name].append((elapsed, rows[0], sum(times)))
    return {name: sorted(times)[len(times) // 2] for name, times in runs.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    total = parser.parse_args().articles
    setup_test_environment()
    if connection.vendor == "sqlite":
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "bench" / "out" / "admin-list.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        load_articles(total, random.Random(42))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum leaves a table that has settled
                cursor.execute("VACUUM ANALYZE articles_article")
        print(f"{connection.vendor}: loaded {total:,} articles in {time.perf_counter() - started:.0f}s")
        reviewer = User.objects.create_user("bench-reviewer", is_staff=True)
        reviewer.groups.add(Group.objects.get(name="Reviewers"))
        client = Client()
        client.force_login(reviewer)

        results = timed(client, pages(total))
        baseline = results["unsorted"][0]
        print(f"{'list':<24}{'median':>10}{'x unsorted':>12}{'rows query':>12}{'all queries':>13}")
        for name, (elapsed, rows, queries) in results.items():
            print(
                f"{name:<24}{elapsed * 1000:>8.1f}ms{elapsed / baseline:>11.2f}x"
                f"{rows * 1000:>10.1f}ms{queries * 1000:>11.1f}ms"
            )
        medians = [elapsed for name, (elapsed, _, _) in results.items() if name != "unsorted" and "page" not in name]
        print(f"sorted pages: median {statistics.median(medians) * 1000:.1f} ms, worst {max(medians) * 1000:.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
