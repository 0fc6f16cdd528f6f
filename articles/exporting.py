"""Database -> files: ``export_articles(queryset, *, destination) -> ExportReport``.

Every article, provider and topic is rendered from the database (see
``articles.documents``) to ``destination/<source path>``. Files whose bytes would not
change are left alone, so an export into a git work tree only touches what changed.
Articles are read in chunks, so memory stays flat however many there are.
"""

from dataclasses import dataclass, field
from pathlib import Path

from providers.models import Provider

from . import documents
from .frontmatter import render
from .models import Article, Topic

CHUNK_SIZE = 500


class ExportError(Exception):
    pass


@dataclass
class ExportReport:
    written: int = 0
    unchanged: int = 0
    paths: list = field(default_factory=list)

    def summary(self):
        return f"{self.written} written, {self.unchanged} unchanged"


def export_articles(queryset=None, *, destination, taxonomy=True, progress=None):
    """Write the articles (all by default), and unless told otherwise every provider and
    topic that has a file, under ``destination``."""
    destination = Path(destination)
    report = ExportReport()
    articles = (queryset if queryset is not None else Article.objects.all()).order_by("pk").with_file_data()
    total = articles.count()
    for article in articles.iterator(chunk_size=CHUNK_SIZE):
        text = render(documents.article_document(article), default_styles=documents.NEWS_STYLES)
        _write(destination, article.source_path, text, report)
        if progress:
            progress(report.written + report.unchanged, total)
    if taxonomy:
        for provider in Provider.objects.filter(source_path__isnull=False).prefetch_related("logos"):
            _write(destination, provider.source_path, render(documents.organization_document(provider)), report)
        for topic in Topic.objects.filter(source_path__isnull=False).select_related("parent"):
            _write(destination, topic.source_path, render(documents.topic_document(topic)), report)
    return report


def _write(destination, source_path, text, report):
    target = (destination / source_path).resolve()
    if not target.is_relative_to(destination.resolve()):
        raise ExportError(f"{source_path}: the source path leads outside {destination}")
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        report.unchanged += 1
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        report.written += 1
    report.paths.append(source_path)
