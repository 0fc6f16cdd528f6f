"""Articles made in code for the public-site tests: published unless told otherwise."""

import datetime
import itertools

from django.utils.text import slugify

from articles.models import Article, ArticleImage, RelatedItem, TaggedTopic, Topic
from providers.models import Provider

_numbers = itertools.count(1)
BASE_TIME = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


def make_article(
    title=None,
    *,
    status=Article.Status.PUBLISHED,
    days_ago=None,
    provider=("Example Times", "example.org"),
    topics=(),
    image=True,
    related=(),
    **fields,
):
    number = next(_numbers)
    title = title or f"Article number {number}"
    published_at = BASE_TIME - datetime.timedelta(days=number if days_ago is None else days_ago)
    slug = f"{published_at:%Y-%m-%d}-article-{number}"
    provider_object = None
    if provider:
        provider_object, _ = Provider.objects.get_or_create(domain=provider[1], defaults={"name": provider[0]})
    article = Article.objects.create(
        source_path=f"_{fields.get('category', 'news')}/{slug}.md",
        slug=slug,
        title=title,
        excerpt=fields.pop("excerpt", f"The excerpt of {title}."),
        published_at=published_at,
        status=status,
        provider=provider_object,
        provider_name=provider[0] if provider else "",
        **fields,
    )
    if image:
        ArticleImage.objects.create(
            article=article, url=f"https://img.example.org/{number}.jpg", width=1600, height=900, is_cached=True
        )
    for name in topics:
        topic, _ = Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
        TaggedTopic.objects.create(content_object=article, tag=topic)
    for position, item in enumerate(related):
        RelatedItem.objects.create(article=article, position=position, **item)
    return article
