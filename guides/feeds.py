"""The guides' feed: every guide, newest change first (served at /feeds/guides/ by taro/urls.py)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse

from guides.models import Guide
from taro.feeds import CleanRssFeed

FEED_LENGTH = 30


class GuideUpdatesFeed(Feed):
    feed_type = CleanRssFeed
    title = "Guide updates · Taro"
    description = "Taro's career guides, newest change first."

    def link(self):
        return reverse("guides:index")

    def items(self):
        guides = Guide.objects.defer("body_source", "body_html", "toc")
        return guides.order_by("-updated_at", "slug")[:FEED_LENGTH]

    def item_title(self, guide):
        return guide.title

    def item_description(self, guide):
        return guide.summary

    def item_pubdate(self, guide):
        return guide.updated_at

    def item_updateddate(self, guide):
        return guide.updated_at

    def item_guid(self, guide):
        # A new id per revision, so feed readers show an updated guide again.
        return f"{guide.get_absolute_url()}#updated-{guide.updated_at:%Y%m%dT%H%M%S}"

    item_guid_is_permalink = False
