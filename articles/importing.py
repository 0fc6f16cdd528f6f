"""Files -> database: ``import_paths(paths, *, dry_run) -> ImportReport``.

Each PATH is a file, a folder (read recursively) or a ``.zip`` (``articles.sources``
finds the files and their source paths, e.g. ``_news/x.md``). Articles, providers
(``taxonomy: organization``) and topics (``taxonomy: topic``, bare ``.yaml``) are told
apart by their content. Re-importing a file updates the record with the same identity
(articles: source path; providers: domain, in any letter case; topics: ``_id``), as git
merges: the file last imported (``source_text``) is the common ancestor, what Newsroom
would export now the other side. A file unchanged since (line endings aside), or the same
as the export, is reported unchanged and writes nothing, so changes made in Newsroom
(edits, scores, renames, merges) stand. A file that changed while its record changed too
is merged with it line by line (``merge_lines``); where both changed the same lines, the
file wins on those lines alone, with a notice naming the keys it replaced.

Every file is imported inside its own savepoint, so a bad file is reported (with its
name and what is wrong) and rolled back without touching the others or the data that
was there before. Savepoints are grouped into transactions of ``BATCH_SIZE`` files for
speed; a dry run runs the very same code and rolls each batch back.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import NamedTuple

from django.db import DatabaseError, transaction
from django.db.models.functions import Length

from providers import identity
from providers.models import Provider, ProviderLogo

from . import documents, editing, exporting, workflow
from .caching import invalidate_article_parts, invalidate_public_pages
from .frontmatter import FrontMatterError, breaks_lines_with_crlf, parse
from .images import stored_files
from .models import (
    Article,
    ArticleEvent,
    ArticleImage,
    RelatedImage,
    RelatedItem,
    RemovedFile,
    TaggedTopic,
    Topic,
    TopicMerge,
)
from .rows import insert_rows
from .sources import ImportFailure, SourceFile, collect_sources
from .topics import topic_named

BATCH_SIZE = 200
FILE_KINDS = {"organization": Provider, "topic": Topic}  # by ``documents.file_taxonomy``; any other file is an article
REPLACED_EDITS = "the file replaced changes made in Newsroom since it was last imported"
TOP_LEVEL_KEY = re.compile(r"([^\s#'\"-][^:]*):(?:\s|$)")  # ``title: …``, ``provider:``; not ``  name:``, ``- AI``
KEPT_CHANGES = "merged with changes made in Newsroom since it was last imported, which the file lacks: export them"

CREATED, UPDATED, UNCHANGED, FAILED, SKIPPED = "created", "updated", "unchanged", "failed", "skipped"


@dataclass
class FileOutcome:
    path: str
    outcome: str
    message: str = ""


@dataclass
class ImportReport:
    dry_run: bool = False
    outcomes: list = field(default_factory=list)

    @property
    def counts(self):
        counts = Counter({CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: 0, SKIPPED: 0})
        counts.update(outcome.outcome for outcome in self.outcomes)
        return counts

    @property
    def failures(self):
        return [outcome for outcome in self.outcomes if outcome.outcome == FAILED]

    @property
    def notices(self):
        """Files that landed with something staff should know: Newsroom's changes they were
        merged with (``KEPT_CHANGES``) or replaced (``REPLACED_EDITS``)."""
        return [outcome for outcome in self.outcomes if outcome.message and outcome.outcome != FAILED]

    def summary(self):
        counts = self.counts
        text = ", ".join(f"{counts[name]} {name}" for name in (CREATED, UPDATED, UNCHANGED, FAILED))
        if counts[SKIPPED]:
            text += f", {counts[SKIPPED]} skipped"
        return text + (" (dry run: nothing was written)" if self.dry_run else "")


def import_paths(paths, *, dry_run=False, progress=None, by=None):
    """Import every front-matter file under ``paths``; return a report of each file.

    ``by`` is who imports, for the history of the articles the files publish or
    unpublish (none for the command line).
    """
    report = ImportReport(dry_run=dry_run)
    sources = list(collect_sources(paths))
    importer = _Importer(by, run_paths={source.source_path for source in sources})
    for start in range(0, len(sources), BATCH_SIZE):
        batch = sources[start : start + BATCH_SIZE]
        with transaction.atomic():
            importer.load_hashes(batch)
            for source in batch:
                report.outcomes.append(importer.import_file(source))
                if progress:
                    progress(len(report.outcomes), len(sources))
            importer.save_new_articles()
            outcomes = report.outcomes[start:]
            created = [source.source_path for source, outcome in zip(batch, outcomes) if outcome.outcome == CREATED]
            RemovedFile.objects.filter(source_path__in=created).delete()  # their paths are in use again
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            importer.forget()  # the rolled-back rows must not be reused
        else:  # batch by batch, so what an import that stops halfway committed shows at once
            importer.show_changes(report.outcomes[start:])
    return report


def _kind(document):
    """The model a file's document describes: by its ``taxonomy`` in any letter case, else an article."""
    return FILE_KINDS.get(documents.file_taxonomy(document.data), Article)


