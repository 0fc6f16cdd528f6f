"""Searching articles: the public search, most relevant first, and the editors' search.

The public search looks for a reader's words among published articles, in the title, the
excerpt, the provider's name and the topics.

- On PostgreSQL it is full-text search (English stemming, ``websearch`` syntax: quoted
  phrases, ``or``, ``-word``). Title, excerpt and provider form one weighted document
  (A, B, C) that the database stores in the ``search_document`` column and indexes
  (migration 0003), so matching and ranking read it instead of recomputing it. Articles
  filed under a matching topic match too, and rank ``TOPIC_MATCH_RANK`` higher.
- Elsewhere (SQLite) every word must appear, case-insensitively, in one of those fields;
  relevance adds up where each word was found, a title counting most.

A query's typographic quotes become plain ones, so that a phone's "smart punctuation" still
quotes a phrase, and its apostrophes match an apostrophe written any way in the text
(``'``, ``’`` or the HTML entity ``&#8217;``, all common in imported titles):
PostgreSQL's parser reads them alike, and the fallback looks for each.

Relevance orders the newest ``MAX_CANDIDATES`` matching articles; when more articles
match, older ones are left out. The candidates are found by walking the date index until
there are enough (or, on PostgreSQL, through the search index when matches are rare), so
ranking costs about the same whether the words match a hundred articles or all of them.
Ties go to the newest article.

The editors' search (``staff_search``, the admin's search box) finds articles in any state
that hold every word anywhere in their title, excerpt or provider name, or in the name or
domain of their provider, as Django's admin search does. On PostgreSQL a trigram index on
each of those article columns (migration 0014) answers it for words of three letters or
more, so a search for a name costs milliseconds, not a read of every article.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import Col

from providers.models import Provider

from .models import Article, TaggedTopic, Topic

SEARCH_CONFIG = "english"
TOPIC_MATCH_RANK = 0.5
MAX_WORDS = 10
MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 1000
MAX_PROVIDER_IDS = 100
# Relevance of a word found in each field, for the fallback search.
FIELD_WEIGHTS = {"title": 8, "excerpt": 4, "provider_name": 2}
TOPIC_WEIGHT = 2
# A reader's typographic quotes and apostrophes, as plain ones.
PLAIN_QUOTES = str.maketrans("‘’“”", "''\"\"")
# How imported text writes an apostrophe: plain, typographic, or as the typographic one's
# HTML entity (pages show it decoded), each matched by a query's plain one.
APOSTROPHE_SPELLINGS = ("'", "’", "&#8217;")


class SearchDocument(Expression):
    """An article's stored ``search_document`` column (PostgreSQL only; the model does not declare it)."""

    column = SearchVectorField()
    column.set_attributes_from_name("search_document")

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), self.column)


def normalize_query(text):
    """The words of a reader's query, with plain quotes and apostrophes, trimmed to a sane
    size ("" when there are none)."""
    return " ".join((text or "").translate(PLAIN_QUOTES).split()[:MAX_WORDS])[:MAX_QUERY_LENGTH]


def search_articles(text):
    """Return the published articles matching ``text``, most relevant of the newest ``MAX_CANDIDATES`` first."""
    queryset = Article.objects.published()
    text = normalize_query(text)
    if not text:
        return queryset.none()
    search = _full_text_search if connection.vendor == "postgresql" else _word_search
    matches, rank = search(queryset, text)
    candidates = matches.order_by("-published_at", "-id").values("pk")[:MAX_CANDIDATES]
    return (
        queryset.filter(pk__in=candidates)
        .annotate(rank=rank)
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-id")
    )


