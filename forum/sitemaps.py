"""The forum's part of /sitemap.xml (assembled by taro/urls.py): questions, topics and profiles,
and nothing that reveals an anonymous author.

A profile is listed only when its owner has a public (non-anonymous, non-deleted) post, so an
account whose only posts are anonymous looks exactly like one that never posted.
"""

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from forum.models import Answer, Question
from taro.models import Topic


class QuestionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Question.objects.visible().only("id", "slug", "last_activity_at").order_by("id")

    def lastmod(self, question):
        return question.last_activity_at


class TopicSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Topic.objects.order_by("order", "slug")


def users_with_public_posts():
    public_question = Question.objects.filter(
        author=OuterRef("pk"), is_anonymous=False, is_deleted=False
    )
    public_answer = Answer.objects.filter(
        author=OuterRef("pk"), is_anonymous=False, is_deleted=False, question__is_deleted=False
    )
    return get_user_model().objects.filter(
        Q(Exists(public_question)) | Q(Exists(public_answer)), is_active=True
    )


class ProfileSitemap(Sitemap):
    # No lastmod: the newest post date could be an anonymous one.
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return users_with_public_posts().only("id", "username").order_by("id")

    def location(self, user):
        return reverse("profile", args=[user.username])


SITEMAPS = {
    "questions": QuestionSitemap,
    "topics": TopicSitemap,
    "profiles": ProfileSitemap,
}
