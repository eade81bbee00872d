"""Taro settings. Everything that differs between machines comes from the environment.

DEBUG is off unless DEBUG=1 is set: the safe default is production, and production refuses
to start without a real SECRET_KEY.
"""

import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from taro import redisconn
from taro.dburl import parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

INSECURE_DEFAULT_SECRET = "django-insecure-taro-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY") or (INSECURE_DEFAULT_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == INSECURE_DEFAULT_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off. "
        "For local development run with DEBUG=1 (make run does)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# How many proxies we run in front of the app (Caddy: 1). Each appends the address it saw to
# X-Forwarded-For, so the client is the entry that many places from the end (taro/clientip.py).
# 0, the default, ignores the header: without a proxy anyone could write it. Per-client limits
# and counts (allauth's login throttles, views) key on that address: behind a proxy with 0,
# every request would come from 127.0.0.1 and one attacker could lock everyone out.
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or "0")
except ValueError:
    TRUSTED_PROXY_COUNT = -1
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be a whole number: the proxies in front of the app "
        "(1 behind Caddy, 0 with none)."
    )
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "csp",  # its system checks catch a malformed CONTENT_SECURITY_POLICY
    "taro",
    "workbench",
    "guides",
    "forum",
    "outcomes",
    "money",
    "videos",
]

MIDDLEWARE = [
    # One log line per request (INFO on `taro.requests`, on in production): outermost, so it
    # sees the final status and the whole time.
    "taro.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "taro.middleware.SettingsCSPMiddleware",  # django-csp's, the settings' policy built once
    "taro.middleware.PermissionsPolicyMiddleware",
    "taro.middleware.StripNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files carry their own Cache-Control
    "taro.middleware.CacheControlMiddleware",  # outside sessions and CSRF: sees their cookies
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # New members are asked for their role badge once (reads only the session).
    "taro.onboarding.OnboardingMiddleware",
]

ROOT_URLCONF = "taro.urls"


def _url_by_slug(url_name: str):
    def get_absolute_url(obj) -> str:
        from django.urls import reverse

        return reverse(url_name, args=[obj.slug])

    return get_absolute_url


# Companies and topics are taro's models, but their pages are the forum's (a company's hub, a
# topic's questions). taro may not name forum (.importlinter), so the project, which installs
# both, says where they live: Django gives these models get_absolute_url() from this setting.
ABSOLUTE_URL_OVERRIDES = {
    "taro.company": _url_by_slug("forum:company"),
    "taro.topic": _url_by_slug("forum:topic"),
}
WSGI_APPLICATION = "taro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "taro.context_processors.site",
                # The header's bell: members' unread count (and profile), one query; none
                # for anonymous readers.
                "forum.context_processors.notifications",
            ],
        },
    },
]