READERS = {Article: documents.read_article, Provider: documents.read_organization, Topic: documents.read_topic}


def _reads(text, source):
    """Whether ``text`` reads as the record it describes, as the import will read it."""
    try:
        document = parse(text, fenced=not source.is_yaml)
        READERS[_kind(document)](document, path=source.source_path)
    except (FrontMatterError, ImportFailure):
        return False
    return True


class _Change(NamedTuple):
    """One side's change to ``base``: its lines ``start:end`` become ``lines``. ``head`` and
    ``tail`` are the keys its first and last lines belong to, before and after; ``keys``
    those of all its lines (``body`` for the text after the front matter)."""

    start: int
    end: int
    lines: tuple
    side: str
    head: frozenset
    tail: frozenset
    keys: frozenset


def merge_lines(base, ours, theirs):
    """Merge the changes ``ours`` and ``theirs`` made to ``base``, by lines, as git merges.

    Returns ``(merged, lost)``. Where the two change one key's value differently, or the
    same or touching lines of the body, the change of ``theirs`` (the file) stands there
    alone, and ``lost`` is ``base`` with just the changes of ``ours`` it replaced ("" when
    none). Different keys merge even on touching lines: ``quality:`` sits beside ``heat:``
    in every file, one scored in Newsroom, the other refreshed in the file.

    Where ``theirs`` ends every line alike, line endings are set aside and the result ends
    its lines as ``theirs`` does (a checkout made with git's autocrlf changes them all).
    """
    newline = "\r\n" if breaks_lines_with_crlf(theirs) else "\n"
    consistent = newline == "\r\n" or "\r\n" not in theirs
    base, ours, theirs = (_lines(text, consistent) for text in (base, ours, theirs))
    base_keys = _line_keys(base)
    changes = sorted(
        [*_changes(base, base_keys, ours, "ours"), *_changes(base, base_keys, theirs, "theirs")],
        key=lambda change: change[:3],
    )
    kept, lost = [], []
    for group in _overlapping(changes):
        if len({change.side for change in group}) == 1 or len({change[:3] for change in group}) == 1:
            kept += dict.fromkeys(change[:3] for change in group)  # a change both sides made counts once
        else:
            kept += [change[:3] for change in group if change.side == "theirs"]
            lost += [change[:3] for change in group if change.side == "ours"]
    merged = _apply(base, kept)
    return (merged.replace("\n", newline) if consistent else merged), (_apply(base, lost) if lost else "")


