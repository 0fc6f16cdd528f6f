"""RSS and Atom feeds of the latest published articles, for the whole site and per topic.

Titles go in as text. Excerpts go in as HTML, which is what feed readers make of an item's
description, so their text is escaped first (the feed writer escapes the XML again).
Characters XML cannot hold, which an imported file or a paste may carry, are left out.
"""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .html import as_text
from .models import Article, Topic

FEED_SIZE = 50
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def feed_text(value):
    return XML_UNSAFE.sub("", as_text(value))


class LatestArticlesFeed(Feed):
    title = "Newsroom: latest articles"
    description = "The latest articles published on Newsroom."

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published().for_cards()[:FEED_SIZE]

    def item_title(self, article):
        return feed_text(article.title)

    def item_description(self, article):
        return escape(feed_text(article.excerpt))

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return feed_text(article.provider_display_name) or None

    def item_categories(self, article):
        return [feed_text(topic.name) for topic in article.ordered_topics()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TopicArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.public(), slug=slug)

    def title(self, topic):
        return f"Newsroom: {feed_text(topic.name)}"

    def description(self, topic):
        return f"The latest articles about {feed_text(topic.name)} published on Newsroom."

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return Article.objects.published().filter(topic_links__tag=topic).for_cards()[:FEED_SIZE]


class TopicArticlesAtomFeed(TopicArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, topic):
        return self.description(topic)
