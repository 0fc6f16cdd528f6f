"""A database connection kept between requests (``CONN_MAX_AGE``) is checked before reuse."""

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.django_db


def test_a_kept_connection_the_database_dropped_is_replaced_before_a_request_uses_it(tmp_path, monkeypatch):
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = tmp_path / "kept.sqlite3"  # Django never closes an in-memory database
    kept = ConnectionHandler({"default": settings_dict})["default"]
    try:
        kept.ensure_connection()
        dropped = kept.connection
        # The server ended it while it waited (a restart, a failover, an idle timeout).
        monkeypatch.setattr(kept, "is_usable", lambda: False)
        kept.close_if_unusable_or_obsolete()  # what Django does as each request starts
        with kept.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert kept.connection is not dropped
    finally:
        kept.close()
