from django.contrib import admin

from .forms import FaithfulModelForm
from .models import Article, ArticleImage, RelatedImage, RelatedItem, Topic


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    form = FaithfulModelForm
    extra = 0
    fields = ["position", "url", "width", "height", "is_cached", "title", "attribution"]


class RelatedItemInline(admin.StackedInline):
    model = RelatedItem
    form = FaithfulModelForm
    extra = 0
    show_change_link = True
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = FaithfulModelForm
    list_display = ["title", "provider_name", "type", "quality", "heat", "status", "published_at"]
    list_filter = ["status", "category", "type"]
    search_fields = ["title", "excerpt", "provider_name", "provider__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["provider"]
    readonly_fields = ["status", "source_path", "created_at", "updated_at"]
    inlines = [ArticleImageInline, RelatedItemInline]
    fieldsets = [
        (None, {"fields": ["title", "excerpt", "status", "quality", "heat", "topics"]}),
        (
            "Source",
            {"fields": ["category", "type", "published_at", "provider", "provider_name", "source_path", "slug"]},
        ),
        ("Links", {"fields": ["original_url", "web_url", "amp_web_url", "cdn_amp_web_url"]}),
        ("Content", {"fields": ["featured_content", "body"]}),
        ("File data", {"classes": ["collapse"], "fields": ["provider_logos", "extra", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.source_hash = ""  # an edited article no longer matches the file it came from
        super().save_model(request, obj, form, change)


@admin.register(RelatedItem)
class RelatedItemAdmin(admin.ModelAdmin):
    form = FaithfulModelForm
    list_display = ["title", "article", "provider_name", "published_at"]
    search_fields = ["title"]
    raw_id_fields = ["article"]
    inlines = [
        type(
            "RelatedImageInline", (admin.TabularInline,), {"model": RelatedImage, "form": FaithfulModelForm, "extra": 0}
        )
    ]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = FaithfulModelForm
    list_display = ["name", "slug", "parent", "source_path"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
