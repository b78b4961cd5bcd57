"""Retention: remove old free text (or whole responses) and expired export files.

Each form may set ``retention_days``; forms without it use the setting
``WAGTAIL_FEEDBACK_RETENTION_DAYS`` (``None``: keep for ever). The setting
``WAGTAIL_FEEDBACK_RETENTION_MODE`` chooses what goes:

* ``"text"`` blanks the text of answers older than the period (free-text
  comments and reply addresses); the choices and numbers stay;
* ``"responses"`` deletes the whole responses.

Rollups are never touched, so reports keep their counts. The same
:func:`purge_feedback` runs from ``manage.py purge_feedback [--dry-run]`` and
daily on the scheduler through :func:`purge_feedback_job`.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from feedback.conf import get_setting
from feedback.exporting.housekeeping import expire_exports
from feedback.models import Answer, Export, FeedbackForm, Response

logger = logging.getLogger("feedback.workers.retention")

BATCH_SIZE = 1000


@dataclass
class RetentionRule:
    """Responses of one form (``None``: every form without its own period)."""

    form_translation_key: Any
    label: str
    days: int
    cutoff: datetime.datetime
    count: int = 0


@dataclass
class PurgeResult:
    mode: str
    dry_run: bool
    now: datetime.datetime
    rules: list[RetentionRule] = field(default_factory=list)
    answer_ids: list[int] = field(default_factory=list)  # mode "text": answers blanked
    response_ids: list[int] = field(default_factory=list)  # mode "responses": responses deleted
    export_ids: list[int] = field(default_factory=list)  # export files removed

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "dry_run": self.dry_run,
            "answers": len(self.answer_ids),
            "responses": len(self.response_ids),
            "exports": len(self.export_ids),
        }


def retention_rules(now: datetime.datetime) -> list[RetentionRule]:
    """One rule per form with its own period, plus the site default (if any)."""
    default_days = get_setting("RETENTION_DAYS")
    rules: list[RetentionRule] = []
    seen: set[Any] = set()
    for form in FeedbackForm.objects.exclude(retention_days=None).order_by("pk"):
        if form.translation_key in seen:
            continue  # retention_days is synchronised across translations
        seen.add(form.translation_key)
        days = int(form.retention_days)
        rules.append(RetentionRule(form.translation_key, form.title, days, now - datetime.timedelta(days=days)))
    if default_days is not None:
        days = int(default_days)
        rules.append(RetentionRule(None, "", days, now - datetime.timedelta(days=days)))
    return rules


def _expired_responses(rule: RetentionRule, explicit_keys: set[Any]) -> QuerySet[Response]:
    responses = Response.objects.filter(submitted_at__lt=rule.cutoff)
    if rule.form_translation_key is not None:
        return responses.filter(form_translation_key=rule.form_translation_key)
    return responses.exclude(form_translation_key__in=explicit_keys) if explicit_keys else responses


def _expired_exports(now: datetime.datetime) -> QuerySet[Export]:
    return Export.objects.filter(status=Export.Status.DONE, expires_at__lte=now)


def plan(now: datetime.datetime | None = None, mode: str | None = None) -> PurgeResult:
    """What a purge at ``now`` removes, without changing anything."""
    now = now or timezone.now()
    mode = mode or get_setting("RETENTION_MODE")
    result = PurgeResult(mode=mode, dry_run=True, now=now, rules=retention_rules(now))
    explicit = {r.form_translation_key for r in result.rules if r.form_translation_key is not None}
    condition = Q(pk__in=[])
    for rule in result.rules:
        responses = _expired_responses(rule, explicit)
        if mode == "text":
            answers = Answer.objects.filter(response__in=responses.values("pk")).exclude(text="")
            rule.count = answers.count()
        else:
            rule.count = responses.count()
        condition |= Q(pk__in=responses.values("pk"))
    if result.rules:
        expired = Response.objects.filter(condition)
        if mode == "text":
            result.answer_ids = list(
                Answer.objects.filter(response__in=expired.values("pk"))
                .exclude(text="")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            result.response_ids = list(expired.order_by("pk").values_list("pk", flat=True))
    result.export_ids = list(_expired_exports(now).order_by("pk").values_list("pk", flat=True))
    return result


def purge_feedback(now: datetime.datetime | None = None, *, dry_run: bool = False) -> PurgeResult:
    """Remove what :func:`plan` lists (everything when not ``dry_run``)."""
    result = plan(now)
    if dry_run:
        return result
    result.dry_run = False
    for start in range(0, len(result.answer_ids), BATCH_SIZE):
        chunk = result.answer_ids[start : start + BATCH_SIZE]
        Answer.objects.filter(pk__in=chunk).update(text="")
    for start in range(0, len(result.response_ids), BATCH_SIZE):
        chunk = result.response_ids[start : start + BATCH_SIZE]
        with transaction.atomic():
            Answer.objects.filter(response_id__in=chunk).delete()
            Response.objects.filter(pk__in=chunk).delete()
    _remove_export_files(result)
    logger.info("Feedback retention: %s", result.as_dict())
    return result


def _remove_export_files(result: PurgeResult) -> None:
    """Expire exports past ``expires_at``: the exporting module's own cleanup."""
    expire_exports(result.now)


def purge_feedback_job() -> dict[str, Any]:
    """The daily scheduled job (RQ): ``feedback.workers.retention.purge_feedback_job``."""
    return purge_feedback().as_dict()
