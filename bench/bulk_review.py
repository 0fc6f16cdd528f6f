"""Time the admin's bulk publish on 500 selected articles (run it against PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/bulk_review.py

It migrates a fresh test database, creates 500 approved articles, and runs the
``publish_articles`` action through the admin as a publisher: every article goes
through the guarded transition and leaves its history row.
"""

import time

from environment import setup_django

setup_django()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article, ArticleEvent  # noqa: E402

SELECTION = 500


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        publisher = User.objects.create_user("bench-publisher", is_staff=True)
        publisher.groups.add(Group.objects.get(name="Publishers"))
        Article.objects.bulk_create(
            Article(
                source_path=f"_news/bench-{n}.md", slug=f"bench-{n}", title=f"Bench {n}", quality=90, status="approved"
            )
            for n in range(SELECTION)
        )
        client = Client()
        client.force_login(publisher)
        selected = list(Article.objects.values_list("pk", flat=True))
        started = time.perf_counter()
        response = client.post("/admin/articles/article/", {"action": "publish_articles", "_selected_action": selected})
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        published = Article.objects.published().count()
        events = ArticleEvent.objects.filter(action="publish").count()
        print(
            f"{connection.vendor}: publish_articles on {SELECTION} articles took {elapsed:.3f}s "
            f"({published} published, {events} history rows)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
