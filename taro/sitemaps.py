"""Sitemap parts that belong to no app, and the view that serves /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from taro import versions
from taro.pagecache import cache_for_anonymous

# What the sitemap lists: questions (their URLs carry title words; hidden and deleted ones must
# leave at once), topics and guides, and the profiles of people with a public post.
SITEMAP_DEPENDS_ON = (versions.FORUM, versions.GUIDES, versions.PEOPLE)


@cache_for_anonymous(depends_on=SITEMAP_DEPENDS_ON, params=("p",))
def sitemap_xml(request, sitemaps):
    """Django's sitemap view, cached under the content's versions like the pages: a write that
    hides, deletes or renames a question retires the stored copy in the same transaction."""
    return sitemap(request, sitemaps).render()


class SectionSitemap(Sitemap):
    """The index pages people land on first, by URL name (the root URLconf names them)."""

    changefreq = "daily"
    priority = 0.6

    def __init__(self, url_names: list[str]):
        self.url_names = url_names

    def items(self):
        return self.url_names

    def location(self, name):
        return reverse(name)
