"""The site's URLs plus the benchmark's ceiling (bench/settings.py)."""

from django.urls import path

from bench.views import ceiling
from taro.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/ceiling", ceiling, name="bench_ceiling"),
    *site_urlpatterns,
]
