"""Loaded with `-p tests.environment` (pytest.ini) so it runs before Django reads settings."""

import os

# Tests run with production-like settings; only the secret and static storage differ.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
