"""The public reader site: listings, article pages, topics, providers and search.

Every view starts from ``Article.objects.published()``, runs a fixed number of queries
whatever the number of articles, and is cached whole by ``articles.caching``; so are the
parts that show one article (a card, an article's page), by that article's last change.
"""

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from providers.models import Provider

from .caching import article_parts, cache_public_page
from .models import Article, Topic, published_condition
from .paging import page_of
from .redirects import follow_provider_merges, follow_topic_merges
from .search import normalize_query, search_articles
from .topics import topic_tree

PER_PAGE = 24
TYPE_LISTINGS = {"article": "Articles", "video": "Videos"}


def _listing(request, template, articles, *, found_only_with_articles=False, **context):
    """A page of ``articles`` as cards: the listing's query reads only which articles and
    when each last changed, and renders only the cards not cached since.

    A topic's or provider's page exists only while it has a published article; its
    listing answers that (``found_only_with_articles``) without a query of its own."""
    page = page_of(articles.values_list("pk", "updated_at"), request.GET.get("page"), per_page=PER_PAGE)
    if found_only_with_articles and not page.items:
        raise Http404("No published articles here")
    page.items = article_parts(request, "card", page.items, Article.objects.for_cards(), _card)
    return render(request, template, {"page": page, **context})


def _card(article):
    return render_to_string("articles/_card.html", {"article": article})


@cache_public_page
def article_list(request):
    return _listing(request, "articles/article_list.html", Article.objects.published())


@cache_public_page
def type_list(request, type):
    if type not in TYPE_LISTINGS:
        raise Http404("No such type")
    articles = Article.objects.published().filter(type=type)
    return _listing(request, "articles/article_list.html", articles, heading=TYPE_LISTINGS[type], current_type=type)


@cache_public_page
def article_detail(request, slug):
    row = get_object_or_404(Article.objects.published().values_list("pk", "updated_at"), slug=slug)
    articles = Article.objects.with_page_data()
    pages = article_parts(request, "page", [row], articles, lambda article: _article_page(request, article))
    if not pages:
        raise Http404("No such article")  # unpublished since the first query
    return HttpResponse(pages[0])


def _article_page(request, article):
    return render_to_string("articles/article_detail.html", {"article": article}, request)


@cache_public_page
def topic_list(request):
    topics = (
        Topic.objects.annotate(
            article_count=Count("article_links", filter=published_condition("article_links__content_object__"))
        )
        .filter(article_count__gt=0)
        .order_by("name")  # aggregating drops the model's ordering
    )
    return render(request, "articles/topic_list.html", {"topics": topic_tree(list(topics))})


@follow_topic_merges
@cache_public_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    articles = Article.objects.published().filter(topic_links__tag=topic)
    children = topic.children.public()
    return _listing(
        request, "articles/topic_detail.html", articles, found_only_with_articles=True, topic=topic, children=children
    )


@follow_provider_merges
@cache_public_page
def provider_detail(request, domain):
    provider = get_object_or_404(Provider, domain=domain)
    articles = Article.objects.published().filter(provider=provider)
    return _listing(
        request, "articles/provider_detail.html", articles, found_only_with_articles=True, provider=provider
    )


@cache_public_page
def search(request):
    query = normalize_query(request.GET.get("q"))
    return _listing(request, "articles/search.html", search_articles(query), query=query)
