"""Articles, their images and related items, and the topics they are filed under.

The models mirror the front-matter file (see ``articles.frontmatter``): one column per
key the CMS understands, ``extra`` for every key it does not (kept in file order by the
``layout``), and ``layout`` for how the file was written, so an export reproduces it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import slug_unicode_re
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from providers.models import Provider

from .html import web_address

# What an integer column (quality, heat) holds on every database Newsroom runs on.
INTEGER_COLUMN_MIN, INTEGER_COLUMN_MAX = -(2**31), 2**31 - 1


def validate_category(name):
    """A collection name: its files live in the folder ``_<name>/``."""
    if len(name) > 40 or not slug_unicode_re.match(name):
        raise ValidationError(
            "%(name)r is not a collection name like news (up to 40 letters, digits, hyphens and underscores).",
            params={"name": name},
            code="invalid_category",
        )


class TopicQuerySet(models.QuerySet):
    def public(self):
        """The topics with a published article: the ones with a page, feeds and an API listing."""
        links = TaggedTopic.objects.filter(published_condition("content_object__"), tag=models.OuterRef("pk"))
        return self.filter(models.Exists(links))


class Topic(TagBase):
    """A topic: a tag on articles, optionally described by a `_data/topics/*.yaml` file."""

    shortname = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    keywords = models.JSONField(default=list, blank=True)
    hashtags = models.JSONField(default=list, blank=True)
    source_path = models.CharField(max_length=255, unique=True, null=True, blank=True)
    extra = models.JSONField(
        default=dict, blank=True, help_text="File keys the model does not know, kept as they came."
    )
    layout = models.JSONField(default=dict, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    source_text = models.TextField(blank=True, editable=False)  # the file as last imported

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])

    def public_parent(self):
        """The parent topic if it has a page to link to, else None.

        A query of its own, by the parent's id. As a subquery beside the topic, PostgreSQL
        planned it once for any parent and read every topic link (18 ms at 100,000 articles).
        """
        if self.parent_id is None or not Topic.objects.public().filter(pk=self.parent_id).exists():
            return None
        return self.parent

    def slugify(self, tag, i=None):
        """taggit's slug, or "topic" for a name with no letter or digit ("!!!"), which has none;
        cut so that a numbered one ("ai_2") still fits the column."""
        slug = super().slugify(tag) or "topic"
        suffix = "" if i is None else f"_{i}"
        return slug[: self._meta.get_field("slug").max_length - len(suffix)] + suffix

    def ancestors(self):
        """The topic's parent, its parent's parent, and so on (stopping where a loop would repeat)."""
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            yield ancestor
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def clean(self):
        """Refuse a parent that would put the topic under itself."""
        if self.pk is not None and any(ancestor.pk == self.pk for ancestor in self.ancestors()):
            raise ValidationError({"parent": "A topic cannot sit under itself or under one of its own subtopics."})


class TaggedTopic(TaggedItemBase):
    """An article's topic; the row id keeps the file's topic order."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="topic_links")
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")]


class TopicMerge(models.Model):
    """A topic merged into another: what it was, who merged it, and its name as an alias.

    Importing a file that still names the merged topic files the article under ``topic``.
    A topic file that gives a topic made from articles its own id leaves one too, so the
    topic's old slug still leads to it.
    """

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=100, db_index=True)
    merged_slug = models.SlugField(max_length=100, allow_unicode=True)
    merged_data = models.JSONField(default=dict, blank=True, help_text="The merged topic's other fields, as they were.")
    articles_moved = models.PositiveIntegerField(default=0)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"{self.merged_name} merged into {self.topic.name}"


class RejectionReason(models.Model):
    """A reason editors pick when rejecting an article; the team maintains the list."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


REVIEW_QUEUE_ORDER = [models.F("quality").desc(nulls_last=True), "-published_at", "-id"]  # best quality first


class TopicFormerName(models.Model):
    """A name a topic was renamed from: a file that still uses it files its article under
    the topic, instead of bringing a topic of that name back."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=100, db_index=True)
    renamed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-renamed_at", "-id"]

    def __str__(self):
        return self.name


