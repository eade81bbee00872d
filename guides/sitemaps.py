"""The guides' part of /sitemap.xml (assembled by taro/urls.py)."""

from django.contrib.sitemaps import Sitemap

from guides.models import Guide


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.9

    def items(self):
        return Guide.objects.only("slug", "updated_at").order_by("order", "slug")

    def lastmod(self, guide):
        return guide.updated_at


SITEMAPS = {"guides": GuideSitemap}
