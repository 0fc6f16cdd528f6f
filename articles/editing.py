"""Articles written by hand in the admin: the slug and file a new article gets."""

from . import documents
from .models import Article, ArticleEvent


def unique_slug(slug, *, model=Article, also_taken=()):
    """``slug``, or ``slug-2``, ``slug-3``... if another row of ``model`` (or ``also_taken``) has it."""
    candidate, number = slug, 2
    while candidate in also_taken or model.objects.filter(slug=candidate).exists():
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def create_article(article, *, by):
    """Save a new article: a unique slug, its file (`_news/YYYY-MM-DD-<slug>.md`), its first history row."""
    if not article.slug:
        article.slug = unique_slug(documents.slug_for("", article.title, article.published_at))
    if not article.source_path:
        path = documents.default_source_path(article)
        stem, number = path.removesuffix(".md"), 2
        while Article.objects.filter(source_path=path).exists():
            path, number = f"{stem}-{number}.md", number + 1
        article.source_path = path
    article.save()
    ArticleEvent.objects.create(
        article=article, actor=by, action="create", to_status=article.status, quality_after=article.quality
    )
    return article
