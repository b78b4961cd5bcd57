import logging
import os

from django.core.exceptions import ImproperlyConfigured

from ..logging_config import JSON_FORMATTER, STDOUT_HANDLER
from .base import *  # noqa: F403

DEBUG = False

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# `make serve` runs this configuration on plain http://127.0.0.1 and turns these off.
COOKIES_SECURE = os.environ.get("COOKIES_SECURE", "true").lower() == "true"
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = COOKIES_SECURE
CSRF_COOKIE_SECURE = COOKIES_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Hashed names (cached for ever by browsers) and gzip/brotli copies, served by WhiteNoise.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
CONN_HEALTH_CHECKS = True
for _database in DATABASES.values():  # noqa: F405
    # Persistent connections (DATABASE_CONN_MAX_AGE, default 60 s here), checked before reuse.
    _database["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
    _database["CONN_HEALTH_CHECKS"] = True

# One JSON object per line on stdout for the log collector. Nothing personal is
# logged: no client address, no User-Agent, no answer text (the engine's own
# log messages carry ids and counts only; gunicorn's access log is configured
# in site/gunicorn.conf.py without address or agent).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"stdout": STDOUT_HANDLER},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        # Python warnings (e.g. WhiteNoise's "No directory at") as JSON lines too.
        "py.warnings": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "feedback": {"handlers": ["stdout"], "level": os.environ.get("FEEDBACK_LOG_LEVEL", "INFO"), "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
logging.captureWarnings(True)
