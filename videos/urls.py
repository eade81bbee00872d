from django.urls import path

from videos import views

app_name = "videos"

urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("<slug:slug>/", views.lesson_detail, name="detail"),
    path("<slug:slug>/media/<str:filename>", views.lesson_media, name="media"),
    path("<slug:slug>/progress/", views.record_progress, name="progress"),
]