def _changes(base, base_keys, side, name):
    """The changes ``side`` (``name``: ours or theirs) made to ``base``, as ``_Change``s;
    ``base_keys`` are ``_line_keys(base)``, worked out once for both sides."""
    side_keys = _line_keys(side)
    for start, end, low, high in _differing_runs(base, side):
        before, after = base_keys[start:end], side_keys[low:high]
        head, tail = frozenset(before[:1] + after[:1]), frozenset(before[-1:] + after[-1:])
        yield _Change(start, end, tuple(side[low:high]), name, head, tail, frozenset(before + after))


def _overlapping(changes):
    """``changes``, sorted, in groups that must be resolved together: changes to one key's
    value, to the same lines, added at one place, or touching where a value or the body
    runs on from one to the next."""
    group, reach, tails, keys = [], 0, frozenset(), frozenset()
    for change in changes:
        added_at_one_place = group and change.start == change.end == group[-1].start == group[-1].end
        touching = change.start == reach and (added_at_one_place or change.head & tails)
        if group and (change.start < reach or touching or (change.keys - {"body"}) & keys):
            group.append(change)
        else:
            if group:
                yield group
            group, reach, tails, keys = [change], change.end, frozenset(), frozenset()
        if change.end > reach:
            reach, tails = change.end, change.tail
        elif change.end == reach:
            tails |= change.tail
        keys |= change.keys - {"body"}
    if group:
        yield group


def _apply(base, changes):
    """``base`` with ``changes`` ((start, end, lines), apart from each other) made to it."""
    result, done = [], 0
    for start, end, lines in sorted(changes):
        result += base[done:start] + list(lines)
        done = end
    return "".join(result + base[done:])


def holds_changes(base, ours, theirs):
    """Tell whether ``theirs`` already holds what ``ours`` changed in ``base``: every line
    ``ours`` wrote, and none it took out (so letting ``theirs`` win loses nothing)."""
    base, ours, theirs = (Counter(_lines(text, True)) for text in (base, ours, theirs))
    written, taken_out = ours - base, base - ours
    return not (written - theirs) and all(theirs[line] <= ours[line] for line in taken_out)


def changed_keys(base, ours):
    """What ``ours`` changed in ``base``, by the top-level keys of the lines it changed, in
    file order (``body`` for the text after the front matter)."""
    base, ours = _lines(base, True), _lines(ours, True)
    base_keys, our_keys = _line_keys(base), _line_keys(ours)
    keys = {}
    for start, end, low, high in _differing_runs(base, ours):  # lines taken out are named in base, written in ours
        keys.update(dict.fromkeys(base_keys[start:end] + our_keys[low:high]))
    return list(keys)


def _line_keys(lines):
    """The top-level key whose value holds each line of a file, or ``body`` (from the
    front matter's closing ``---`` on)."""
    keys, key, closing = [], "body", _body_start(lines) - 1
    for number, line in enumerate(lines):
        in_body = number >= closing > 0
        if not in_body and (match := TOP_LEVEL_KEY.match(line)):
            key = match.group(1)
        keys.append("body" if in_body else key)
    return keys


def _lines(text, set_endings_aside):
    return (text.replace("\r\n", "\n") if set_endings_aside else text).splitlines(keepends=True)


# difflib's time grows with the product of the lines it compares, and faster where lines
# repeat (12,000 like lines took 28 s; 2,000 alternating ones 77 s): past this many pairs
# (about a second at worst), what differs between the common start and end of the front
# matter, or of the body, is taken as one change. A merge then finds the two sides' changes
# there overlapping, and the file wins there.
MAX_DIFF_PAIRS = 200_000


def _differing_runs(base, side):
    """The runs of lines that differ: (start, end) in ``base`` against (low, high) in ``side``.
    The front matter and the body are compared apart, so a long body's changes are never
    taken together with the keys' (``MAX_DIFF_PAIRS``)."""
    base_body, side_body = _body_start(base) or len(base), _body_start(side) or len(side)
    yield from _runs(base[:base_body], side[:side_body], 0, 0)
    yield from _runs(base[base_body:], side[side_body:], base_body, side_body)


