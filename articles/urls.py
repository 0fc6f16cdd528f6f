from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="home"),
    path("news/<str:slug>/", views.article_detail, name="detail"),
    path("topics/<str:slug>/", views.topic_detail, name="topic"),
]