# PostgreSQL only. `make run` and `make test` fill DATABASE_URL (embedded pgserver when no
# server is configured); a bare default keeps `manage.py` usable against the local server.
DATABASES = {
    "default": parse_database_url(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/taro")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds only what can be rebuilt (pages, fragments, counts, view de-duplication,
# allauth's login throttles): posting limits are counted from rows and sessions live in the
# database, so a dead, restarted or evicting cache loses nothing anyone wrote.
# Every gunicorn worker must share it, so production never uses per-process memory:
# Redis with REDIS_URL, else PostgreSQL itself (Django's database cache, table created by a
# migration).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TTL_SECONDS = int(os.environ.get("CACHE_TTL_SECONDS", "600"))
# The hub's top contributors: a statistic, kept a few minutes whatever moves.
CONTRIBUTORS_TTL_SECONDS = min(
    int(os.environ.get("CONTRIBUTORS_TTL_SECONDS", "300")), CACHE_TTL_SECONDS
)
# Search results and rankings: shorter, since every new search string makes entries.
SEARCH_TTL_SECONDS = min(int(os.environ.get("SEARCH_TTL_SECONDS", "60")), CACHE_TTL_SECONDS)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "taro.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": CACHE_TTL_SECONDS,
            # Every key names the database (and the stretch of its history) it was made from:
            # a restore or a write Redis missed starts an empty namespace (taro/generation.py).
            "KEY_FUNCTION": "taro.generation.make_key",
            # Several sites (or test suites) sharing one Redis database keep apart by prefix.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            "OPTIONS": {
                # Fail open: an unreachable Redis reads as a miss and a write to it is skipped, so
                # pages are rendered fresh instead of failing (healthz reports "degraded").
                "IGNORE_EXCEPTIONS": True,
                # A Redis that hangs costs a request one short timeout, then nothing for a moment
                # (taro/redisconn.py).
                "SOCKET_CONNECT_TIMEOUT": redisconn.TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": redisconn.TIMEOUT_SECONDS,
                "CONNECTION_POOL_KWARGS": redisconn.pool_kwargs(REDIS_URL),
                # HTML fragments and objects: zlib stores them in about a fifth of the memory.
                # Pages are stored gzipped already and aren't compressed twice (taro/cache.py).
                "COMPRESSOR": "taro.cache.CompressOnce",
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
elif DEBUG:
    # `make run`: one runserver process, nothing to share.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "taro",
            "TIMEOUT": CACHE_TTL_SECONDS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "taro_cache",
            "TIMEOUT": CACHE_TTL_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# forum.members.MemberBackend is allauth's backend, loading the signed-in member with their
# profile and unread count in one query (every page a member reads shows both). allauth's own
# stays listed for the sessions it logged in before (a session names its backend).
AUTHENTICATION_BACKENDS = [
    "forum.members.MemberBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email + username accounts, confirmed email before first login.
ACCOUNT_ADAPTER = "taro.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "taro.forms.LoginForm", "signup": "taro.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_BLACKLIST = [
    "admin",
    "moderator",
    "staff",
    "anonymous",
    "taro",
    "settings",
    "root",
]
# Set explicitly (not left to allauth's defaults) so the limits are visible and reviewed.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# An empty value counts as unset (`EMAIL_BACKEND=` in an env file): the defaults are for
# development, and `check --deploy` refuses both in production (taro/checks.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Taro <noreply@taro.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in emails and feeds are built on this.
SITE_URL = os.environ.get("SITE_URL") or "http://127.0.0.1:8000"

# The outcome ledger (outcomes/, docs/outcomes.md). The key of the one-way report tokens: unset,
# it is derived from SECRET_KEY. Set it separately to keep a SECRET_KEY rotation from orphaning
# every report's withdraw token. The worker republishes the tables every OUTCOMES_REFRESH_SECONDS.
OUTCOMES_TOKEN_KEY = os.environ.get("OUTCOMES_TOKEN_KEY", "")
OUTCOMES_REFRESH_SECONDS = int(os.environ.get("OUTCOMES_REFRESH_SECONDS", "3600"))
# Demo reports (made up, from load_demo) are published only in development, with a banner.
OUTCOMES_PUBLISH_MADE_UP = env_bool("OUTCOMES_PUBLISH_MADE_UP", DEBUG)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# English only: without the translation machinery every gettext() and {% trans %} is a plain
# string, not a lookup through the active language (measurably cheaper on every render).
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic's output. STATIC_ROOT moves it: the deploy rehearsal and the tests collect into a
# temporary folder, so they never rewrite the working tree's while another run serves from it.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded media (career videos): on the file system under MEDIA_ROOT by default; with
# MEDIA_STORAGE=s3 in an S3-compatible bucket through django-storages, so every web server and
# worker shares it (docs/videos.md). Media is served by videos.views.lesson_media, never by URL.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(BASE_DIR / ".data" / "media")
MEDIA_URL = "/media/"
_MEDIA_BACKENDS = {
    "file": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",  # AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, ...
}
STORAGES = {
    "default": {"BACKEND": _MEDIA_BACKENDS[os.environ.get("MEDIA_STORAGE", "file")]},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if os.environ.get("MEDIA_STORAGE") == "s3":
    # django-storages reads these; boto3 takes the keys from AWS_ACCESS_KEY_ID/SECRET itself.
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # MinIO, R2, ...
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None  # private objects: the app (or the proxy) serves them
    AWS_QUERYSTRING_EXPIRE = 300

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Sessions are written to PostgreSQL and read through the cache: a lost cache loses no login.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp: no inline script or style anywhere, and nothing from other origins but images.
CONTENT_SECURITY_POLICY = {
    # The admin ships inline scripts; it keeps Django's own protections only.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # No remote images: posts show them as links (taro/markdown.py: images_as_links).
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG:
    # Behind a TLS-terminating proxy in production. SECURE_SSL_REDIRECT=0 exists only for
    # loopback benchmarks over plain HTTP.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Logs go to stderr, one line each, for the process manager (systemd's journal, docker logs):
# errors with their traceback (django.request logs every 500), one line per request in
# production (taro.middleware.RequestLogMiddleware), and the notification worker's sends and
# failures (forum.notifications). LOG_LEVEL (default WARNING) sets everything else.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default config gives `django` a console handler of its own: its lines would
        # then be printed twice, once by it and once by ours. Ours alone prints them.
        # (Configuring `django` resets its children: runserver's line per request is restored
        # as Django has it.)
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # In production the request line already says 404; Django's "Not Found: …" would be a
        # second line for the same request. Errors (5xx, with traceback) still come through.
        "django.request": {"level": "WARNING" if DEBUG else "ERROR"},
        # runserver prints its own line per request (django.server), so ours is production's.
        "taro.requests": {"level": "WARNING" if DEBUG else "INFO"},
        "forum.notifications": {"level": "INFO"},
    },
}

# Posting limits per account (forum/limits.py): (count, window in seconds). Accounts younger
# than a day are "new". Counted from the rows themselves, inside the write's transaction.
TARO_POSTING_LIMITS = {
    "question": {"new": (3, 86400), "established": (10, 86400)},
    "answer": {"new": (10, 86400), "established": (60, 3600)},
    "vote": {"new": (60, 3600), "established": (60, 3600)},
}
# Live previews write nothing, so they are throttled in the shared cache rather than counted from
# rows: (previews, seconds) per person. The editor asks at most about once a second while typing.
TARO_PREVIEW_LIMIT = (60, 60)

# Text that looks internal to Amazon must be confirmed before it is published (forum/forms.py).
TARO_CONFIDENTIAL_PATTERNS = [
    (r"\b[\w.-]+\.(?:corp|aka)\.amazon\.com\b", "an internal Amazon hostname"),
    (
        r"\bw\.amazon\.com\b|\bwiki\.[\w.-]*amazon\.com\b|\binside\.amazon\.com\b",
        "an internal wiki link",
    ),
    (
        r"\b(?:t\.corp|tt\.amazon|sim\.amazon|issues\.amazon)\.com\b|\bsim\s*ticket\b",
        "a ticket link",
    ),
    (r"\bcode\.amazon\.com\b|\bCR-\d{5,}\b", "a code review link"),
    (
        r"amazon\s+confidential|amazon\s+internal\s+use\s+only|\bhighly\s+confidential\b",
        "a confidentiality marking",
    ),
]


# Cached pages and fragments are keyed on this digest of the templates, so a deploy that
# changes a template never serves HTML rendered by the old one (taro/pagecache.py).
def _template_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((BASE_DIR / "templates").rglob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


TEMPLATE_DIGEST = _template_digest()


# The code's release, in every cache key but shared state's (taro/generation.py), so a deploy
# never reads values pickled by other code. CACHE_RELEASE (e.g. the git commit) when the deploy
# sets it, else a digest of the project's Python files and templates.
def _source_digest() -> str:
    import hashlib

    digest = hashlib.sha256(TEMPLATE_DIGEST.encode())
    for app in ("taro", "forum", "guides", "workbench", "outcomes", "money", "videos"):
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


CACHE_RELEASE = os.environ.get("CACHE_RELEASE") or _source_digest()

# Site identity used by templates and feeds.
SITE_NAME = "Taro"
DEFAULT_COMPANY_SLUG = "amazon"

# Career videos (videos/): the largest upload accepted, and how often the worker looks for
# uploads to transcode (`manage.py process_lessons --loop`).
VIDEOS_MAX_UPLOAD_BYTES = int(os.environ.get("VIDEOS_MAX_UPLOAD_BYTES", str(500 * 1024 * 1024)))
# Who sends lesson media once the app has checked the lesson is published: "app" (the app
# itself, byte ranges and all), "accel" (nginx, through X-Accel-Redirect to an internal
# location at VIDEOS_MEDIA_ACCEL_PREFIX) or "storage" (a redirect to the storage's URL: signed
# and short-lived with S3). docs/videos.md.
VIDEOS_MEDIA_DELIVERY = os.environ.get("VIDEOS_MEDIA_DELIVERY", "app")
VIDEOS_MEDIA_ACCEL_PREFIX = os.environ.get("VIDEOS_MEDIA_ACCEL_PREFIX", "/_protected_media/")
if VIDEOS_MEDIA_DELIVERY not in {"app", "accel", "storage"}:
    raise ImproperlyConfigured("VIDEOS_MEDIA_DELIVERY must be app, accel or storage.")
# `load_demo` adds three generated lessons (videos/demo/, cached under .data/videos-demo/).
VIDEOS_DEMO_LESSONS = env_bool("VIDEOS_DEMO_LESSONS", True)
