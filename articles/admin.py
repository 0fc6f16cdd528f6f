"""The admin: the review desk (articles, rejection reasons), the content editors' pages and
the files page (import a zip, download files).

Every review decision made here goes through ``articles.workflow``, and files go through
``articles.archives``; this module only collects input and reports outcomes.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from taggit.models import Tag

from newsroom.forms import TableRowForm, TableRowFormSet
from providers import admin as providers_admin
from providers.models import Provider

from . import archives, editing, provider_merges, search, topics, workflow
from .caching import invalidate_article_parts
from .forms import (
    ArchiveImportForm,
    ArticleChangeForm,
    ArticleImageForm,
    ArticleRowForm,
    FaithfulModelForm,
    ProviderMergeForm,
    RelatedImageForm,
    RelatedItemForm,
    ReviewActionForm,
    ReviewDecisionForm,
    TopicForm,
    TopicMergeForm,
    TopicRenameForm,
)
from .models import (
    REVIEW_QUEUE_ORDER,
    Article,
    ArticleEvent,
    ArticleImage,
    RejectionReason,
    RelatedImage,
    RelatedItem,
    TaggedTopic,
    Topic,
    TopicMerge,
    public_providers,
)
from .sources import FILE_SUFFIXES


class PublicContentAdmin(admin.ModelAdmin):
    """An admin for what the public site shows: a save or delete makes cached pages and
    article parts stale (a provider's or topic's record shows on its articles' cards).

    The pages go stale once the admin's transaction commits, so a save's inlines count too.
    An admin whose ``save_model`` goes through ``articles.workflow`` leaves it to the workflow.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(invalidate_article_parts)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(invalidate_article_parts)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(invalidate_article_parts)


class ArticlePartInline:
    """A part of an article edited on its page (its images, its related items): read-only
    to those who may not edit the article (``workflow.may_edit``)."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and _may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj)


def _may_edit(request, article):
    return article is None or workflow.may_edit(request.user, article)


class ArticleImageInline(ArticlePartInline, admin.TabularInline):
    model = ArticleImage
    form = ArticleImageForm
    formset = TableRowFormSet
    extra = 0
    # Image titles are short; full-size text areas pushed the table past the page's width.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})}}
    fields = ["position", "upload", "url", "width", "height", "is_cached", "title", "attribution"]


class RelatedItemInline(ArticlePartInline, admin.StackedInline):
    model = RelatedItem
    form = FaithfulModelForm
    extra = 0
    show_change_link = True
    classes = ["collapse"]  # snapshots of other stories: folded away until wanted
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    fields = [
        "position",
        "title",
        "excerpt",
        "published_at",
        "type",
        "web_url",
        "provider_name",
        "provider_domain",
        "quality",
    ]


class QualityRangeFilter(admin.SimpleListFilter):
    title = "quality"
    parameter_name = "quality_range"

    def lookups(self, request, model_admin):
        minimum = workflow.minimum_quality()
        return [
            ("unscored", "Unscored"),
            ("below", f"Below the publishing minimum ({minimum}) or unscored"),
            ("0-49", "0 – 49"),
            ("50-99", "50 – 99"),
            ("100-", "100 and above"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unscored":
            return queryset.filter(quality__isnull=True)
        if value == "below":
            return queryset.filter(workflow.below_minimum_condition())
        if value in ("0-49", "50-99", "100-"):
            low, _, high = value.partition("-")
            queryset = queryset.filter(quality__gte=int(low))
            return queryset.filter(quality__lte=int(high)) if high else queryset
        return queryset


class TopicFilter(admin.SimpleListFilter):
    """Articles under one topic, found with EXISTS: filtering across the topic links would
    make Django de-duplicate every article with SELECT DISTINCT, and listing only the
    topics in use would join every article to its links on each page of the list."""

    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return Topic.objects.order_by("name").values_list("pk", "name")

    def queryset(self, request, queryset):
        topic_id = _whole_number(self.value() or "")
        if topic_id is None:
            return queryset
        return queryset.filter(Exists(TaggedTopic.objects.filter(content_object=OuterRef("pk"), tag_id=topic_id)))


def _is_review_queue(params):
    """The in-review articles, listed best first unless a column is clicked."""
    return params.get("status__exact") == Article.Status.IN_REVIEW and ORDER_VAR not in params


class ArticleChangeList(ChangeList):
    def get_ordering_field_columns(self):
        # Django marks the columns of the admin's static ordering (the date); the queue's is quality's.
        if _is_review_queue(self.params):
            return {self.list_display.index("quality"): "desc"}
        return super().get_ordering_field_columns()


class GoLiveFilter(admin.SimpleListFilter):
    title = "go-live"
    parameter_name = "go_live"

    def lookups(self, request, model_admin):
        return [("scheduled", "Scheduled"), ("overdue", "Overdue (did not go live)")]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.filter(go_live_at__isnull=False)
        if self.value() == "overdue":
            return queryset.filter(pk__in=workflow.overdue_go_live().values("pk"))
        return queryset


@admin.register(Article)
class ArticleAdmin(PublicContentAdmin):
    form = ArticleChangeForm
    action_form = ReviewActionForm
    actions = [
        "approve_articles",
        "reject_articles",
        "publish_articles",
        "unpublish_articles",
        "reopen_articles",
        "download_files",
    ]
    list_display = [
        "thumbnail",
        "title",
        "provider_label",
        "topic_names",
        "type",
        "quality",
        "heat",
        "state",
        "published",
    ]
    list_display_links = ["title"]
    list_editable = ["quality"]
    list_filter = [
        "status",
        ("provider", admin.RelatedOnlyFieldListFilter),
        TopicFilter,
        "type",
        QualityRangeFilter,
        "published_at",
        "rejection_reason",
        GoLiveFilter,
        "category",
    ]
    # Only shows the search box: articles.search.staff_search decides what matches (get_search_results).
    search_fields = ["title", "excerpt", "provider_name", "provider__name", "provider__domain"]
    search_help_text = "Finds articles holding every word in their title, excerpt, or provider's name or domain."
    date_hierarchy = "published_at"
    list_per_page = 50
    # At 100,000 articles, a second count of the whole table and the sidebar's counts
    # (every filter's query run once per option) would cost seconds a page.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    autocomplete_fields = ["provider"]
    readonly_fields = [
        "status", "rejection_reason", "go_live_at", "source_path", "created_at", "updated_at", "suggested_topics",
    ]  # fmt: skip
    inlines = [ArticleImageInline, RelatedItemInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "excerpt",
                    "status",
                    "quality",
                    "review_note",
                    "heat",
                    "topic_names",
                    "suggested_topics",
                    "loaded_version",
                ]
            },
        ),
        ("Review", {"fields": ["rejection_reason", "go_live_at"]}),
        (
            "Source",
            {"fields": ["category", "type", "published_at", "provider", "provider_name", "source_path", "slug"]},
        ),
        ("Links", {"fields": ["original_url", "web_url", "amp_web_url", "cdn_amp_web_url"]}),
        ("Content", {"fields": ["featured_content", "body"]}),
        ("File data", {"classes": ["collapse"], "fields": ["provider_logos", "extra", "created_at", "updated_at"]}),
    ]

    class Media:
        js = ["admin/newsroom/unsaved.js"]

    # -- the list

    def get_queryset(self, request):
        return super().get_queryset(request).for_cards()  # the list shows a thumbnail, provider and topics

    def get_search_results(self, request, queryset, search_term):
        return search.staff_search(queryset, search_term), False

    def get_ordering(self, request):
        if _is_review_queue(request.GET):
            return REVIEW_QUEUE_ORDER
        return super().get_ordering(request)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ArticleRowForm, **kwargs)

    @admin.display(description="image", empty_value="")
    def thumbnail(self, article):
        image = next(iter(article.images.all()), None)
        if image is None or not image.src:
            return ""
        return format_html('<img class="review-thumb" src="{}" alt="" loading="lazy">', image.src)

    @admin.display(description="suggested topics")
    def suggested_topics(self, article):
        """Topics the title or excerpt mentions, each with an "Add" button; never added unasked."""
        if article.pk is None:
            return "Suggestions appear once the article is saved."
        return render_to_string(
            "admin/articles/article/suggestions.html", {"article": article, "topics": topics.suggest_topics(article)}
        )

    @admin.display(description="provider", ordering="provider_name")
    def provider_label(self, article):
        return article.provider_display_name

    @admin.display(description="topics")
    def topic_names(self, article):
        return ", ".join(topic.name for topic in article.ordered_topics())

    @admin.display(description="published", ordering="published_at")
    def published(self, article):
        return f"{timezone.localtime(article.published_at):%d %b %Y %H:%M}" if article.published_at else None

    @admin.display(description="state", ordering="status")
    def state(self, article):
        label = article.get_status_display()
        if article.go_live_at and not article.is_published:
            label = f"{label} · live {timezone.localtime(article.go_live_at):%b %d %H:%M}"
        return format_html('<span class="review-state review-state-{}">{}</span>', article.status, label)

    # -- permissions

    def has_review_permission(self, request):
        return request.user.has_perm(workflow.REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user  # a class made for this request
        if obj is None and "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = "Leave empty to make one from the date and title."
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is None or workflow.may_edit(request.user, obj):
            return self.fieldsets
        # Suggestions file the article under a topic: an edit.
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field != "suggested_topics"]})
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("slug")  # the article's public address: links to it must keep working
            if not self.has_review_permission(request):
                fields.append("quality")
            if not workflow.may_edit(request.user, obj):  # live: a reviewer may still score it
                scoring = {"quality", "review_note", "loaded_version"}
                fields += [name for name in flatten_fieldsets(self.get_fieldsets(request, obj)) if name not in scoring]
        return fields

    # -- the actions, each one guarded transition per article

    @admin.action(description="Approve selected articles", permissions=["review"])
    def approve_articles(self, request, queryset):
        self._apply(request, queryset, "approve")

    @admin.action(description="Reject selected articles (pick a reason)", permissions=["review"])
    def reject_articles(self, request, queryset):
        reason = self._action_value(request, "rejection_reason")
        if reason is None:
            self.message_user(request, "Choose a rejection reason next to the action to reject.", messages.ERROR)
            return
        self._apply(request, queryset, "reject", reason=reason)

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_articles(self, request, queryset):
        override = self._action_value(request, "override_reason") or ""
        self._apply(request, queryset, "publish", override_reason=override)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_articles(self, request, queryset):
        self._apply(request, queryset, "unpublish")

    @admin.action(description="Send selected articles back to review", permissions=["review"])
    def reopen_articles(self, request, queryset):
        self._apply(request, queryset, "reopen")

    @admin.action(description="Download the selected articles' files (.zip)", permissions=["view"])
    def download_files(self, request, queryset):
        return _archive_response(archives.export_archive(queryset, taxonomy=False), "articles")

    def _action_value(self, request, name):
        form = self.action_form(request.POST)
        form.fields["action"].choices = self.get_action_choices(request)
        return form.cleaned_data.get(name) if form.is_valid() else None

    def _apply(self, request, queryset, verb, **options):
        note = self._action_value(request, "note") or ""
        try:
            outcome = workflow.apply_to_each(
                queryset, verb, by=request.user, note=note, loaded_versions=_loaded_versions(request), **options
            )
        except workflow.InvalidTransition as error:
            self.message_user(request, f"Nothing was changed: {error}.", messages.ERROR)
            return
        level = messages.SUCCESS if not outcome.skipped else messages.WARNING
        _tried, done = workflow.VERB_WORDS[verb]
        self._log_decisions(request, outcome.done, done)
        self.message_user(request, outcome.summary(done), level)

    def _log_decisions(self, request, articles, done):
        """Note decisions made here in the admin's log, as Django notes the edits made here:
        the index's "Recent actions" lists them. The article's history (``ArticleEvent``,
        which the workflow writes) is the record; the log only says what was done here."""
        if articles:
            message = f"{done[:1].upper()}{done[1:]}."
            LogEntry.objects.log_actions(request.user.pk, articles, CHANGE, change_message=message)

    # -- the change form

    def save_model(self, request, obj, form, change):
        if not change:
            editing.create_article(obj, by=request.user)
        # An existing article is saved in save_related, once its images and related items
        # are: one new version and one history row cover every part the editor changed.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "topic_names" in form.changed_data:
            topics.set_topics(form.instance, form.cleaned_data["topic_names"])
        edited = [
            form.fields[name].label.lower()
            for name in form.changed_data
            if name not in ("quality", "review_note", "loaded_version")
        ]
        edited += [str(formset.model._meta.verbose_name_plural) for formset in formsets if formset.has_changed()]
        if change and (form.has_changed() or edited):  # else saved as opened: no new version
            workflow.save_article_edits(
                form.instance,
                by=request.user,
                expected_version=form.cleaned_data["loaded_version"],
                note=form.cleaned_data.get("review_note", ""),
                edited=edited,
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.InvalidTransition as error:  # a save that lost a race with another editor
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            response = super().changelist_view(request, extra_context)
        except workflow.InvalidTransition as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        if stale := _stale_list_edits(response):
            # Shown again, the list would be in its new order (best first) with the typed
            # scores still in the old one: start again from the current list instead.
            titles = ", ".join(f"“{form.instance.title[:60]}”" for form in stale)
            self.message_user(
                request,
                f"Someone else changed {titles} after you loaded the list, so no score was saved. "
                "The list now shows the current scores; make your changes again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        action_form = getattr(response, "context_data", {}).get("action_form")
        if action_form is not None and not self.has_publish_permission(request):
            del action_form.fields["override_reason"]  # only publishers publish below the minimum
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                # As stored: the form's ``original`` carries the values typed into a refused save.
                "review_article": article,
                "review_verbs": workflow.allowed_verbs(article, request.user),
                "can_schedule": self.has_publish_permission(request) and article.status in workflow.SCHEDULABLE,
                "may_edit": workflow.may_edit(request.user, article),
                "rejection_reasons": RejectionReason.objects.filter(active=True),
                "history": _history(article)[:200],
                "minimum_quality": workflow.minimum_quality(),
                "below_minimum": workflow.below_minimum(article.quality),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Page the article's history (``ArticleEvent``) where Django's History page pages the
        admin's log: every decision and change, made here or by an import, a merge or the
        scheduler. Each change made here is in it too, so the log adds nothing."""
        if queryset.model is LogEntry:  # the History page's, once it has checked the article
            queryset = _history(unquote(request.resolver_match.kwargs["object_id"]))
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    # -- review desk pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review/", wrap(self.review_mode_view), name="articles_article_review"),
            path("<int:object_id>/decide/", wrap(self.decide_view), name="articles_article_decide"),
            path("<int:object_id>/preview/", wrap(self.preview_view), name="articles_article_preview"),
            path("files/", wrap(self.files_view), name="articles_article_files"),
            path("files/download/", wrap(self.download_all_view), name="articles_article_download"),
            *super().get_urls(),
        ]

    def review_mode_view(self, request):
        """The review queue one article at a time, driven from the keyboard."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        queue = list(Article.objects.review_queue().values_list("pk", flat=True)[:REVIEW_QUEUE_LIMIT])
        requested = request.GET.get("article", "")
        current = _whole_number(requested) or (queue[0] if queue else None)
        article = Article.objects.with_page_data().filter(pk=current).first() if current else None
        if article is None and requested:  # a stale link: the article was deleted
            self.message_user(request, "That article no longer exists; the queue starts here.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:articles_article_review"))
        position = queue.index(current) if current in queue else None
        previous_pk, next_pk = _neighbours(queue, position)
        # A new score moves the article in the queue (best first); the reviewer's place stays
        # where it was: the article that came next before the score, which the score form passes.
        after = _whole_number(request.GET.get("after", ""))
        if after in queue and after != current:
            next_pk = after
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review mode",
            "article": article,
            "original_link": article.original_link if article else "",
            "below_minimum": workflow.below_minimum(article.quality) if article else False,
            "queue_size": len(queue),
            "position": None if position is None else position + 1,
            "previous_pk": previous_pk,
            "next_pk": next_pk,
            "after_decision_pk": next_pk or previous_pk,
            "rejection_reasons": RejectionReason.objects.filter(active=True),
            "review_verbs": workflow.allowed_verbs(article, request.user) if article else [],
            "minimum_quality": workflow.minimum_quality(),
        }
        return TemplateResponse(request, "admin/articles/article/review_mode.html", context)

    def decide_view(self, request, object_id):
        """Apply one decision (a verb, a score or a go-live time) and go back where it came from."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):  # before any message names the article
            raise PermissionDenied
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid():
            problems = "; ".join(f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())
            self.message_user(request, f"Nothing was changed: {problems}", messages.ERROR)
        else:
            self._decide(request, article, form.cleaned_data)
        target = form.data.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(target)

    def _decide(self, request, article, data):
        verb = data["verb"]
        decision = {name: value for name, value in data.items() if name not in ("verb", "version", "next")}
        try:
            workflow.decide(article, verb, by=request.user, expected_version=data["version"], **decision)
        except (workflow.InvalidTransition, PermissionDenied) as error:
            message = str(error)
            self.message_user(request, message[:1].upper() + message[1:], messages.ERROR)
            return
        if verb == "score":
            done = "score cleared" if article.quality is None else f"scored {article.quality}"
        elif verb == "schedule":
            go_live = data["go_live_at"]
            done = "unscheduled" if go_live is None else f"goes live {timezone.localtime(go_live):%Y-%m-%d %H:%M %Z}"
        else:
            done = f"now {workflow.state_label(article.status)}"
            if verb == "reject":
                done += f" ({data['reason']})"
        self._log_decisions(request, [article], done)
        self.message_user(request, f"“{article.title}”: {done}.", messages.SUCCESS)

    # -- files in and out

    def files_view(self, request):
        """Import a zip of front-matter files; offer every file for download."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_import = archives.can_import(request.user)
        if request.method == "POST" and not may_import:
            raise PermissionDenied
        form = ArchiveImportForm(request.POST or None, request.FILES or None) if may_import else None
        report = archive_name = None
        if form is not None and form.is_valid():
            archive = form.cleaned_data["archive"]
            report = archives.import_archive(archive, dry_run=form.cleaned_data["dry_run"], by=request.user)
            archive_name = archive.name
            form = ArchiveImportForm()  # "check only" unticked: after a check, the next upload imports
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import and download files",
            "form": form,
            "report": report,
            "archive_name": archive_name,
            "file_suffixes": sorted(FILE_SUFFIXES),
        }
        return TemplateResponse(request, "admin/articles/article/files.html", context)

    def download_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _archive_response(archives.export_archive(Article.objects.all()), "content")

    def view_on_site(self, article):
        """The public page of a published article; any other has only its Preview button."""
        return article.get_absolute_url() if article.is_published else None

    def preview_view(self, request, object_id):
        """Show the article exactly as the public page will, published or not (staff only)."""
        article = get_object_or_404(Article.objects.with_page_data(), pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        response = render(request, "articles/article_detail.html", {"article": article, "preview": True})
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


def _history(article):
    """The history rows of ``article`` (or of the article with that pk), newest first, with
    what each row shows."""
    return ArticleEvent.objects.filter(article=article).select_related("actor", "reason")


def _archive_response(archive, name):
    filename = f"newsroom-{name}-{timezone.now():%Y%m%d-%H%M%S}.zip"
    return FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")


REVIEW_QUEUE_LIMIT = 1000


def _stale_list_edits(response):
    """The list's inline forms a stale version refused, if the response shows any."""
    changelist = getattr(response, "context_data", {}).get("cl")
    formset = getattr(changelist, "formset", None)
    if formset is None or not formset.is_bound:
        return []
    return [form for form in formset.forms if form.has_error(NON_FIELD_ERRORS, code="stale")]


