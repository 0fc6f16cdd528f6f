from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from articles.caching import cache_public_page
from articles.sitemaps import SITEMAPS

admin.site.site_header = "Newsroom review desk"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Review desk"
# The changelist needs the width: with the sidebar, its state and date columns scroll out of
# view on a 1440 px screen. Breadcrumbs and the review desk lead everywhere it led.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("sitemap.xml", cache_public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-index.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
