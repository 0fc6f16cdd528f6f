"""The editors' search on PostgreSQL: trigram indexes on the article columns it reads.

Django's case-insensitive ``icontains`` is ``UPPER(column) LIKE UPPER('%word%')``; a GIN
index of the trigrams of ``UPPER(column)`` answers it for words of three letters or more
(``articles.search.staff_search``). ``pg_trgm`` ships with PostgreSQL and is a trusted
extension, which the database's owner may create. SQLite has neither: nothing happens there.
"""

from django.db import migrations

TRIGRAM_INDEXES = {
    "article_title_trigram": "title",
    "article_excerpt_trigram": "excerpt",
    "article_provider_name_trigram": "provider_name",
}


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in TRIGRAM_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON articles_article USING gin (UPPER({column}) gin_trgm_ops)")
        # The planner estimates how many rows a pattern matches from statistics on each
        # index's expression, which only ANALYZE gathers: without them it may walk every
        # article by date looking for a rare word.
        schema_editor.execute("ANALYZE articles_article")


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_topic_former_names")]

    operations = [migrations.RunPython(add_trigram_indexes, remove_trigram_indexes)]
