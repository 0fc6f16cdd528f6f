"""Public search and listings: a stored full-text document on PostgreSQL; a provider index.

PostgreSQL keeps ``articles_article.search_document`` up to date itself: a ``tsvector``
column ``GENERATED ALWAYS AS (...) STORED`` over the title (weight A), the excerpt (B) and
the provider's name (C), with the GIN index ``article_search_document`` on it.
``articles.search`` matches and ranks from the column, so a search never recomputes a
document. The model does not declare the column: SQLite has no ``tsvector`` and searches
without an index (see ``articles.search``), so this migration does nothing there.

PostgreSQL refuses to change the type of a column a generated column reads: a later
migration that alters ``title``, ``excerpt`` or ``provider_name`` must drop
``search_document`` first and add it back.

On every database, ``article_provider_published`` serves a provider's page newest first
without sorting all of the provider's articles.
"""

from django.db import migrations, models

SEARCH_DOCUMENT_SQL = """
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(excerpt, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(provider_name, '')), 'C')
"""


def add_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE articles_article ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({SEARCH_DOCUMENT_SQL}) STORED"
        )
        schema_editor.execute("CREATE INDEX article_search_document ON articles_article USING gin (search_document)")


def remove_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_document")
        schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_review_groups")]

    operations = [
        migrations.RunPython(add_search_document, remove_search_document),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["provider", "status", "-published_at"], name="article_provider_published"),
        ),
    ]
