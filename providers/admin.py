from django.contrib import admin

from .models import Provider, ProviderLogo


class ProviderLogoInline(admin.TabularInline):
    model = ProviderLogo
    extra = 0
    fields = ["position", "url", "width", "height"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "source_path"]
    search_fields = ["name", "domain"]
    inlines = [ProviderLogoInline]
