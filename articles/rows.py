"""``insert_rows(model, rows)``: many new rows in one command, without model instances.

A first import writes about nine rows per article. ``bulk_create`` builds a model
instance for each and prepares every value through the query compiler, which cost more
than parsing the files did. Here a row is a plain dict of field values keyed by attname
(``article_id``, not ``article``), every row with the same keys. Fields a row leaves
out get their default (``auto_now``/``auto_now_add``: the current time); every value is
prepared by its field exactly as the ORM prepares it. On PostgreSQL the rows stream
through one ``COPY``; elsewhere they go to the driver's ``executemany`` with one short
statement. New ids are not returned: callers look rows up by their natural keys (an
article's source path, an item's article and position).

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
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(field.column) for field in columns)
    values = (
        [field.get_db_prep_save(row[field.attname], connection) for field in given_fields] + default_values
        for row in rows
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams every row in one command instead of one INSERT per row; psycopg's
            # own errors are turned into Django's, as the cursor wrapper does for execute().
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
            ):
                for row_values in values:
                    copy.write_row(row_values)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", values)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()
