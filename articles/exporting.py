"""Database -> files: ``export_articles(queryset, *, destination) -> ExportReport``.

Every article, provider and topic is rendered from the database (see
``articles.documents``) to ``destination/<source path>``. Files whose bytes would not
change are left alone, so an export into a git work tree only touches what changed.
A whole export into a site's folder also finds the content files no record wrote any
more (their article, provider or topic was deleted or merged away in Newsroom) and, when
asked, deletes them, so a re-import of the folder cannot bring them back.
Articles are read in chunks, so memory stays flat however many there are.
"""

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from providers.models import Provider

from . import documents, sources
from .frontmatter import render
from .models import Article, ArticleImage, RelatedImage, RelatedItem, RemovedFile, TaggedTopic, Topic

CHUNK_SIZE = 500


class ExportError(Exception):
    pass


@dataclass
class ExportReport:
    written: int = 0
    unchanged: int = 0
    paths: list = field(default_factory=list)
    folders: set = field(default_factory=set, repr=False)  # made (or checked) during this export
    stale: list = field(default_factory=list)  # content files no record wrote (source paths)
    deleted: bool = False  # whether the stale files were deleted

    def summary(self):
        summary = f"{self.written} written, {self.unchanged} unchanged"
        if self.stale and self.deleted:
            summary += f", {len(self.stale)} deleted (no longer in Newsroom): {', '.join(self.stale)}"
        elif self.stale:
            summary += (
                f"\n{len(self.stale)} files are no longer in Newsroom (deleted or merged away there):"
                f" {', '.join(self.stale)}"
            )
        return summary


