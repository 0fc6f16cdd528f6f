"""New articles and slugs: the slug and file an article written in the admin gets, and the
unique slugs imports give new articles and topics."""

from . import documents
from .models import Article, ArticleEvent


def unique_slug(slug, *, model=Article, also_taken=(), first_number=2):
    """``slug``, or ``slug-2``, ``slug-3``... if another row of ``model`` (or ``also_taken``) has it;
    numbers start at ``first_number`` (an import starts where its last copy of ``slug`` stopped)."""
    return numbered(
        slug,
        lambda candidate: candidate in also_taken or model.objects.filter(slug=candidate).exists(),
        first_number=first_number,
    )


def numbered(stem, taken, suffix="", first_number=2):
    """``stem + suffix``, or ``stem-2 + suffix``, ``stem-3 + suffix``... the first not ``taken``."""
    candidate, number = stem + suffix, first_number
    while taken(candidate):
        candidate, number = f"{stem}-{number}{suffix}", number + 1
    return candidate


def create_article(article, *, by):
    """Save a new article: a unique slug (the date, when there is one, and the title, unless
    one was typed), its file (`_<category>/<slug>.md`), its first history row."""
    if not article.slug:
        article.slug = unique_slug(documents.slug_for("", article.title, article.published_at))
    if not article.source_path:
        stem = f"_{article.category or 'news'}/{article.slug}"
        article.source_path = numbered(stem, lambda path: Article.objects.filter(source_path=path).exists(), ".md")
    article.save()
    ArticleEvent.objects.create(
        article=article,
        actor=by,
        action=ArticleEvent.Action.CREATE,
        to_status=article.status,
        quality_after=article.quality,
    )
    return article
