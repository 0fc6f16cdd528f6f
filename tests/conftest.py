import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

FIXTURES = Path(__file__).parent / "fixtures" / "frontmatter"
DEMO = Path(__file__).resolve().parents[1] / "demo" / "content"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def front_matter_files(root):
    """Every front-matter file under root (the corpus also holds a JSON API sample)."""
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix in {".md", ".txt", ".yaml"} and not path.name.startswith(".")
    )


def corpus_sites():
    """The corpus folders that import as a site (everything but the API sample)."""
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.iterdir() if path.is_dir() and path.name != "api-sample")


requires_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@pytest.fixture
def fixture_site():
    return FIXTURES / "site"


@pytest.fixture(autouse=True, scope="session")
def private_shared_cache(tmp_path_factory):
    """Without Redis the shared cache is files: a test run keeps its own, apart from the site's
    and other runs'. Yields its folder (``CACHE_DIR``) for tests that start other processes."""
    if "REDIS_URL" in os.environ:
        yield None
        return
    location = tmp_path_factory.mktemp("shared-cache")
    with override_settings(CACHES={**settings.CACHES, "shared": {**settings.CACHES["shared"], "LOCATION": location}}):
        yield location


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached public pages must not outlive a test's data."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
