from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Article, Topic


def article_list(request):
    articles = Article.objects.published().select_related("provider")
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().with_file_data(), slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().filter(topic_links__tag=topic).select_related("provider")
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    return render(request, "articles/topic_detail.html", {"topic": topic, "page": page})
