"""The topic taxonomy: renaming and merging topics, and suggesting topics for articles.

Articles name their topics in their files, so renaming or merging a topic changes every
article filed under it, and each one's history records the change (a re-import of the
unchanged old files leaves the change standing: see ``articles.importing``).
A rename keeps the topic's slug, so its page keeps its address. A merge leaves a
``TopicMerge`` behind, so a file that still names the merged topic files its article under
the kept one instead of bringing the merged topic back (``topic_named``).

Suggestions are only ever offered: ``suggest_topics`` lists topics whose keywords appear
in an article's title or excerpt, and nothing is filed until a reviewer accepts one with
``add_topic``.
"""

import re

from django.db import transaction

from . import editing, workflow
from .models import Article, ArticleEvent, TaggedTopic, Topic, TopicFormerName, TopicMerge, holds_file


class TopicChangeRefused(Exception):
    """A rename or merge that cannot be done; the message says why."""


def clashing_topic(name, *, other_than=None):
    """The topic already called ``name`` in any case, if there is one: "science" beside
    "Science" would list both on the site. (A file's topic names are taken as written, so
    an import may still bring both; merging them fixes that for good.)"""
    # Compared here, not with ``name__iexact``: SQLite ignores the case of ASCII letters only.
    wanted = name.casefold()
    topics = Topic.objects.exclude(pk=other_than.pk if other_than else None).only("pk", "name")
    return next((topic for topic in topics.iterator() if topic.name.casefold() == wanted), None)


@transaction.atomic
def rename_topic(topic, *, name, by):
    """Rename ``topic`` (its slug stays) and record the change on every article filed under it."""
    name = name.strip()
    if not name:
        raise TopicChangeRefused("A topic needs a name.")
    clash = clashing_topic(name, other_than=topic)
    if clash is not None:
        raise TopicChangeRefused(f"Another topic is already called {clash.name!r}; merge the two instead.")
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    old_name = topic.name
    if name == old_name:
        return topic
    topic.name = name
    topic.save(update_fields=["name"])
    TopicFormerName.objects.filter(name__in=[old_name, name]).delete()  # a name leads to one topic
    TopicFormerName.objects.create(topic=topic, name=old_name)
    article_ids = list(topic.article_links.values_list("content_object_id", flat=True))
    workflow.record_change(
        article_ids, by=by, action=ArticleEvent.Action.TOPIC_RENAMED, note=f"Topic {old_name!r} renamed to {name!r}."
    )
    return topic


@transaction.atomic
def merge_topics(merged, *, into, by):
    """Merge the topic ``merged`` into ``into``: its articles, children and keywords move.

    Each article keeps its topic order (``into`` takes the place ``merged`` had, unless
    the article already had ``into``), then ``merged`` is deleted and a ``TopicMerge``
    keeps its name leading to ``into``. An ``into`` below ``merged`` takes its place in
    the tree; an ``into`` without a file gets one beside the merged topic's
    (``04-ai-builder.yaml`` merged into "AI" gives ``04-ai.yaml``), since an export
    writes only those.
    """
    if merged.pk == into.pk:
        raise TopicChangeRefused(f"{into.name!r} cannot be merged into itself.")
    locked = {topic.pk: topic for topic in Topic.objects.select_for_update().filter(pk__in=[merged.pk, into.pk])}
    if len(locked) != 2:
        raise TopicChangeRefused("One of the topics no longer exists.")
    merged, into = locked[merged.pk], locked[into.pk]

    links = list(merged.article_links.all())
    article_ids = [link.content_object_id for link in links]
    already_filed = set(
        TaggedTopic.objects.filter(tag=into, content_object_id__in=article_ids).values_list(
            "content_object_id", flat=True
        )
    )
    # Re-pointing the link keeps its id, and ids are the article's topic order.
    TaggedTopic.objects.filter(
        pk__in=[link.pk for link in links if link.content_object_id not in already_filed]
    ).update(tag=into)
    merged.article_links.all().delete()

    if any(ancestor.pk == merged.pk for ancestor in into.ancestors()):
        into.parent = merged.parent  # ``into`` takes the merged topic's place in the tree
    merged.children.exclude(pk=into.pk).update(parent=into)
    into.keywords = _union(into.keywords, merged.keywords)
    into.hashtags = _union(into.hashtags, merged.hashtags)
    if merged.source_path and not into.source_path:
        # What ``into`` took from the merged topic's file goes on in a file of its own.
        into.source_path = _file_beside(merged.source_path, into.slug)
    into.save()
    note = f"Topic {merged.name!r} merged into {into.name!r}."
    workflow.record_change(article_ids, by=by, action=ArticleEvent.Action.TOPIC_MERGED, note=note)
    merged.merges.update(topic=into)  # names merged into the merged one follow it
    merged.former_names.update(topic=into)
    TopicMerge.objects.create(
        topic=into,
        merged_name=merged.name,
        merged_slug=merged.slug,
        merged_data={
            "shortname": merged.shortname,
            "parent": merged.parent.name if merged.parent else None,
            "keywords": merged.keywords,
            "hashtags": merged.hashtags,
            "source_path": merged.source_path,
            "extra": merged.extra,
        },
        articles_moved=len(article_ids),
        merged_by=by,
    )
    merged.delete()
    return into


