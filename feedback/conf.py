"""Settings of the engine, all prefixed ``WAGTAIL_FEEDBACK_``.

Read through :func:`get_setting` at the moment they are used, never at import
time, so ``override_settings`` works and apps loaded later see the same values.
"""

from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

PREFIX = "WAGTAIL_FEEDBACK_"

DEFAULTS: dict[str, Any] = {
    # Names of the question types a site allows; None allows every registered type.
    "QUESTION_TYPES": None,
    # RQ queue names (must exist in RQ_QUEUES).
    "AGGREGATE_QUEUE": "feedback",
    "EXPORT_QUEUE": "feedback-exports",
    # Cache alias shared by all web processes for rate limits and duplicate votes.
    "CACHE": "feedback",
    # After a Redis error the web side skips Redis for this many seconds.
    "REDIS_RETRY_AFTER": 30,
    # Seconds the web side's own Redis client (queue hand-off) waits to connect or answer.
    "REDIS_TIMEOUT": 0.5,
    # Storage alias for export files; must not be served publicly. Without such
    # a storage in STORAGES, files go to EXPORT_ROOT on the local disk.
    "EXPORT_STORAGE": "feedback_exports",
    # Folder for export files when STORAGES has no EXPORT_STORAGE entry; None:
    # "feedback-exports" beside the project (BASE_DIR), never under MEDIA_ROOT.
    "EXPORT_ROOT": None,
    "EXPORT_EXPIRY_DAYS": 7,
    "EXPORT_JOB_TIMEOUT": 3600,
    # Abuse protection.
    "RATE_LIMIT": "20/600",  # submissions per client network per sliding window (seconds)
    # Reverse proxies in front of the site that append to X-Forwarded-For; 0 ignores the header.
    "TRUSTED_PROXIES": 0,
    "DUPLICATE_WINDOW": 3600,  # same vote, same client, same page counts once
    "MIN_SUBMIT_SECONDS": 2,  # faster than this from render to submit is a bot
    "MAX_BODY_BYTES": 64 * 1024,
    "MAX_TEXT_LENGTH": 2000,
    # Personal data in free text: "mask" (default), "reject" or "keep".
    "PII_POLICY": "mask",
    # Retention: default days to keep free text; None keeps it for ever.
    "RETENTION_DAYS": None,
    "RETENTION_MODE": "text",  # "text" blanks free text, "responses" deletes responses
    # Alerts (feedback/workers/alerts.py): the least evidence before anything is raised,
    # and whether a page's language versions are judged together.
    "ALERT_MIN_VOTES": 30,
    "ALERT_MIN_COMMENTS": 10,
    "ALERT_MERGE_LANGUAGES": True,
    # Weekly digest: page owners follow the pages they own without subscribing.
    "DIGEST_PAGE_OWNERS": True,
}

CHOICES: dict[str, tuple[str, ...]] = {
    "PII_POLICY": ("mask", "reject", "keep"),
    "RETENTION_MODE": ("text", "responses"),
}


# Values read once per process (a vote reads about sixteen); forgotten when a
# test overrides a setting.
_read: dict[str, Any] = {}


def get_setting(name: str) -> Any:
    """Return ``WAGTAIL_FEEDBACK_<name>`` or its default, validated."""
    try:
        return _read[name]
    except KeyError:
        pass
    if name not in DEFAULTS:
        raise KeyError(f"Unknown feedback setting {name!r}")
    value = getattr(settings, PREFIX + name, DEFAULTS[name])
    allowed = CHOICES.get(name)
    if allowed and value not in allowed:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be one of {', '.join(allowed)}; got {value!r}.")
    _read[name] = value
    return value


def _setting_changed(*, setting: str, **kwargs: Any) -> None:
    _read.clear()


setting_changed.connect(_setting_changed, dispatch_uid="feedback-conf-setting-changed")


def get_rate_limit() -> tuple[int, int]:
    """``RATE_LIMIT`` parsed as (count, seconds)."""
    raw = get_setting("RATE_LIMIT")
    try:
        count, seconds = (int(part) for part in str(raw).split("/"))
        if count < 1 or seconds < 1:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"{PREFIX}RATE_LIMIT must look like '<count>/<seconds>', e.g. '20/600'; got {raw!r}."
        ) from None
    return count, seconds


def cache_alias() -> str:
    """The cache for rate limits, duplicate votes and the vote targets' version:
    ``WAGTAIL_FEEDBACK_CACHE`` when the site defines it, else Django's default
    cache (per process unless it is shared; system check feedback.W030 says so)."""
    alias = get_setting("CACHE")
    return alias if alias in settings.CACHES else DEFAULT_CACHE_ALIAS


def feedback_cache() -> BaseCache:
    """The cache of :func:`cache_alias`."""
    return caches[cache_alias()]


def cache_location() -> str:
    """The shared cache's ``LOCATION``, several servers joined by commas."""
    entry: Any = settings.CACHES[cache_alias()]  # (typed as the project's own settings)
    location = entry.get("LOCATION", "")
    return location if isinstance(location, str) else ",".join(location)


def queue_name(kind: str) -> str:
    """The RQ queue name for ``"aggregate"`` or ``"export"`` work."""
    return str(get_setting("AGGREGATE_QUEUE" if kind == "aggregate" else "EXPORT_QUEUE"))


def queue_configured(kind: str) -> bool:
    """Whether ``RQ_QUEUES`` defines the queue for ``kind``. Without it,
    aggregation is left to the catch-up command and exports run in the web
    process (system check feedback.W031)."""
    return queue_name(kind) in (getattr(settings, "RQ_QUEUES", None) or {})


def queue_settings(name: str) -> dict[str, Any]:
    """``RQ_QUEUES[name]`` (django-rq's setting), or ``{}`` when the site has no
    such queue: the one way the engine reads a queue's settings."""
    queues: dict[str, dict[str, Any]] = getattr(settings, "RQ_QUEUES", None) or {}
    return queues.get(name) or {}