def holds_file(source_path):
    """Whether an article, a provider or a topic already has the file at ``source_path``."""
    return any(model.objects.filter(source_path=source_path).exists() for model in (Article, Provider, Topic))


def published_condition(path=""):
    """The one definition of what the public may see, as a condition on articles reached
    through ``path`` (``"articles__"`` from a provider, ``""`` on articles themselves)."""
    return models.Q(**{f"{path}status": Article.Status.PUBLISHED})


def public_providers():
    """The providers with a published article: the ones with a page, feeds and redirects.
    (Topics have ``Topic.objects.public()``; ``providers`` knows nothing of articles.)"""
    return Provider.objects.filter(models.Exists(Article.objects.published().filter(provider=models.OuterRef("pk"))))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The articles the public may see."""
        return self.filter(published_condition())

    def review_queue(self):
        """The articles waiting for review, best quality first."""
        return self.filter(status=Article.Status.IN_REVIEW).order_by(*REVIEW_QUEUE_ORDER)

    def for_cards(self):
        """Fetch what a listing card shows (provider, images, topics) in a fixed number of queries."""
        return self.select_related("provider").prefetch_related(
            "images", models.Prefetch("topic_links", queryset=TaggedTopic.objects.select_related("tag"))
        )

    def with_page_data(self):
        """Fetch everything a full article page needs, in a fixed number of queries."""
        return self.select_related("provider").prefetch_related(
            "images",
            "related_items__images",
            models.Prefetch("topic_links", queryset=TaggedTopic.objects.select_related("tag")),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    source_path = models.CharField(
        max_length=255, unique=True, help_text="Where the file lives, e.g. _news/2020-06-18-x.md"
    )
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    category = models.CharField(max_length=40, db_index=True, default="news", validators=[validate_category])
    title = models.TextField()
    excerpt = models.TextField(blank=True)
    published_at = models.DateTimeField("published date", null=True, blank=True, db_index=True)
    original_url = models.CharField("original URL", max_length=2000, blank=True)
    web_url = models.CharField("web URL", max_length=2000, blank=True)
    amp_web_url = models.CharField("AMP URL", max_length=2000, blank=True)
    cdn_amp_web_url = models.CharField("CDN AMP URL", max_length=2000, blank=True)
    type = models.CharField(max_length=40, default="article", blank=True, db_index=True)
    quality = models.IntegerField(null=True, blank=True, db_index=True)
    heat = models.IntegerField(null=True, blank=True, default=-1, help_text="Popularity; -1 when unknown.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_REVIEW, db_index=True)
    featured_content = models.TextField(blank=True, help_text="Raw HTML embed from the file (sanitized when shown).")
    secured = models.TextField(blank=True, editable=False)
    body = models.TextField(blank=True)

    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    provider_name = models.CharField(
        max_length=255, blank=True, help_text="The provider's name as this article spells it."
    )
    provider_domain = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The provider's domain as this article's file writes it."
    )
    provider_logos = models.JSONField(default=list, blank=True, help_text="The provider logos this article came with.")
    topics = TaggableManager(
        "topics", through=TaggedTopic, blank=True, help_text="Comma-separated; quote names that contain a comma."
    )

    rejection_reason = models.ForeignKey(RejectionReason, null=True, blank=True, on_delete=models.PROTECT)
    go_live_at = models.DateTimeField("go-live time", null=True, blank=True, db_index=True)
    # Optimistic locking: every write bumps it; a form saved against an older one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    extra = models.JSONField(
        default=dict, blank=True, help_text="File keys the model does not know, kept as they came."
    )
    layout = models.JSONField(default=dict, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    source_text = models.TextField(blank=True, editable=False)  # the file as last imported
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["provider", "status", "-published_at"], name="article_provider_published"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(source_path=""), name="article_source_path_set"),
        ]
        permissions = [
            ("review_article", "Can score, approve and reject articles"),
            ("publish_article", "Can publish, unpublish and schedule articles"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def provider_display_name(self):
        """The provider's name as this article's file spells it, else the provider's own."""
        return self.provider_name or (self.provider.name if self.provider else "")

    @property
    def original_link(self):
        """Where the original story is: its original URL, else its web URL (http(s) only, else "")."""
        return web_address(self.original_url) or web_address(self.web_url)

    def ordered_topics(self):
        """The article's topics in file order (uses the prefetched links when present)."""
        return [link.tag for link in self.topic_links.all()]


