from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from forum import feeds
from forum import views as forum_views
from forum.notifications import views as notification_views
from forum.sitemaps import SITEMAPS
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
    path("feeds/questions/", feeds.NewestQuestionsFeed(), name="feed_questions"),
    path("feeds/questions/atom/", feeds.NewestQuestionsAtomFeed(), name="feed_questions_atom"),
    path("feeds/topics/<slug:slug>/", feeds.TopicQuestionsFeed(), name="feed_topic"),
    path("feeds/companies/<slug:slug>/", feeds.CompanyQuestionsFeed(), name="feed_company"),
    path("feeds/guides/", feeds.GuideUpdatesFeed(), name="feed_guides"),
    # Cached for an hour: it lists every question, and crawlers don't need it fresher.
    path("sitemap.xml", cache_page(60 * 60)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("email/unsubscribe/<str:token>/", notification_views.unsubscribe, name="email_unsubscribe"),
    path("bench/ceiling", taro_views.bench_ceiling, name="bench_ceiling"),
]
