"""The root URLconf: the one place that sees every app. Each app owns its views, feeds and
sitemaps; this assembles them (.importlinter lets only this module of taro import an app)."""

from django.contrib import admin
from django.urls import include, path

from forum import feeds as forum_feeds
from forum import sitemaps as forum_sitemaps
from forum import urls as forum_urls
from forum import views as forum_views
from forum.notifications import views as notification_views
from guides import feeds as guide_feeds
from guides import sitemaps as guide_sitemaps
from taro import views as taro_views
from taro.sitemaps import SectionSitemap, sitemap_xml

# robots.txt: the admin, accounts and settings, and each app's private pages.
NOT_FOR_CRAWLERS = (
    "admin:index",
    "account_login",
    "profile_settings",
    "company_settings",
    "workbench:log",
    "welcome",
    *forum_urls.NOT_FOR_CRAWLERS,
)
SITEMAPS = {
    "sections": SectionSitemap(
        ["forum:home", "guides:index", "forum:questions", "forum:topics", "money:simulator"]
    ),
    **guide_sitemaps.SITEMAPS,
    **forum_sitemaps.SITEMAPS,
}

urlpatterns = [
    # Sections with a prefix of their own first: everything else goes through the forum's list.
    path("guides/", include("guides.urls")),
    path("users/<str:username>/", forum_views.profile, name="profile"),
    path("", include("forum.urls")),
    path("workbench/", include("workbench.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("money/", include("money.urls")),
    path("videos/", include("videos.urls")),
    path("settings/profile/", taro_views.profile_settings, name="profile_settings"),
    path("settings/company/", taro_views.company_settings, name="company_settings"),
    path(
        "settings/company/confirm/<str:token>/",
        taro_views.work_email_confirm,
        name="work_email_confirm",
    ),
    path("settings/company/remove/", taro_views.work_email_remove, name="work_email_remove"),
    path("settings/company/move/", taro_views.work_email_move, name="work_email_move"),
    path("welcome/", taro_views.welcome, name="welcome"),
    path("accounts/", include("allauth.urls")),
    path("healthz", taro_views.healthz, name="healthz"),
    path("robots.txt", taro_views.robots_txt, {"disallow": NOT_FOR_CRAWLERS}, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("feeds/questions/", forum_feeds.NewestQuestionsFeed(), name="feed_questions"),
    path(
        "feeds/questions/atom/", forum_feeds.NewestQuestionsAtomFeed(), name="feed_questions_atom"
    ),
    path("feeds/topics/<slug:slug>/", forum_feeds.TopicQuestionsFeed(), name="feed_topic"),
    path("feeds/companies/<slug:slug>/", forum_feeds.CompanyQuestionsFeed(), name="feed_company"),
    path("feeds/guides/", guide_feeds.GuideUpdatesFeed(), name="feed_guides"),
    path("sitemap.xml", sitemap_xml, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "email/unsubscribe/<str:token>/", notification_views.unsubscribe, name="email_unsubscribe"
    ),
]

# A database that refuses connections gets a 503 with Retry-After, anything else Django's 500.
handler500 = taro_views.server_error
