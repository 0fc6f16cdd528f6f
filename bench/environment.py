"""Django set-up shared by the benchmark scripts: the project's settings, a benchmark secret."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(**environ):
    """Configure Django from the project's settings; ``environ`` overrides variables."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
