"""One compression (issue 29): pages are stored gzipped, to be sent as stored, and the cache
client must not zlib them again; everything else the cache holds is still zlib-compressed."""

import gzip
import pickle
import zlib

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from taro.cache import GZIP_MAGIC

pytestmark = pytest.mark.django_db


def raw_redis():
    return redis.Redis.from_url(settings.REDIS_URL)


def stored_pages(client) -> list[bytes]:
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = client.scan_iter(match=f"{prefix}:*page:gz:*", count=1000)
    return [client.get(key) for key in keys if not key.endswith(b":rendering")]


def test_a_page_is_stored_gzipped_once_and_served_from_it(client, make_question):
    url = make_question(title="Compressed exactly once").get_absolute_url()
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    with raw_redis() as connection:
        [raw] = stored_pages(connection)
    assert GZIP_MAGIC in raw[:24]  # no zlib around the gzip
    body, content_type = pickle.loads(raw)
    assert "Compressed exactly once" in gzip.decompress(body).decode()
    again = client.get(url)  # read back through the cache client, sent unzipped
    assert again.status_code == 200 and "Compressed exactly once" in again.content.decode()


def test_other_values_are_still_zlib_compressed():
    html = "<li>a fragment of HTML</li>" * 200
    cache.set("fragment:compression-check", html)
    with raw_redis() as connection:
        raw = connection.get(cache.make_key("fragment:compression-check"))
    assert len(raw) < len(html) / 5
    assert pickle.loads(zlib.decompress(raw)) == html
    assert cache.get("fragment:compression-check") == html
