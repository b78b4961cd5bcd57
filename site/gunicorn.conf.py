"""gunicorn settings for the production server: `make serve` locally, the
systemd unit in docs/deployment.md in production.

    gunicorn -c site/gunicorn.conf.py

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os
import sys

# site/ is a plain folder around the config package (see README, "The site/ folder").
pythonpath = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, pythonpath)  # for the log format below, as manage.py does

from feedbacksite.logging_config import JSON_FORMATTER, STDOUT_HANDLER  # noqa: E402

wsgi_app = "feedbacksite.wsgi:application"
raw_env = [f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'feedbacksite.settings.production')}"]

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
# Sync workers: a vote is a short database transaction; more processes, not threads.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then so a slow leak in any library cannot grow for ever.
# A new worker spends a second or more starting Django. Workers under the same
# load reach their limit together, so the jitter is half the limit: with a
# small one every worker restarted at about the same moment and requests
# waited for them (p99 over 1 s in benchmarks/http_votes.py, every kind alike).
max_requests = 10000
max_requests_jitter = 5000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs: JSON lines on stdout, and the access line without client address,
# User-Agent, referrer or query string (they can carry personal data).
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"stdout": STDOUT_HANDLER},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
