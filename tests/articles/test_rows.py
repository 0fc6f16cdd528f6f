"""``insert_rows``: plain rows in, the same values out, model defaults filled in."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, RelatedItem
from articles.rows import insert_rows

pytestmark = pytest.mark.django_db


def test_rows_are_saved_with_their_values_and_the_model_defaults():
    published = datetime.datetime(2020, 6, 18, 7, 30, tzinfo=datetime.UTC)
    before = timezone.now()
    insert_rows(
        Article,
        [
            {
                "source_path": "_news/x.md",
                "slug": "x",
                "title": "Café “quoted”",
                "published_at": published,
                "quality": None,
                "layout": {"order": {"": ["title"]}},
                "extra": {"": {"price": 1.5, "levels": ["a", "b"]}},
            }
        ],
    )

    article = Article.objects.get(source_path="_news/x.md")
    assert article.title == "Café “quoted”" and article.published_at == published and article.quality is None
    assert article.layout == {"order": {"": ["title"]}}
    assert article.extra == {"": {"price": 1.5, "levels": ["a", "b"]}}
    assert article.status == Article.Status.IN_REVIEW and article.version == 1 and article.category == "news"
    assert article.created_at >= before and article.updated_at >= before


def test_many_rows_keep_their_own_values():
    insert_rows(Article, [{"source_path": "_news/y.md", "slug": "y", "title": "Y"}])
    article = Article.objects.get()
    rows = [{"article_id": article.pk, "position": index, "title": f"item {index}"} for index in range(1500)]

    insert_rows(RelatedItem, rows)
    insert_rows(RelatedItem, [])

    assert list(article.related_items.values_list("position", "title")) == [
        (row["position"], row["title"]) for row in rows
    ]


def test_a_row_the_database_refuses_raises_djangos_integrity_error():
    row = {"source_path": "_news/z.md", "slug": "z", "title": "Z"}
    insert_rows(Article, [row])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Article, [{**row, "slug": "other"}])  # the same source path
    assert Article.objects.count() == 1
