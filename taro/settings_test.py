"""Settings for the test suite: the real settings plus a throwaway secret and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# The real cache, as in production: the machine's Redis, in a database number of the suite's own.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

from taro.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# Suites sharing one Redis database must neither read nor flush each other's keys: every key
# carries this suite's test database name (pytest-django's "test_" + NAME), and between tests the
# suite deletes only its own (tests/conftest.py), never FLUSHDB.
CACHES["default"]["KEY_PREFIX"] = "test_" + DATABASES["default"]["NAME"]  # noqa: F405
# load_demo's generated lessons take minutes cold; video tests make their own 2-second clips.
VIDEOS_DEMO_LESSONS = False
