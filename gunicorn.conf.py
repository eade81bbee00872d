"""gunicorn's settings for production. `gunicorn taro.wsgi`, run from the project's directory,
reads this file (the Procfile's `web` line); command-line options override it.

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the TLS proxy), WEB_CONCURRENCY
(workers; default from the core count), GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS,
GUNICORN_ACCESS_LOG (a path or "-" to add gunicorn's own access log; off by default, see below).
"""

import os

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers: a request holds its worker while it waits on PostgreSQL or Redis, so two per core
# plus one keeps the cores busy (the benchmark ran 3 on 2 cores). Each uses about 80 MB.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"

# Pages take milliseconds (the slowest Markdown input renders in ~40 ms): a request still running
# after 30 s is stuck, and its worker is killed and replaced. Workers get as long to finish their
# request on a restart (SIGHUP, deploy) before they are stopped.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# The proxy in front reuses its connections for a few seconds.
keepalive = 5

# Recycle each worker after about this many requests, in case anything grows in a long-lived
# process; the jitter keeps the workers from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10

# Logs to stderr, for systemd's journal. Taro writes its own line per request (logger
# taro.requests: method, path, status, time, user id or "anonymous"), so gunicorn's access log is
# off unless asked for; when it is on, its format names no query string, referrer or user agent
# (but logs paths as sent: keys in confirmation and unsubscribe links included).
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
