"""System checks: the apps the engine needs, saved questions whose type is no
longer registered, SQLite under concurrent writers, and what a site without
Redis gives up."""

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, connections

from feedback.conf import PREFIX, cache_alias, get_setting, queue_configured, queue_name
from feedback.exporting.storage import export_storage
from feedback.models import Question
from feedback.question_types import registry

#: Apps the engine needs beside Wagtail's own (docs/install.md's minimal section).
REQUIRED_APPS = {
    "wagtail.contrib.settings": "the per-site Feedback settings (without it every admin page fails)",
}


@register()
def check_required_apps_installed(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return [
        Error(
            f"{name!r} is not in INSTALLED_APPS; the feedback engine needs it for {reason}.",
            hint=f'Add "{name}" to INSTALLED_APPS (see docs/install.md).',
            id="feedback.E001",
        )
        for name, reason in REQUIRED_APPS.items()
        if not apps.is_installed(name)
    ]


# A database check: run by migrate and by `manage.py check --database default`.
@register(Tags.database)
def check_question_types_registered(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    try:
        used = set(Question.objects.values_list("type", flat=True).distinct())
    except DatabaseError:  # tables not created yet (before migrate)
        return []
    missing = sorted(name for name in used if not registry.is_registered(name))
    return [
        Warning(
            f"Feedback questions use the question type {name!r}, which is not registered.",
            hint="Install the package that provides it, or change those questions' type. "
            "Their answers are kept but cannot be shown or exported with this type.",
            obj="feedback.Question",
            id="feedback.W001",
        )
        for name in missing
    ]


@register(Tags.database)
def check_sqlite_configured_for_concurrency(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Web processes and workers write at the same time: SQLite needs IMMEDIATE
    transactions and a busy timeout, or votes fail with "database is locked"."""
    warnings = []
    for alias in connections:
        config = connections[alias].settings_dict
        if not config["ENGINE"].endswith("sqlite3"):
            continue
        options = config.get("OPTIONS", {})
        if options.get("transaction_mode") != "IMMEDIATE" or float(options.get("timeout", 5)) < 5:
            warnings.append(
                Warning(
                    f"The SQLite database {alias!r} is not configured for concurrent writers.",
                    hint='Set DATABASES[...]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20, '
                    '"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"} '
                    "(see docs/deployment.md).",
                    id="feedback.W020",
                )
            )
    return warnings


@register()
def check_shared_state_configured(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The engine runs without Redis, but a site should know what it gives up."""
    warnings = []
    caches_setting: dict[str, dict[str, Any]] = getattr(settings, "CACHES", {})
    if get_setting("CACHE") not in caches_setting:
        backend = caches_setting[cache_alias()]["BACKEND"]
        if backend.endswith(("LocMemCache", "DummyCache")):
            warnings.append(
                Warning(
                    f"No cache named {get_setting('CACHE')!r}: the feedback engine uses the default cache, "
                    "which is not shared between web processes.",
                    hint="Rate limits and duplicate-vote checks then count per process. Add a shared cache "
                    f'(e.g. CACHES["{get_setting("CACHE")}"] on Redis) or set {PREFIX}CACHE to one '
                    "(see docs/install.md).",
                    id="feedback.W030",
                )
            )
    for kind, effect in (
        ("aggregate", "reports are brought up to date by `manage.py feedback_aggregate` only (schedule it)"),
        ("export", "exports are written in the web request that asks for them"),
    ):
        if not queue_configured(kind):
            warnings.append(
                Warning(
                    f"RQ_QUEUES has no queue {queue_name(kind)!r}: {effect}.",
                    hint=f'Add RQ_QUEUES["{queue_name(kind)}"] with a Redis URL and run `manage.py rqworker '
                    f"{queue_name(kind)}` (see docs/install.md and docs/deployment.md).",
                    id="feedback.W031" if kind == "aggregate" else "feedback.W032",
                )
            )
    return warnings


@register()
def check_export_storage_is_private(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Export files hold every answer and comment: nothing may serve them."""
    storage = export_storage()
    if not isinstance(storage, FileSystemStorage):
        return []  # a remote storage: its own access rules apply (docs/deployment.md)
    location = Path(storage.location).resolve()
    public = [
        Path(root).resolve()
        for root in (getattr(settings, "MEDIA_ROOT", ""), getattr(settings, "STATIC_ROOT", ""))
        if root
    ]
    # (A base_url only builds addresses; what a web server serves is MEDIA_ROOT and STATIC_ROOT.)
    if any(location == root or root in location.parents for root in public):
        return [
            Warning(
                f"Feedback exports are written to {location}, which is publicly served.",
                hint='Give STORAGES["feedback_exports"] a location outside MEDIA_ROOT and STATIC_ROOT '
                "(see docs/install.md).",
                id="feedback.W033",
            )
        ]
    return []
