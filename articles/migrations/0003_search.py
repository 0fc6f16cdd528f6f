"""Public search: a full-text GIN index over title, excerpt and provider, on PostgreSQL only.

The indexed expression must stay the one ``articles.search.search_document()`` compiles to.
Other databases search without an index (see ``articles.search``), so this is a no-op there.
"""

from django.db import migrations

SEARCH_DOCUMENT_SQL = """
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(excerpt, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(provider_name, '')), 'C')
"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS article_search_document ON articles_article USING gin (({SEARCH_DOCUMENT_SQL}))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_document")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_review_groups")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