def _file_beside(path, slug):
    """A new topic file for ``slug`` beside the file at ``path``, numbered as it is
    (``_data/topics/04-ai.yaml`` beside ``04-ai-builder.yaml``), with -2, -3... if that is
    taken (``path`` itself included: its record still holds it)."""
    folder, name = path.rsplit("/", 1) if "/" in path else ("", path)
    number = re.match(r"\d+-", name)
    stem = f"{folder}/{number.group() if number else ''}{slug}".lstrip("/")
    return editing.numbered(stem, holds_file, ".yaml")


def topic_named(name):
    """The topic called ``name``: the one with that name, the one it was merged into, or
    the one renamed from it."""
    topic = Topic.objects.filter(name=name).first()
    if topic is None:
        merge = TopicMerge.objects.filter(merged_name=name).select_related("topic").first()
        topic = merge.topic if merge else None
    if topic is None:
        former = TopicFormerName.objects.filter(name=name).select_related("topic").first()
        topic = former.topic if former else None
    return topic


def topic_tree(topics):
    """Arrange ``topics`` under their parents, keeping their order: return the top-level
    ones, each topic given ``subtopics``, the list of its children among ``topics``.

    A topic whose parent is not among ``topics`` is top-level, and so is the first topic
    met of a loop of parents (files can describe one), which keeps the tree finite.
    """
    by_id = {topic.pk: topic for topic in topics}
    for topic in topics:
        topic.subtopics = []
    roots = []
    for topic in topics:
        parent = by_id.get(topic.parent_id)
        (parent.subtopics if parent else roots).append(topic)
    placed = set()

    def place(top):
        below = [top]
        while below:
            placed.add(below[-1].pk)
            below.extend(below.pop().subtopics)

    for root in roots:
        place(root)
    for topic in topics:
        if topic.pk not in placed:  # unreachable from the top: a loop of parents
            by_id[topic.parent_id].subtopics.remove(topic)
            roots.append(topic)
            place(topic)
    return roots


def _union(kept, added):
    """``kept`` as it is (duplicates and all: it is what the file says), then what is new."""
    return [*kept, *(item for item in dict.fromkeys(added) if item not in kept)]


# --------------------------------------------------------------------------- suggestions


def keyword_pattern(keyword):
    """A pattern matching ``keyword`` as a whole word or phrase, in any case and spacing."""
    words = [re.escape(word) for word in keyword.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def topics_mentioned(text, topics):
    """Return the topics (in the order given) one of whose keywords appears in ``text``."""
    return [
        topic
        for topic in topics
        if any(keyword.strip() and keyword_pattern(keyword).search(text) for keyword in topic.keywords)
    ]


def suggest_topics(article):
    """The topics whose keywords appear in the article's title or excerpt and that it lacks."""
    candidates = Topic.objects.exclude(keywords=[]).exclude(article_links__content_object=article)
    return topics_mentioned(f"{article.title}\n{article.excerpt}", candidates)


@transaction.atomic
def set_topics(article, chosen):
    """File the article under the ``chosen`` topics in that order, saving new ones.

    Links that keep their place stay (their row order is the file's topic order), so adding
    a topic at the end or dropping the last one changes only that line of the file.
    """
    current = list(article.topic_links.order_by("id"))
    kept = 0
    while kept < min(len(current), len(chosen)) and current[kept].tag_id == chosen[kept].pk:
        kept += 1
    TaggedTopic.objects.filter(pk__in=[link.pk for link in current[kept:]]).delete()
    for topic in chosen[kept:]:
        if topic.pk is None:
            topic.save()
        TaggedTopic.objects.create(content_object=article, tag=topic)


@transaction.atomic
def add_topic(article, topic, *, by):
    """File the article under ``topic`` (last in its list), as a reviewer accepting a suggestion."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    workflow.require_may_edit(by, article)
    _, created = TaggedTopic.objects.get_or_create(content_object=article, tag=topic)
    if created:
        note = f"Suggested topic {topic.name!r} accepted."
        workflow.record_change([article.pk], by=by, action=ArticleEvent.Action.TOPIC_ADDED, note=note)
    return created
