"""The sitemap: every published article with its last modification, and the topic and
provider pages that list them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from providers.models import Provider

from .models import Article, Topic, published_condition


class ArticleSitemap(Sitemap):
    limit = 50_000  # the most one sitemap file may list

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TopicSitemap(Sitemap):
    def items(self):
        published = published_condition("article_links__content_object__")
        return (
            Topic.objects.annotate(last_change=Max("article_links__content_object__updated_at", filter=published))
            .filter(last_change__isnull=False)
            .only("slug")
            .order_by("name")
        )

    def lastmod(self, topic):
        return topic.last_change


class ProviderSitemap(Sitemap):
    def items(self):
        return (
            Provider.objects.annotate(last_change=Max("articles__updated_at", filter=published_condition("articles__")))
            .filter(last_change__isnull=False)
            .only("domain")
            .order_by("name")
        )

    def location(self, provider):
        return reverse("articles:provider", args=[provider.domain])

    def lastmod(self, provider):
        return provider.last_change


SITEMAPS = {"articles": ArticleSitemap, "topics": TopicSitemap, "providers": ProviderSitemap}
