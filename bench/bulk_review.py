"""Time the admin's bulk publish and unpublish of 500 selected articles among many.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/bulk_review.py
    .venv/bin/python bench/bulk_review.py --articles 0     # only the 500, as the first measurement did

It migrates a fresh test database, loads ``--articles`` published articles as
``bench/public_pages.py`` does (100,000 by default), adds 500 approved ones, and runs the
``publish_articles`` and ``unpublish_articles`` actions on those 500 through the admin as
a publisher, in turns: every article goes through the guarded transition and leaves its
history row. It prints each action's median whole request next to the median of the
article list's first page, requested in the same turns (the page the action returns to).
"""

import argparse
import random
import statistics
import time

from environment import setup_django

setup_django()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from public_pages import load_articles  # noqa: E402

from articles.models import Article, ArticleEvent  # noqa: E402

SELECTION = 500
ROUNDS = 5
CHANGELIST = "/admin/articles/article/"


def timed(function):
    started = time.perf_counter()
    response = function()
    return time.perf_counter() - started, response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="published articles beside the selection")
    background = parser.parse_args().articles
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_articles(background, random.Random(42))
        Article.objects.bulk_create(
            Article(
                source_path=f"_news/bench-{n}.md", slug=f"bench-{n}", title=f"Bench {n}", quality=90, status="approved"
            )
            for n in range(SELECTION)
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum leaves a table that has settled
                cursor.execute("VACUUM ANALYZE articles_article")
        publisher = User.objects.create_user("bench-publisher", is_staff=True)
        publisher.groups.add(Group.objects.get(name="Publishers"))
        client = Client()
        client.force_login(publisher)
        selected = list(Article.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        client.get(CHANGELIST)  # loads templates and warms the database's cache

        times = {"list page": [], "publish_articles": [], "unpublish_articles": []}
        for _ in range(ROUNDS):
            for action in ("publish_articles", "unpublish_articles"):
                elapsed, response = timed(lambda: client.get(CHANGELIST))
                assert response.status_code == 200, response.status_code
                times["list page"].append(elapsed)
                data = {"action": action, "_selected_action": selected}
                elapsed, response = timed(lambda: client.post(CHANGELIST, data))  # noqa: B023 (called at once)
                assert response.status_code == 302, response.status_code
                times[action].append(elapsed)
        assert ArticleEvent.objects.filter(action="publish").count() == SELECTION * ROUNDS
        assert ArticleEvent.objects.filter(action="unpublish").count() == SELECTION * ROUNDS

        baseline = statistics.median(times["list page"])
        print(f"{connection.vendor}: {SELECTION} selected among {background + SELECTION:,} articles, {ROUNDS} rounds")
        print(f"{'request':<20}{'median':>10}{'worst':>10}{'x list page':>13}")
        for name, runs in times.items():
            median = statistics.median(runs)
            print(f"{name:<20}{median:>9.3f}s{max(runs):>9.3f}s{median / baseline:>12.2f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