class ImageFields(models.Model):
    """An image as files describe it: a remote URL with its size and flags."""

    position = models.PositiveIntegerField(default=0)
    url = models.CharField(max_length=2000)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    is_cached = models.BooleanField(null=True, blank=True)
    title = models.TextField(blank=True)
    attribution = models.CharField(max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.url


class ArticleImage(ImageFields):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    upload = models.ImageField(upload_to="articles/images/", blank=True, help_text="An image uploaded by staff.")
    card = models.ImageField(upload_to="articles/cards/", blank=True, editable=False)

    class Meta:
        ordering = ["article", "position", "id"]

    @property
    def src(self):
        """Where a page loads the image from: the staff upload, else the file's URL if it is
        an http(s) address ("" if not)."""
        return self.upload.url if self.upload else web_address(self.url)


class RelatedItem(models.Model):
    """A snapshot of a related article, as the file lists it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_items")
    position = models.PositiveIntegerField(default=0)
    title = models.TextField(blank=True)
    excerpt = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    original_url = models.CharField(max_length=2000, blank=True)
    web_url = models.CharField(max_length=2000, blank=True)
    amp_web_url = models.CharField(max_length=2000, blank=True)
    cdn_amp_web_url = models.CharField(max_length=2000, blank=True)
    type = models.CharField(max_length=40, blank=True)
    provider_name = models.CharField(max_length=255, blank=True)
    provider_domain = models.CharField(max_length=255, blank=True)
    quality = models.IntegerField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["article", "position", "id"]

    def __str__(self):
        return self.title


class RelatedImage(ImageFields):
    related_item = models.ForeignKey(RelatedItem, on_delete=models.CASCADE, related_name="images")

    class Meta:
        ordering = ["related_item", "position", "id"]


class ArticleEvent(models.Model):
    """One editorial decision or change, as the article's history shows it."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        IMPORT = "import", "Imported"
        EDIT = "edit", "Edited"
        NOTE = "note", "Note"
        SCORE = "score", "Scored"
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        REOPEN = "reopen", "Sent back to review"
        PUBLISH = "publish", "Published"
        PUBLISH_OVERRIDE = "publish_override", "Published below the quality minimum"
        UNPUBLISH = "unpublish", "Unpublished"
        SCHEDULE = "schedule", "Scheduled"
        SCHEDULE_OVERRIDE = "schedule_override", "Scheduled below the quality minimum"
        UNSCHEDULE = "unschedule", "Go-live cancelled"
        TOPIC_ADDED = "topic added", "Topic added"
        TOPIC_RENAMED = "topic renamed", "Topic renamed"
        TOPIC_MERGED = "topic merged", "Topic merged"
        PROVIDER_MERGED = "provider merged", "Provider merged"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    # No actor: the scheduler or an import from the shell. People who decided are deactivated, not deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=40, choices=Action)
    from_status = models.CharField(max_length=20, choices=Article.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status, blank=True)
    quality_before = models.IntegerField(null=True, blank=True)
    quality_after = models.IntegerField(null=True, blank=True)
    reason = models.ForeignKey(RejectionReason, null=True, blank=True, on_delete=models.PROTECT)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action}: {self.from_status} -> {self.to_status}"


class RemovedFile(models.Model):
    """The file of an article, provider or topic deleted (or merged away) in Newsroom.

    Its file may still lie in the content repository, where the next import would bring the
    record back: a whole export names such files, and deletes them if asked. Importing a
    file at the path again takes it off this list.
    """

    source_path = models.CharField(max_length=255, unique=True)
    removed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.source_path


@receiver(post_delete, sender=Article)
@receiver(post_delete, sender=Topic)
@receiver(post_delete, sender=Provider)
def remember_removed_file(sender, instance, **kwargs):
    """Record the path of a deleted record's file. A signal rather than a step of each
    delete: it sees every way a row goes (the admin's bulk delete, a merge, a cascade)."""
    if instance.source_path:
        RemovedFile.objects.update_or_create(source_path=instance.source_path)