def _body_start(lines):
    """Where the body starts: after the front matter's closing ``---`` (0 without one)."""
    if lines and lines[0].rstrip() == "---":
        for number in range(1, len(lines)):
            if lines[number].rstrip() == "---":
                return number + 1
    return 0


def _runs(base, side, base_offset, side_offset):
    prefix = 0
    while prefix < min(len(base), len(side)) and base[prefix] == side[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(base), len(side)) - prefix and base[-1 - suffix] == side[-1 - suffix]:
        suffix += 1
    base_end, side_end = len(base) - suffix, len(side) - suffix
    if prefix == base_end and prefix == side_end:
        return
    if (base_end - prefix) * (side_end - prefix) > MAX_DIFF_PAIRS:
        yield base_offset + prefix, base_offset + base_end, side_offset + prefix, side_offset + side_end
        return
    matcher = SequenceMatcher(None, base[prefix:base_end], side[prefix:side_end], autojunk=False)
    for tag, start, end, low, high in matcher.get_opcodes():
        if tag != "equal":
            yield (
                base_offset + prefix + start,
                base_offset + prefix + end,
                side_offset + prefix + low,
                side_offset + prefix + high,
            )


def file_hash(raw):
    """The hash a file is known by: of its bytes, whatever its line endings."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


@dataclass
class _Stored:
    """What the database holds of a file imported before."""

    model: type
    digest: str
    has_text: bool

    def is_hash_of(self, raw, digest):
        """Tell whether the stored hash is of ``raw`` (whose ``file_hash`` is ``digest``).
        Hashes stored before 2026-11-27 are of the raw bytes, line endings and all."""
        return self.digest == digest or self.digest == hashlib.sha256(raw).hexdigest()


@dataclass
class _Version:
    """A file as this import read it: the hash it is known by, and its text."""

    digest: str
    text: str


@dataclass
class _NewArticle:
    source: SourceFile
    version: _Version
    data: documents.ArticleData
    outcome: FileOutcome


class _Importer:
    """Imports files one by one, caching providers and topics across files.

    New articles (the bulk of a first import) are checked file by file but inserted
    together at the end of each batch; should that fail, they are inserted one by one so
    the file at fault is the only one reported.
    """

    def __init__(self, by, run_paths=()):
        self.by = by
        self.run_paths = run_paths  # every source path of this import
        self.stored = {}  # source path -> _Stored: what the database holds of the file
        self.seen = {}  # source path -> (label, hash) of the first file of this run with that path
        self.new_articles = {}  # source path -> _NewArticle, inserted at the end of the batch
        self.providers = {}
        self.topics = {}
        self.slug_numbers = {}  # a taken slug -> the number its next copy tries (slug-2, slug-3...)
        self.saved_taxonomy = False  # an organization or topic file was saved, since the pages last showed a batch

    def forget(self):
        self.providers.clear()
        self.topics.clear()
        self.slug_numbers.clear()

    def show_changes(self, outcomes):
        """Make the public pages show what a committed batch of files changed."""
        if not any(outcome.outcome in (CREATED, UPDATED) for outcome in outcomes):
            return
        if self.saved_taxonomy:  # a provider's or topic's record shows on other articles' cards
            invalidate_article_parts()
            self.saved_taxonomy = False
        else:  # the articles the files changed have a new updated_at: the other articles' parts stay
            invalidate_public_pages()

    def load_hashes(self, batch):
        paths = [source.source_path for source in batch]
        self.stored = {}
        for model in (Article, Provider, Topic):
            rows = model.objects.filter(source_path__in=paths)
            for path, digest, text_length in rows.values_list("source_path", "source_hash", Length("source_text")):
                self.stored[path] = _Stored(model, digest, bool(text_length))

    def keep(self, stored, source_path, version):
        """Keep the record of a file that brings nothing new, remembering the file: the
        common ancestor of the next merge. The record keeps its line endings, so a checkout
        made with git's autocrlf and one without export alike."""
        if stored.digest != version.digest or not stored.has_text:
            stored.model.objects.filter(source_path=source_path).update(
                source_hash=version.digest, source_text=version.text
            )

    def text_to_import(self, stored, source, raw, version):
        """The text to import for a file and a notice for the report, or None when the file
        brings nothing new (its record is kept)."""
        if stored is None:
            return version.text, ""
        if stored.is_hash_of(raw, version.digest):  # unchanged since its last import
            self.keep(stored, source.source_path, version)
            return None
        current = exporting.current_file(source.source_path)
        if current is None:
            raise ImportFailure(_deleted_meanwhile(stored.model))
        current_bytes = current.encode("utf-8")
        current_digest = file_hash(current_bytes)
        if current_digest == version.digest:  # exported after changes made in Newsroom
            self.keep(stored, source.source_path, version)
            return None
        if stored.is_hash_of(current_bytes, current_digest):  # changed in the file only
            return version.text, ""
        return self.merge(stored, source, current, version)  # changed in Newsroom too

    def merge(self, stored, source, current, version):
        """The text to import for a file that changed while its record changed too: the
        file's, with the record's changes where the two changed different lines (and a
        notice that the file lacks them); where they changed the same ones, the file's lines,
        with a notice naming what they replaced."""
        base = stored.model.objects.filter(source_path=source.source_path).values_list("source_text", flat=True).get()
        if not base:  # imported before Newsroom kept the file's text: nothing to merge with
            return version.text, REPLACED_EDITS
        merged, lost = merge_lines(base, current, version.text)
        if not _reads(merged, source):  # each side reads, the two together do not: the file wins whole
            merged, lost = version.text, current
        notices = [KEPT_CHANGES] if merged != version.text else []
        if lost and not holds_changes(base, lost, version.text):
            notices.append(f"{REPLACED_EDITS} ({', '.join(changed_keys(base, lost))})")
        return merged, "; ".join(notices)

    def import_file(self, source):
        label = source.label
        if source.skip:
            return FileOutcome(label, SKIPPED)
        try:
            raw = source.read()
            digest = file_hash(raw)
            if earlier := self.seen.get(source.source_path):
                if earlier[1] != digest:
                    raise ImportFailure(
                        f"{earlier[0]}, earlier in this import, has the same path ({source.source_path}) "
                        "and other content: Newsroom keeps one record per path, so the two would replace "
                        "each other; give one of them another name"
                    )
                return FileOutcome(label, UNCHANGED)
            self.seen[source.source_path] = (label, digest)
            try:
                version = _Version(digest, raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                raise ImportFailure(f"not UTF-8 text (invalid byte at offset {error.start})") from None
            if "\x00" in version.text:
                raise ImportFailure("not a text file (contains NUL bytes)")
            stored = self.stored.get(source.source_path)
            to_import = self.text_to_import(stored, source, raw, version)
            if to_import is None:
                return FileOutcome(label, UNCHANGED)
            text, notice = to_import
            document = parse(text, fenced=not source.is_yaml, path=label)
            kind = _kind(document)
            if stored and stored.model is not kind:
                held, now = stored.model._meta.verbose_name, kind._meta.verbose_name
                raise ImportFailure(
                    f"this path is {_with_article(held)}'s in Newsroom, "
                    f"and the file now describes {_with_article(now)}: "
                    f"give the {now} a file of its own, or delete the {held} in the admin first"
                )
            if kind is Article and not stored:
                data = documents.read_article(document, path=source.source_path)
                outcome = FileOutcome(label, CREATED)
                self.new_articles[source.source_path] = _NewArticle(source, version, data, outcome)
                return outcome
            created_providers, created_topics = [], []
            try:
                with transaction.atomic():
                    if kind is Provider:
                        created = self.save_organization(document, source, version)
                    elif kind is Topic:
                        created = self.save_topic(document, source, version, created_topics)
                    else:
                        self.save_article(document, source, version, created_providers, created_topics, notice)
                        created = False
                self.saved_taxonomy |= kind is not Article
            except BaseException:
                for key in created_providers:
                    self.providers.pop(key, None)
                for name in created_topics:
                    self.topics.pop(name, None)
                raise
            return FileOutcome(label, CREATED if created else UPDATED, notice)
        except (ImportFailure, FrontMatterError) as error:
            message = str(error)
            if isinstance(error, FrontMatterError) and error.path:
                message = message.removeprefix(f"{error.path}:").lstrip(": ")
            return FileOutcome(label, FAILED, message)
        except (DatabaseError, OSError) as error:
            return FileOutcome(label, FAILED, f"could not be saved: {error}")

    # -- articles

    def save_new_articles(self):
        """Insert the batch's new articles together, or one by one if that fails."""
        new_articles, self.new_articles = list(self.new_articles.values()), {}
        if not new_articles:
            return
        try:
            with transaction.atomic():
                self.insert_articles(new_articles)
        except DatabaseError:
            self.forget()  # providers and topics made in the rolled-back savepoint are gone
            for new in new_articles:
                try:
                    with transaction.atomic():
                        self.insert_articles([new])
                except DatabaseError as error:
                    self.forget()
                    new.outcome.outcome = FAILED
                    new.outcome.message = f"could not be saved: {error}"

    def insert_articles(self, new_articles):
        slugs = _unique_slugs(
            (
                documents.slug_for(new.source.source_path, new.data.fields["title"], new.data.fields["published_at"])
                for new in new_articles
            ),
            self.slug_numbers,
        )
        articles = [
            Article(
                source_path=new.source.source_path,
                slug=slug,
                layout=new.data.layout,
                extra=new.data.extra,
                source_hash=new.version.digest,
                source_text=new.version.text,
                provider=self.provider(new.data.provider, []) if new.data.provider else None,
                **new.data.fields,
            )
            for new, slug in zip(new_articles, slugs)
        ]
        events = workflow.publish_new_from_files(
            [article for article, new in zip(articles, new_articles) if new.data.published], by=self.by
        )
        # Instances carry what the workflow decided (status, version); rows are what is written.
        columns = [
            "source_path", "slug", "layout", "extra", "source_hash", "source_text", "provider_id", "status", "version"
        ]  # fmt: skip
        columns += new_articles[0].data.fields
        insert_rows(Article, [{name: getattr(article, name) for name in columns} for article in articles])
        paths = [article.source_path for article in articles]
        ids = dict(Article.objects.filter(source_path__in=paths).values_list("source_path", "pk"))
        for article in articles:
            article.pk = ids[article.source_path]
        ArticleEvent.objects.bulk_create(events)
        self.save_parts([(article, new.data) for article, new in zip(articles, new_articles)], [])

    def save_parts(self, articles_and_data, created_topics):
        """Insert the images, related items and topic links of saved articles."""
        insert_rows(
            ArticleImage,
            [
                {"article_id": article.pk, "position": index, **image, **stored_files(image["url"])}
                for article, data in articles_and_data
                for index, image in enumerate(data.images)
            ],
        )
        related = [
            (article, index, fields, images)
            for article, data in articles_and_data
            for index, (fields, images) in enumerate(data.related)
        ]
        insert_rows(
            RelatedItem,
            [{"article_id": article.pk, "position": index, **fields} for article, index, fields, _ in related],
        )
        items = RelatedItem.objects.filter(article__in=[article.pk for article, _ in articles_and_data])
        item_ids = {
            (article_id, position): pk for pk, article_id, position in items.values_list("pk", "article_id", "position")
        }
        insert_rows(
            RelatedImage,
            [
                {"related_item_id": item_ids[article.pk, item_position], "position": index, **image}
                for article, item_position, _, images in related
                for index, image in enumerate(images)
            ],
        )
        insert_rows(
            TaggedTopic,
            [
                {"content_object_id": article.pk, "tag_id": topic.pk}
                for article, data in articles_and_data
                # Two names in one file may lead to one topic when one was merged into the other.
                for topic in dict.fromkeys(self.topic(name, created_topics) for name in data.topics)
            ],
        )

    def save_article(self, document, source, version, created_providers, created_topics, notice):
        """Update the article of a changed file (new ones are inserted by the batch). A
        ``notice`` (how the file met changes made in Newsroom: kept or replaced) goes into
        the article's history, with the score before and after."""
        data = documents.read_article(document, path=source.source_path)
        article = Article.objects.select_for_update().filter(source_path=source.source_path).first()
        if article is None:
            raise ImportFailure(_deleted_meanwhile(Article))
        quality_before = article.quality
        for name, value in data.fields.items():
            setattr(article, name, value)
        article.layout = data.layout
        article.extra = data.extra
        article.source_hash, article.source_text = version.digest, version.text
        article.provider = self.provider(data.provider, created_providers) if data.provider else None
        article.version += 1  # an editor's form opened before this import is now stale
        article.save()
        workflow.publish_from_file(article, published=data.published, by=self.by)
        article.images.all().delete()
        article.related_items.all().delete()
        article.topic_links.all().delete()
        self.save_parts([(article, data)], created_topics)
        if notice:  # its state is the file's (a move to or from published has a row of its own)
            ArticleEvent.objects.create(
                article=article,
                actor=self.by,
                action=ArticleEvent.Action.IMPORT,
                from_status=article.status,
                to_status=article.status,
                quality_before=quality_before,
                quality_after=article.quality,
                note=notice,
            )

    def provider(self, values, created_providers):
        domain = values["domain"]
        key = identity.domain_key(domain)
        provider = self.providers.get(key) or Provider.objects.for_domain(domain)
        if provider is None:
            provider = Provider.objects.create(domain=domain, name=values["name"] or domain)
            created_providers.append(key)
        self.providers[key] = provider
        identity.keep_spelling(provider, values["name"])
        return provider

    def topic(self, name, created_topics):
        topic = self.topics.get(name)
        if topic is None:
            topic = topic_named(name)  # a merged-away name leads to the topic it was merged into
            if topic is None:
                topic = Topic.objects.create(name=name)
                created_topics.append(name)
            self.topics[name] = topic
        return topic

    # -- providers and topics

    def save_organization(self, document, source, version):
        fields, logos = documents.read_organization(document, path=source.source_path)
        known = Provider.objects.for_domain(fields["domain"])
        if known is not None and identity.domain_key(known.domain) != identity.domain_key(fields["domain"]):
            raise ImportFailure(
                f"domain: {fields['domain']} was merged into {known.domain}; "
                "edit that provider instead of re-importing this file"
            )
        provider = Provider.objects.select_for_update().with_domain(fields["domain"]).first()
        self.refuse_second_file(provider, source, "domain", fields["domain"], "a provider has one organization file")
        # Found in any letter case: the file may write its provider's domain in another.
        domain = provider.domain if provider else fields["domain"]
        self.refuse_changed_identity(
            Provider, provider, source, "domain", "domain", domain, "a domain names its provider"
        )
        created = provider is None
        if created:
            provider = Provider(domain=fields["domain"])
        for name, value in fields.items():
            setattr(provider, name, value)
        provider.source_path = source.source_path
        provider.source_hash, provider.source_text = version.digest, version.text
        provider.save()
        provider.logos.all().delete()
        ProviderLogo.objects.bulk_create(
            ProviderLogo(provider=provider, position=index, **logo) for index, logo in enumerate(logos)
        )
        self.providers.pop(identity.domain_key(provider.domain), None)
        return created

    def save_topic(self, document, source, version, created_topics):
        fields, parent_name = documents.read_topic(document, path=source.source_path)
        topics = Topic.objects.select_for_update()
        topic = (
            topics.filter(slug=fields["slug"], source_path__isnull=False).first()
            or topics.filter(name=fields["name"]).first()
        )
        # A topic made from articles' topic lists may hold this id as its generated slug.
        squatter = topics.filter(slug=fields["slug"], source_path__isnull=True).exclude(name=fields["name"]).first()
        if squatter:
            squatter.slug = editing.unique_slug(f"{squatter.slug}-{squatter.pk}", model=Topic)
            squatter.save(update_fields=["slug"])
        self.refuse_second_file(topic, source, "_id", topic and topic.slug, "a topic has one topic file")
        self.refuse_changed_identity(Topic, topic, source, "_id", "slug", fields["slug"], "an _id names its topic")
        created = topic is None
        if created:
            merge = TopicMerge.objects.filter(merged_slug=fields["slug"]).select_related("topic").first()
            if merge:
                raise ImportFailure(
                    f"_id: {merge.merged_slug} was merged into {merge.topic.slug}; "
                    "edit that topic instead of re-importing this file"
                )
            topic = Topic()
        elif topic.name != fields["name"] and Topic.objects.filter(name=fields["name"]).exclude(pk=topic.pk).exists():
            raise ImportFailure(f"name: another topic is already called {fields['name']!r}")
        if not created and topic.slug != fields["slug"]:
            # A topic made from articles' topic lists takes the file's id as its address; its
            # old address leads to the new one, as a merged topic's does (``articles.redirects``).
            TopicMerge.objects.create(topic=topic, merged_name=topic.name, merged_slug=topic.slug, merged_by=self.by)
        for name, value in fields.items():
            setattr(topic, name, value)
        topic.parent = self.topic(parent_name, created_topics) if parent_name else None
        topic.source_path = source.source_path
        topic.source_hash, topic.source_text = version.digest, version.text
        topic.save()
        self.topics.pop(topic.name, None)
        return created

    def refuse_second_file(self, record, source, key, value, rule):
        """Refuse a file describing a provider or topic that another file of this import
        describes (a copy left beside the original); one whose file is not in this import
        was moved, and this file takes its place."""
        if record and record.source_path not in (None, source.source_path) and record.source_path in self.run_paths:
            raise ImportFailure(f"{key}: {value} is described by {record.source_path} too, and {rule}")

    def refuse_changed_identity(self, model, record, source, key, identity_field, identity, rule):
        """Refuse a file that now names another provider or topic than the one it described
        (``key`` names it in the file, ``identity_field`` in the model, as ``identity``):
        another record holds the file, or the ``record`` the file leads to otherwise (a topic
        by its name) has a file and another identity."""
        before = model.objects.filter(source_path=source.source_path).exclude(pk=record.pk if record else None).first()
        if before is None and record is not None and record.source_path is not None:
            before = record if getattr(record, identity_field) != identity else None
        if before is not None:
            described = getattr(before, identity_field)
            raise ImportFailure(
                f"{key}: this file describes {described}, and {rule}: to change it, merge {described} "
                "into another in the admin, or give the new one a file of its own"
            )


def _deleted_meanwhile(model):
    return f"its {model._meta.verbose_name} was deleted in the admin while this import ran: import the file again"


def _with_article(noun):
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _unique_slugs(candidates, numbers):
    """Unique slugs for a batch of new articles, in one query unless some are taken.

    ``numbers`` keeps, from batch to batch, the number the next copy of a taken slug tries:
    each number tried is a query, and trying them all from 2 for every file that shares a
    slug (a title and date) made an import of 2,000 such files take minutes.
    """
    candidates = list(candidates)
    taken = set(Article.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    slugs = []
    for slug in candidates:
        if slug in taken:
            stem = slug
            slug = editing.unique_slug(stem, also_taken=taken, first_number=numbers.get(stem, 2))
            numbers[stem] = int(slug.rpartition("-")[2]) + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs
