from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("companies/<slug:slug>/", views.company, name="company"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("questions/", views.questions, name="questions"),
    path("questions/ask/", views.ask, name="ask"),
    path("search/", views.search, name="search"),
]
