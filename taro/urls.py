from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from forum import views as forum_views
from taro import views as taro_views

urlpatterns = [
    path("", include("forum.urls")),
    path("guides/", include("guides.urls")),
    path("users/<str:username>/", forum_views.profile, name="profile"),
    path("settings/profile/", taro_views.profile_settings, name="profile_settings"),
    path("accounts/", include("allauth.urls")),
    path("healthz", taro_views.healthz, name="healthz"),
    path("robots.txt", taro_views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
]