def export_articles(queryset=None, *, destination, taxonomy=True, progress=None, delete_stale=False):
    """Write the articles (all by default), and unless told otherwise every provider and
    topic that has a file, under ``destination``.

    A whole export (every article, provider and topic) lists in ``report.stale`` the
    content files under ``destination`` that it did not write, and deletes them if
    ``delete_stale``. A partial export cannot tell them apart from the files it left out.
    """
    whole = queryset is None and taxonomy
    if delete_stale and not whole:
        raise ExportError(
            "only a whole export (every article, provider and topic) can tell which files are no longer in Newsroom"
        )
    destination = Path(destination)
    if destination.is_dir():
        if (root := sources.site_root(destination)) != destination:
            raise ExportError(f"{destination} is a folder of the site {root}: export into {root}")
        if not sources.holds_site_folders(destination) and sources.holds_sites(destination):
            raise ExportError(f"{destination} holds several sites: export into one of them")
    report = ExportReport()
    articles = (queryset if queryset is not None else Article.objects.all()).order_by("pk").select_related("provider")
    total = articles.count()
    for chunk in _chunks(articles.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        parts = file_parts([article.pk for article in chunk])
        for article in chunk:
            _write(destination, article.source_path, render_article(article, parts[article.pk]), report)
            if progress:
                progress(report.written + report.unchanged, total)
    if taxonomy:
        for provider in Provider.objects.filter(source_path__isnull=False).prefetch_related("logos"):
            _write(destination, provider.source_path, render_provider(provider), report)
        for topic in Topic.objects.filter(source_path__isnull=False).select_related("parent"):
            _write(destination, topic.source_path, render_topic(topic), report)
    if whole:
        report.stale = stale_files(destination, set(report.paths))
        if delete_stale:
            for source_path in report.stale:
                destination.joinpath(source_path).unlink()
            report.deleted = True
    return report


def stale_files(destination, written):
    """The source paths of the content files in the site at ``destination`` whose article,
    provider or topic was removed in Newsroom (``RemovedFile``). Files Newsroom never had
    (new, not yet imported, or refused) are not among them."""
    if not destination.is_dir() or not sources.holds_site_folders(destination):
        return []
    unwritten = [
        source.source_path
        for source in sources.collect_sources([destination])
        if source.reader and source.source_path not in written
    ]
    removed = set()
    for start in range(0, len(unwritten), CHUNK_SIZE):
        chunk = unwritten[start : start + CHUNK_SIZE]
        removed.update(RemovedFile.objects.filter(source_path__in=chunk).values_list("source_path", flat=True))
    return sorted(removed)


def render_article(article, parts=None):
    """The text of an article's file, as an export writes it."""
    parts = parts or file_parts([article.pk])[article.pk]
    return render(documents.article_document(article, parts), default_styles=documents.NEWS_STYLES)


def render_provider(provider):
    """The text of a provider's organization file, as an export writes it."""
    return render(documents.organization_document(provider))


def render_topic(topic):
    """The text of a topic's file, as an export writes it."""
    return render(documents.topic_document(topic))


def current_file(source_path):
    """What an export would write at ``source_path`` now; None if no record has that path."""
    if article := Article.objects.select_related("provider").filter(source_path=source_path).first():
        return render_article(article)
    if provider := Provider.objects.prefetch_related("logos").filter(source_path=source_path).first():
        return render_provider(provider)
    if topic := Topic.objects.select_related("parent").filter(source_path=source_path).first():
        return render_topic(topic)
    return None


IMAGE_COLUMNS = ["position", "url", "width", "height", "is_cached", "title", "attribution", "extra"]
RELATED_COLUMNS = [
    "id", "article_id", "position", "title", "excerpt", "published_at", "original_url", "web_url", "amp_web_url",
    "cdn_amp_web_url", "type", "provider_name", "provider_domain", "quality", "extra",
]  # fmt: skip


def file_parts(article_ids):
    """The images, related items and topic names of the given articles, as plain values.

    An export renders every article once, so it reads these rows as values: building model
    instances for them would take most of the export's time.
    """
    parts = {pk: documents.ArticleParts() for pk in article_ids}
    for image in ArticleImage.objects.filter(article_id__in=article_ids).values("article_id", *IMAGE_COLUMNS):
        parts[image.pop("article_id")].images.append(image)
    related = {}
    for item in RelatedItem.objects.filter(article_id__in=article_ids).values(*RELATED_COLUMNS):
        item["images"] = []
        related[item["id"]] = item
        parts[item["article_id"]].related.append(item)
    for image in RelatedImage.objects.filter(related_item_id__in=related).values("related_item_id", *IMAGE_COLUMNS):
        related[image.pop("related_item_id")]["images"].append(image)
    links = TaggedTopic.objects.filter(content_object_id__in=article_ids).order_by("id")
    for article_id, name in links.values_list("content_object_id", "tag__name"):
        parts[article_id].topics.append(name)
    return parts


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write(destination, source_path, text, report):
    relative = PurePosixPath(source_path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ExportError(f"{source_path}: the source path leads outside {destination}")
    if problem := sources.path_problem(source_path):  # .git/hooks/pre-commit, _includes/head.html
        raise ExportError(f"{source_path}: {problem}; the export writes only content files")
    target = destination.joinpath(*relative.parts)
    if target.parent not in report.folders:
        _refuse_symbolic_links(source_path, target.parent, below=destination)
        target.parent.mkdir(parents=True, exist_ok=True)
        report.folders.add(target.parent)
    _refuse_symbolic_links(source_path, target, below=target.parent)  # its folders are checked
    data = text.encode("utf-8")
    try:
        unchanged = target.read_bytes() == data
    except FileNotFoundError:
        unchanged = False
    if unchanged:
        report.unchanged += 1
    else:
        target.write_bytes(data)
        report.written += 1
    report.paths.append(source_path)


def _refuse_symbolic_links(source_path, path, *, below):
    """Refuse to write through a symbolic link at ``path`` or a folder above it, up to
    ``below``: a content repository can hold links, and one could lead the export anywhere."""
    while path != below:
        if path.is_symlink():
            raise ExportError(f"{source_path}: {path} is a symbolic link; the export writes through none")
        path = path.parent
