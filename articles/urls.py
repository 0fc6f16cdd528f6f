from django.urls import path

from . import api, feeds, views
from .caching import cache_public_page
from .redirects import follow_topic_merges

app_name = "articles"

# Views written here carry their own decorators (caching, following merges); the feeds,
# Django's Feed instances, are wrapped where they are routed.

urlpatterns = [
    path("", views.article_list, name="home"),
    path("type/<slug:type>/", views.type_list, name="type"),
    path("news/<str:slug>/", views.article_detail, name="detail"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<str:slug>/", views.topic_detail, name="topic"),
    path("topics/<str:slug>/rss/", follow_topic_merges(cache_public_page(feeds.TopicArticlesFeed())), name="topic-rss"),
    path(
        "topics/<str:slug>/atom/",
        follow_topic_merges(cache_public_page(feeds.TopicArticlesAtomFeed())),
        name="topic-atom",
    ),
    path("providers/<str:domain>/", views.provider_detail, name="provider"),
    path("search/", views.search, name="search"),
    path("feeds/rss/", cache_public_page(feeds.LatestArticlesFeed()), name="rss"),
    path("feeds/atom/", cache_public_page(feeds.LatestArticlesAtomFeed()), name="atom"),
    path("api/news/index.json", api.news_index, name="api-news"),
    path("api/news/page/<str:page>/index.json", api.news_index, name="api-news-page"),
    path("api/news/<str:topic_id>/index.json", api.topic_news_index, name="api-topic-news"),
    path("api/news/<str:topic_id>/page/<str:page>/index.json", api.topic_news_index, name="api-topic-news-page"),
]
