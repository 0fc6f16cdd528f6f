"""``insert_rows(model, rows) -> ids``: many new rows in a few statements, without instances.

A first import writes about nine rows per article. ``bulk_create`` builds a model
instance for each and prepares every value through the query compiler, which cost more
than parsing the files did. Here a row is a plain dict of field values keyed by attname
(``article_id``, not ``article``), every row with the same keys. Fields a row leaves
out get their default (``auto_now``/``auto_now_add``: the current time); every value is
prepared by its field exactly as the ORM prepares it. Rows go out as multi-row
``INSERT ... RETURNING`` statements, and the new primary keys come back in row order,
as ``bulk_create`` relies on for PostgreSQL and SQLite 3.35+.

Like ``bulk_create``, this calls no ``save()`` and sends no signals.
"""

from django.db import connections, router
from django.utils import timezone


def insert_rows(model, rows):
    """Insert ``rows`` (dicts of attname -> value) into ``model``'s table; return their ids."""
    if not rows:
        return []
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

    quote = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in columns)}) VALUES "
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    default_values = list(defaults.values())
    batch_size = connection.ops.bulk_batch_size(columns, rows)

    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            params = []
            for row in batch:
                params.extend(field.get_db_prep_save(row[field.attname], connection) for field in given_fields)
                params.extend(default_values)
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, params)
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()
