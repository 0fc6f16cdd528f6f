"""Public search: the published articles that match a reader's words, most relevant first.

Words are looked for in the title, the excerpt, the provider's name and the topics.

- On PostgreSQL it is full-text search (English stemming, ``websearch`` syntax: quoted
  phrases, ``or``, ``-word``). Title, excerpt and provider form one weighted document
  (A, B, C) served by the ``article_search_document`` GIN index of migration 0003;
  ``SEARCH_DOCUMENT_SQL`` there must stay the expression ``search_document()`` compiles
  to, or the index goes unused. Articles filed under a matching topic match too, and
  rank ``TOPIC_MATCH_RANK`` higher.
- Elsewhere (SQLite) every word must appear, case-insensitively, in one of those fields;
  relevance adds up where each word was found, a title counting most.

Ties go to the newest article.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, IntegerField, OuterRef, Q, Value, When

from .models import Article, TaggedTopic, Topic

SEARCH_CONFIG = "english"
TOPIC_MATCH_RANK = 0.5
MAX_WORDS = 10
MAX_QUERY_LENGTH = 200
# Relevance of a word found in each field, for the fallback search.
FIELD_WEIGHTS = {"title": 8, "excerpt": 4, "provider_name": 2}
TOPIC_WEIGHT = 2


def search_document():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("excerpt", weight="B", config=SEARCH_CONFIG)
        + SearchVector("provider_name", weight="C", config=SEARCH_CONFIG)
    )


def normalize_query(text):
    """The words of a reader's query, trimmed to a sane size ("" when there are none)."""
    return " ".join((text or "").split()[:MAX_WORDS])[:MAX_QUERY_LENGTH]


def search_articles(text, queryset=None):
    """Return the published articles matching ``text``, most relevant first."""
    queryset = Article.objects.published() if queryset is None else queryset
    text = normalize_query(text)
    if not text:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _full_text_search(queryset, text)
    return _word_search(queryset, text)


def _full_text_search(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    topics = Topic.objects.annotate(document=SearchVector("name", config=SEARCH_CONFIG)).filter(document=query)
    topic_links = TaggedTopic.objects.filter(tag__in=topics.values("pk"))
    matches = (
        Article.objects.annotate(document=search_document())
        .filter(document=query)
        .order_by()
        .values("pk")
        .union(topic_links.order_by().values("content_object_id"))
    )
    topic_bonus = Case(
        When(Exists(topic_links.filter(content_object=OuterRef("pk"))), then=Value(TOPIC_MATCH_RANK)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return (
        queryset.filter(pk__in=matches)
        .annotate(rank=SearchRank(search_document(), query) + topic_bonus)
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-id")
    )


def _word_search(queryset, text):
    rank = Value(0, output_field=IntegerField())
    for word in text.split():
        in_topics = Q(pk__in=TaggedTopic.objects.filter(tag__name__icontains=word).values("content_object_id"))
        in_fields = {name: Q(**{f"{name}__icontains": word}) for name in FIELD_WEIGHTS}
        queryset = queryset.filter(in_topics | Q.create(list(in_fields.values()), connector=Q.OR))
        for name, weight in FIELD_WEIGHTS.items():
            rank += Case(When(in_fields[name], then=Value(weight)), default=Value(0))
        rank += Case(When(in_topics, then=Value(TOPIC_WEIGHT)), default=Value(0))
    return queryset.annotate(rank=rank).order_by("-rank", F("published_at").desc(nulls_last=True), "-id")
