"""What `make bench` serves: the production settings (taro.settings) and the URLs of bench/urls.py,
which add the benchmark's ceiling to the site's. Production never routes /bench/ceiling."""

from taro.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
