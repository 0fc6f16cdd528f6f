"""Zip archives of front-matter files: what the admin's import and download pages trade in.

An archive holds files at their source paths (``_news/…``, ``_data/topics/…``), as a
content repository does, so a downloaded archive imports back unchanged. Both directions
go through ``articles.importing`` and ``articles.exporting``; the ``import_articles``
and ``export_articles`` commands remain the way for very large repositories, since they
are not bound by a web request's time and show progress on a terminal.
"""

import tempfile
import zipfile
from pathlib import Path

from .exporting import export_articles
from .importing import import_paths

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # about 10,000 zipped files: an import a request can finish
MAX_UPLOAD_FILES = 20_000  # tiny files pack many more into those bytes
IMPORT_PERMISSIONS = ["articles.add_article", "articles.change_article", "articles.publish_article"]


def can_import(user):
    """Whether ``user`` may import files: a file can create, edit, publish and unpublish articles."""
    return user.has_perms(IMPORT_PERMISSIONS)


def import_archive(upload, *, dry_run=False, by=None):
    """Import the files of an uploaded .zip; the report names each file as ``<archive>!<path>``."""
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / Path(upload.name).name
        with archive.open("wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        report = import_paths([archive], dry_run=dry_run, by=by)
    for outcome in report.outcomes:
        outcome.path = outcome.path.removeprefix(f"{folder}/")
    return report


def export_archive(articles, *, taxonomy=True):
    """A .zip of the articles' files (and, with ``taxonomy``, the provider and topic files),
    as an open temporary file positioned at its start; it is deleted once closed."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the response closes it)
    with tempfile.TemporaryDirectory() as folder:
        export_articles(articles, destination=folder, taxonomy=taxonomy)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    zipped.write(path, path.relative_to(folder).as_posix())
    archive.seek(0)
    return archive
