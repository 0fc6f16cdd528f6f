"""``insert_rows(model, rows)``: many new rows in one ``executemany``, without instances.

A first import writes about nine rows per article. ``bulk_create`` builds a model
instance for each and prepares every value through the query compiler, which cost more
than parsing the files did. Here a row is a plain dict of field values keyed by attname
(``article_id``, not ``article``), every row with the same keys. Fields a row leaves
out get their default (``auto_now``/``auto_now_add``: the current time); every value is
prepared by its field exactly as the ORM prepares it. The rows go to the driver's
``executemany`` with one short statement, which both sqlite3 and psycopg (pipelined)
send without building a statement per batch. New ids are not returned: callers look
rows up by their natural keys (an article's source path, an item's article and position).

Like ``bulk_create``, this calls no ``save()`` and sends no signals.
"""

from django.db import connections, router
from django.utils import timezone


def insert_rows(model, rows):
    """Insert ``rows`` (dicts of attname -> value, all with the same keys) into ``model``'s table."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    given = list(rows[0])
    fields = {field.attname: field for field in model._meta.concrete_fields}
    defaults = {
        field: field.get_db_prep_save(_default(field), connection)
        for field in fields.values()
        if field.attname not in given and not field.primary_key and not field.generated
    }
    given_fields = [fields[name] for name in given]
    columns = given_fields + list(defaults)
    default_values = list(defaults.values())

    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [field.get_db_prep_save(row[field.attname], connection) for field in given_fields] + default_values
                for row in rows
            ],
        )


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()
