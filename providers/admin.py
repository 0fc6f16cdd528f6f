"""The provider admin: identity, description, names, and the logo staff upload.

Article counts, links to a provider's articles and merging live in the articles app's
admin, which extends this one (``providers`` never imports ``articles``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html

from newsroom.forms import TableRowForm, TableRowFormSet

from . import logos
from .forms import ProviderForm
from .models import Provider, ProviderLogo, ProviderMerge


class ProviderLogoInline(admin.TabularInline):
    model = ProviderLogo
    form = TableRowForm
    formset = TableRowFormSet
    extra = 0
    fields = ["position", "preview", "url", "width", "height"]
    readonly_fields = ["preview"]

    def has_view_permission(self, request, obj=None):
        # The renditions made from the provider's upload: whoever sees the provider sees them.
        return super().has_view_permission(request, obj) or request.user.has_perm("providers.view_provider")

    @admin.display(description="Logo")
    def preview(self, logo):
        # A file's logo may hold any address: only a web address or one of this site's
        # uploads is loaded (a path such as /assets/... was the original site's).
        url = logo.url.strip()
        try:
            parts = urlsplit(url)
        except ValueError:  # "https://[oops/"
            return ""
        if not (parts.scheme in ("http", "https") and parts.netloc or url.startswith(settings.MEDIA_URL)):
            return ""
        return format_html('<img class="logo-preview" src="{}" alt="">', url)


class MergeRecordInline(admin.TabularInline):
    """The merges recorded on a kept provider or topic: history, so read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ProviderMergeInline(MergeRecordInline):
    model = ProviderMerge
    verbose_name = "provider merged into this one"
    verbose_name_plural = "providers merged into this one"
    fields = ["merged_name", "merged_domain", "articles_moved", "merged_by", "merged_at"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    form = ProviderForm
    list_display = ["name", "domain", "source_path"]
    search_fields = ["name", "domain", "other_names"]
    readonly_fields = ["source_path"]
    fieldsets = [
        (None, {"fields": ["name", "domain", "description", "other_names"]}),
        ("Logo", {"fields": ["logo"]}),
        ("File", {"classes": ["collapse"], "fields": ["source_path"]}),
    ]
    inlines = [ProviderLogoInline, ProviderMergeInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The domain is the provider's identity: its page's address, its file's name, what
        # files name it by. A provider changes domain by being merged into another.
        return [*fields, "domain"] if obj else fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines, so the new renditions are not overwritten by the logo rows
        # the form was opened with.
        if "logo" in form.changed_data and form.instance.logo:
            logos.make_logo_renditions(form.instance)
            logo, largest = form.instance.logo, max(logos.LOGO_SIDES)
            if min(logo.width, logo.height) < largest:
                self.message_user(
                    request,
                    f"The logo is {logo.width}x{logo.height} pixels: its {largest}x{largest} rendition is enlarged "
                    f"and may look blurred. Upload one at least {largest} pixels on each side for a sharp one.",
                    messages.WARNING,
                )
