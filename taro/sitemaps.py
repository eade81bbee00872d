"""Sitemap parts that belong to no app."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


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
