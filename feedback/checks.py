"""System checks: saved questions whose type is no longer registered."""

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


# A database check: run by migrate and by `manage.py check --database default`.
@register(Tags.database)
def check_question_types_registered(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from feedback.models import Question
    from feedback.question_types import registry

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
    from django.db import connections

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
