"""The public reader site: listings, article pages, topics, providers and search.

Every view starts from ``Article.objects.published()``, runs a fixed number of queries
whatever the number of articles, and is cached whole by ``articles.caching``.
"""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .caching import cache_public_page
from .models import Article, Topic, public_providers, published_condition
from .paging import page_of
from .redirects import follow_provider_merges, follow_topic_merges
from .search import normalize_query, search_articles
from .topics import topic_tree

PER_PAGE = 24
TYPE_LISTINGS = {"article": "Articles", "video": "Videos"}


def _listing(request, template, articles, **context):
    page = page_of(articles.for_cards(), request.GET.get("page"), per_page=PER_PAGE)
    return render(request, template, {"page": page, **context})


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
    article = get_object_or_404(Article.objects.published().with_page_data(), slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})


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
    topic = get_object_or_404(Topic.objects.public().select_related("parent"), slug=slug)
    articles = Article.objects.published().filter(topic_links__tag=topic)
    children = topic.children.public()
    return _listing(request, "articles/topic_detail.html", articles, topic=topic, children=children)


@follow_provider_merges
@cache_public_page
def provider_detail(request, domain):
    provider = get_object_or_404(public_providers(), domain=domain)
    articles = Article.objects.published().filter(provider=provider)
    return _listing(request, "articles/provider_detail.html", articles, provider=provider)


@cache_public_page
def search(request):
    query = normalize_query(request.GET.get("q"))
    return _listing(request, "articles/search.html", search_articles(query), query=query)