def _loaded_versions(request):
    """The version each row of the list had when the list loaded, by article id: the rows'
    hidden fields, which an action posts with the selection."""
    versions = {}
    for name, value in request.POST.items():
        row = name.removesuffix("-loaded_version")
        if row != name and row.startswith("form-"):
            pk, version = _whole_number(request.POST.get(f"{row}-id", "")), _whole_number(value)
            if pk is not None and version is not None:
                versions[pk] = version
    return versions


def _whole_number(text):
    """``text`` as an id if it is up to 18 ASCII digits, else None ("²" is a digit to Python)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _neighbours(queue, position):
    if position is None:
        return None, (queue[0] if queue else None)
    previous_pk = queue[position - 1] if position > 0 else None
    next_pk = queue[position + 1] if position + 1 < len(queue) else None
    return previous_pk, next_pk


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "active", "rejected_count"]
    list_editable = ["active"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rejected=models.Count("article"))

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=TableRowForm, **kwargs)

    @admin.display(description="articles rejected", ordering="rejected")
    def rejected_count(self, reason):
        url = reverse("admin:articles_article_changelist") + f"?rejection_reason__id__exact={reason.pk}"
        return format_html('<a href="{}">{}</a>', url, reason.rejected)


class RelatedImageInline(admin.TabularInline):
    model = RelatedImage
    form = RelatedImageForm
    formset = TableRowFormSet
    extra = 0


@admin.register(RelatedItem)
class RelatedItemAdmin(PublicContentAdmin):
    """Related items edited on their own; the article they belong to records each change."""

    form = RelatedItemForm
    list_display = ["title", "article", "provider_name", "published_at"]
    search_fields = ["title"]
    raw_id_fields = ["article"]
    inlines = [RelatedImageInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user  # a class made for this request
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_edit(request, obj and obj.article)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj and obj.article)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.has_changed() or any(formset.has_changed() for formset in formsets):
            title = form.instance.title[:80]
            note = f"{'Changed' if change else 'Added'} related item “{title}”."
            workflow.record_change(
                [form.instance.article_id], by=request.user, action=ArticleEvent.Action.EDIT, note=note
            )
            if change and "article" in form.changed_data:  # moved: its first article lost it
                note = f"Moved related item “{title}” to another article."
                workflow.record_change(
                    [form.initial["article"]], by=request.user, action=ArticleEvent.Action.EDIT, note=note
                )

    def delete_model(self, request, obj):
        self.delete_queryset(request, RelatedItem.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        deleted = list(queryset.values_list("article_id", "title"))
        super().delete_queryset(request, queryset)
        for article_id, title in deleted:
            note = f"Deleted related item “{title[:80]}”."
            workflow.record_change([article_id], by=request.user, action=ArticleEvent.Action.EDIT, note=note)


class TopicMergeInline(providers_admin.MergeRecordInline):
    model = TopicMerge
    verbose_name = "topic merged into this one"
    verbose_name_plural = "topics merged into this one"
    fields = ["merged_name", "merged_slug", "articles_moved", "merged_by", "merged_at"]


# Topics are this project's tags; taggit's own Tag model is never used, so it stays out of the admin.
admin.site.unregister(Tag)


@admin.register(Topic)
class TopicAdmin(PublicContentAdmin):
    """Topics; a name changes only through "Rename", so every article filed under it follows."""

    form = TopicForm
    fields = ["name", "slug", "shortname", "parent", "keywords", "hashtags", "source_path", "extra"]
    list_display = ["name", "slug", "parent", "article_count", "source_path"]
    search_fields = ["name", "slug", "keywords"]
    show_full_result_count = False  # each count groups every article link
    autocomplete_fields = ["parent"]
    actions = ["merge_topics"]
    inlines = [TopicMergeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").annotate(articles=models.Count("article_links"))

    def get_readonly_fields(self, request, obj=None):
        # The name changes through "Rename" (its articles follow); the slug is the topic's
        # identity (its page's address, its file's ``_id``) and the source path its file.
        return ["name", "slug", "source_path"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["name"]}

    def view_on_site(self, topic):
        """Its public page, while it has one (a published article)."""
        return topic.get_absolute_url() if Topic.objects.public().filter(pk=topic.pk).exists() else None

    @admin.display(description="articles", ordering="articles")
    def article_count(self, topic):
        url = reverse("admin:articles_article_changelist") + f"?topic={topic.pk}"
        return format_html('<a href="{}">{}</a>', url, topic.articles)

    def get_urls(self):
        return [
            path("<int:pk>/rename/", self.admin_site.admin_view(self.rename_view), name="articles_topic_rename"),
            path(
                "<int:pk>/accept/<int:article_pk>/",
                self.admin_site.admin_view(self.accept_suggestion_view),
                name="articles_topic_accept",
            ),
            *super().get_urls(),
        ]

    def rename_view(self, request, pk):
        topic = get_object_or_404(Topic, pk=pk)
        if not self.has_change_permission(request, topic):
            raise PermissionDenied
        form = TopicRenameForm(request.POST or None, initial={"name": topic.name})
        if request.method == "POST" and form.is_valid():
            old_name = topic.name
            try:
                topic = topics.rename_topic(topic, name=form.cleaned_data["name"], by=request.user)
            except topics.TopicChangeRefused as refusal:
                form.add_error("name", str(refusal))
            else:
                self.message_user(request, f"Renamed “{old_name}” to “{topic.name}”; its articles follow.")
                return HttpResponseRedirect(reverse("admin:articles_topic_change", args=[topic.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Rename {topic.name}",
            "opts": self.opts,
            "original": topic,
            "form": form,
            "article_count": topic.article_links.count(),
        }
        return TemplateResponse(request, "admin/articles/topic/rename.html", context)

    @admin.action(description="Merge selected topics into another…", permissions=["change", "delete"])
    def merge_topics(self, request, queryset):
        form = TopicMergeForm(request.POST if "apply" in request.POST else None, selected=queryset)
        if form.is_valid():
            into, merged = form.cleaned_data["into"], 0
            try:
                with transaction.atomic():  # all of them or, if one is refused, none
                    for topic in queryset.exclude(pk=into.pk):
                        into = topics.merge_topics(topic, into=into, by=request.user)
                        merged += 1
            except topics.TopicChangeRefused as refusal:
                self.message_user(request, f"Nothing was merged: {refusal}", messages.ERROR)
            else:
                self.message_user(request, f"{merged} topic{pluralize(merged)} merged into “{into.name}”.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge topics",
            "opts": self.opts,
            "topics": queryset,
            "form": form,
            "action": "merge_topics",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/topic/merge.html", context)

    def accept_suggestion_view(self, request, pk, article_pk):
        """File an article under a suggested topic: one click from the article's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("articles.change_article"):
            raise PermissionDenied
        topic = get_object_or_404(Topic, pk=pk)
        article = get_object_or_404(Article, pk=article_pk)
        if topics.add_topic(article, topic, by=request.user):
            self.message_user(request, f"Filed under “{topic.name}”.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


# The provider admin lives in ``providers``; articles extend it with what needs articles
# (their count, a link to them, merging), the way projects extend contrib's UserAdmin.
admin.site.unregister(Provider)


@admin.register(Provider)
class ProviderAdmin(PublicContentAdmin, providers_admin.ProviderAdmin):
    list_display = ["name", "domain", "article_count", "source_path"]
    readonly_fields = [*providers_admin.ProviderAdmin.readonly_fields, "article_count"]
    show_full_result_count = False  # each count groups every article
    actions = ["merge_providers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(articles_count=models.Count("articles"))

    def view_on_site(self, provider):
        """Its public page, while it has one (a published article)."""
        if public_providers().filter(pk=provider.pk).exists():
            return reverse("articles:provider", args=[provider.domain])
        return None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [*fieldsets, ("Articles", {"fields": ["article_count"]})] if obj else fieldsets

    @admin.display(description="articles", ordering="articles_count")
    def article_count(self, provider):
        url = reverse("admin:articles_article_changelist") + f"?provider__id__exact={provider.pk}"
        return format_html('<a href="{}">{} articles</a>', url, provider.articles_count)

    @admin.action(description="Merge selected providers into another…", permissions=["change", "delete"])
    def merge_providers(self, request, queryset):
        form = ProviderMergeForm(request.POST if "apply" in request.POST else None, selected=queryset)
        if form.is_valid():
            into, moved = form.cleaned_data["into"], 0
            try:
                with transaction.atomic():  # all of them or, if one is refused, none
                    for provider in queryset.exclude(pk=into.pk):
                        moved += provider_merges.merge_providers(provider, into=into, by=request.user).articles_moved
            except provider_merges.MergeRefused as refusal:
                self.message_user(request, f"Nothing was merged: {refusal}", messages.ERROR)
            else:
                self.message_user(request, f"Merged into {into}: {moved} article{pluralize(moved)} moved.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge providers",
            "opts": self.opts,
            "providers": queryset,
            "form": form,
            "action": "merge_providers",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/providers/provider/merge.html", context)
