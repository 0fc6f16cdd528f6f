"""RSS and Atom feeds of the latest published articles, for the whole site and per topic.

Titles and excerpts go into the feed as text; the feed writer escapes them.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .html import as_text
from .models import Article, Topic

FEED_SIZE = 50


class LatestArticlesFeed(Feed):
    title = "Newsroom: latest articles"
    description = "The latest articles published on Newsroom."

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published().for_cards()[:FEED_SIZE]

    def item_title(self, article):
        return as_text(article.title)

    def item_description(self, article):
        return as_text(article.excerpt)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.provider_name or (article.provider.name if article.provider else None)

    def item_categories(self, article):
        return [topic.name for topic in article.ordered_topics()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TopicArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"Newsroom: {topic.name}"

    def description(self, topic):
        return f"The latest articles about {topic.name} published on Newsroom."

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return Article.objects.published().filter(topic_links__tag=topic).for_cards()[:FEED_SIZE]


class TopicArticlesAtomFeed(TopicArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, topic):
        return self.description(topic)