def _full_text_search(queryset, text):
    """Return the matching articles and their relevance, from the stored search document."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # Matching topics are fetched first: when none match, as usual, the condition is the
    # document's alone, which PostgreSQL can answer from the search index.
    topics = list(
        Topic.objects.annotate(document=SearchVector("name", config=SEARCH_CONFIG))
        .filter(document=query)
        .values_list("pk", flat=True)
    )
    in_topics = Q(pk__in=TaggedTopic.objects.filter(tag__in=topics).values("content_object_id"))
    matches = queryset.alias(document=SearchDocument()).filter(Q(document=query) | in_topics)
    topic_bonus = Case(When(in_topics, then=Value(TOPIC_MATCH_RANK)), default=Value(0.0), output_field=FloatField())
    return matches, SearchRank(SearchDocument(), query) + topic_bonus


def _word_search(queryset, text):
    """Return the articles holding every word (or "quoted phrase") somewhere, and their relevance."""
    rank = Value(0, output_field=IntegerField())
    for word in _terms(text):
        in_topics = Q(pk__in=TaggedTopic.objects.filter(_contains("tag__name", word)).values("content_object_id"))
        in_fields = {name: _contains(name, word) for name in FIELD_WEIGHTS}
        queryset = queryset.filter(in_topics | Q.create(list(in_fields.values()), connector=Q.OR))
        for name, weight in FIELD_WEIGHTS.items():
            rank += Case(When(in_fields[name], then=Value(weight)), default=Value(0))
        rank += Case(When(in_topics, then=Value(TOPIC_WEIGHT)), default=Value(0))
    return queryset, rank


def _contains(field, word):
    """The condition that ``field`` holds ``word``, case-insensitively, with either apostrophe.

    SQLite's ``LIKE`` folds the case of ASCII letters only, so a word with any other letter
    ("CAFÉ") is matched by a regular expression, which Django has SQLite run in Python:
    about ten times slower than ``LIKE``, hence kept for those words.
    """
    if word.isascii():
        return _any_contains([field], _spellings(word))
    apostrophe = "(?:" + "|".join(map(re.escape, APOSTROPHE_SPELLINGS)) + ")"
    return Q(**{f"{field}__iregex": re.escape(word).replace("'", apostrophe)})


def staff_search(queryset, text):
    """The articles of ``queryset`` holding every word of ``text`` (a "quoted phrase" counts
    as one), case-insensitively, in their title, excerpt or provider name, or in their
    provider's name or domain. An apostrophe matches one written any way (``_spellings``).

    The providers a word names are looked up first and given by id, so that the condition
    stays on the article table, whose indexes PostgreSQL can then combine (a join to the
    providers would make it read every article). A word naming more than
    ``MAX_PROVIDER_IDS`` providers ("e") is matched with a subquery instead of a list that
    long: the ids would go into every query of the page.
    """
    for word in dict.fromkeys(_terms(text.translate(PLAIN_QUOTES))):
        spellings = _spellings(word)
        providers = Provider.objects.filter(_any_contains(["name", "domain"], spellings)).values("pk")
        ids = [row["pk"] for row in providers[: MAX_PROVIDER_IDS + 1]]
        in_providers = Q(provider__in=providers if len(ids) > MAX_PROVIDER_IDS else ids)
        in_fields = _any_contains(["title", "excerpt", "provider_name"], spellings)
        queryset = queryset.filter(in_fields | in_providers)
    return queryset


def _spellings(word):
    """``word`` with each way imported text writes its apostrophes (``APOSTROPHE_SPELLINGS``)."""
    return list(dict.fromkeys(word.replace("'", apostrophe) for apostrophe in APOSTROPHE_SPELLINGS))


def _any_contains(fields, spellings):
    """Any of ``fields`` holds any of ``spellings`` (``LIKE``: the trigram indexes answer it)."""
    return Q.create(
        [Q(**{f"{field}__icontains": spelling}) for field in fields for spelling in spellings], connector=Q.OR
    )


def _terms(text):
    """The words of a query, a "quoted phrase" counting as one; stray quotes are dropped."""
    terms = (phrase or word for phrase, word in re.findall(r'"([^"]+)"|([^\s"]+)', text))
    return [term.strip() for term in terms if term.strip()]
