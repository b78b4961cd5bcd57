"""Export records: request, queue, run and fail.

The admin views call :func:`request_export` and :func:`retry_export` (they
check permissions themselves). The RQ job and ``manage.py export_feedback``
both call :func:`run_export`. Files: :mod:`feedback.exporting.storage`;
expiry and dead jobs: :mod:`feedback.exporting.housekeeping`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rq import Callback, Retry

from feedback.conf import get_setting, queue_configured
from feedback.models import Export
from feedback.workers.queueing import safe_enqueue

from . import UnknownExporter, registry
from .rows import ExportData, ExportScope
from .storage import export_storage, file_name_for, partial_path, private_tempdir, publish

logger = logging.getLogger("feedback.exporting")


# --- requesting -----------------------------------------------------------------
def export_fingerprint(
    *,
    user_id: int | None = None,
    scope: str,
    page_id: int | None,
    form_id: int | None,
    include_translations: bool,
    language_code: str,
    since: date | None,
    until: date | None,
    format: str,
) -> str:
    # Per user: the admin shows people their own exports only.
    payload = {
        "user": user_id,
        "scope": scope,
        "page": page_id if scope == "page" else None,
        "translations": include_translations if scope == "page" else None,
        "form": form_id if scope == "form" else None,
        "language": language_code,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "format": format,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def request_export(
    user: Any,
    *,
    scope: str = Export.Scope.PAGE,
    page: Any = None,
    form: Any = None,
    include_translations: bool = True,
    since: date | None = None,
    until: date | None = None,
    format: str = "xlsx",
    language_code: str = "",
    run_now: bool = False,
) -> Export:
    """Queue an export, or return the queued/running one with the same parameters.

    Raises ``ValidationError`` with a translated message for bad parameters.
    The job is enqueued when the transaction commits; if Redis is unreachable
    the export is marked failed with a message and may be retried.
    ``run_now`` (the CLI) creates a record without queueing it; the caller runs it.
    """
    if scope not in Export.Scope.values:
        raise ValidationError(_("Unknown export scope."), code="scope")
    if scope == Export.Scope.PAGE and page is None:
        raise ValidationError(_("Choose a page to export."), code="page")
    if scope == Export.Scope.FORM and form is None:
        raise ValidationError(_("Choose a form to export."), code="form")
    if since and until and since > until:
        raise ValidationError(_("The start date must be before the end date."), code="dates")
    try:
        registry.get(format)
    except UnknownExporter:
        raise ValidationError(_("Unknown export format."), code="format")
    page = page if scope == Export.Scope.PAGE else None
    form = form if scope == Export.Scope.FORM else None
    fingerprint = export_fingerprint(
        user_id=getattr(user, "pk", None),
        scope=scope,
        page_id=page.pk if page else None,
        form_id=form.pk if form else None,
        include_translations=include_translations,
        language_code=language_code,
        since=since,
        until=until,
        format=format,
    )
    if run_now:
        # The command line runs its export itself: never shared with a queued one.
        fingerprint = uuid.uuid4().hex
    active = [Export.Status.QUEUED, Export.Status.RUNNING]
    try:
        with transaction.atomic():
            running = Export.objects.filter(fingerprint=fingerprint, status__in=active).first()
            if running is not None:
                return running
            export = Export.objects.create(
                requested_by=user if getattr(user, "pk", None) else None,
                scope=scope,
                page=page,
                form=form,
                include_translations=include_translations,
                language_code=language_code,
                since=since,
                until=until,
                format=format,
                fingerprint=fingerprint,
            )
            if not run_now:
                transaction.on_commit(lambda: enqueue_export(export), robust=True)
    except IntegrityError:
        # The same export was requested a moment ago by another process (the
        # unique constraint on active fingerprints): that one is ours too, even
        # if it has failed since (its page offers the retry).
        return Export.objects.filter(fingerprint=fingerprint).order_by("-created_at", "-pk")[0]
    return export


def export_job_options(export: Export) -> dict[str, Any]:
    return {
        "job_id": f"feedback-export-{export.pk}-{uuid.uuid4().hex[:8]}",
        "job_timeout": int(get_setting("EXPORT_JOB_TIMEOUT")),
        "result_ttl": 3600,
        # Failed jobs keep their arguments (only ids here) for a week, not a year.
        "failure_ttl": 7 * 24 * 3600,
        "retry": Retry(max=3, interval=[10, 60, 300]),
        "on_failure": Callback("feedback.workers.jobs.export_failed"),
    }


def enqueue_export(export: Export) -> Export:
    """Put the export's job on the export queue (now, not on commit); on a
    site without RQ, write the file here and now, in the web process."""
    if not queue_configured("export"):
        run_export(export.pk)
        export.refresh_from_db()
        return export

    options = export_job_options(export)
    Export.objects.filter(pk=export.pk).update(job_id=options["job_id"])
    export.job_id = options["job_id"]
    job = safe_enqueue("export", "feedback.workers.jobs.run_export_job", export.pk, **options)
    if job is None:
        mark_failed(export.pk, _("The export could not be queued because the job queue is unreachable. Try again."))
        export.refresh_from_db()
    return export


def retry_export(export: Export) -> Export:
    """Run a failed (or expired) export again; an active one is returned as it is."""
    if export.is_active:
        return export
    try:
        with transaction.atomic():
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.QUEUED,
                progress=0,
                error="",
                started_at=None,
                finished_at=None,
                created_at=timezone.now(),
            )
    except IntegrityError:
        # An equal export is already queued or running: follow that one.
        # (Exports are deleted only long after they finish, so that one is there.)
        return Export.objects.filter(fingerprint=export.fingerprint).exclude(pk=export.pk).order_by("-pk")[0]
    export.refresh_from_db()
    return enqueue_export(export)


# --- running ----------------------------------------------------------------------
def export_language(export: Export) -> str:
    """Headings and sheet names in the requester's admin language, else the site's."""
    user = export.requested_by
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    preferred = getattr(profile, "preferred_language", "") if profile is not None else ""
    return preferred or settings.LANGUAGE_CODE


def set_fields(export_id: int, **fields: Any) -> None:
    Export.objects.filter(pk=export_id).update(**fields)


def run_export(export_id: int, *, job: Any = None, on_progress: Callable[[int, int], None] | None = None) -> Export:
    """Write the export's file and mark it done. Safe to run again: a retry
    rewrites the file from scratch and replaces it atomically."""
    export = Export.objects.select_related("page", "page__locale", "form", "requested_by").get(pk=export_id)
    if export.status == Export.Status.DONE and export.file_path and export_storage().exists(export.file_path):
        return export
    exporter = registry.get(export.format)()
    started = timezone.now()
    set_fields(export_id, status=Export.Status.RUNNING, started_at=started, progress=0, error="")
    data = ExportData(ExportScope.from_export(export))
    total = data.response_count
    last = {"percent": -1}

    def progress(rows: int) -> None:
        percent = min(99, rows * 100 // total) if total else 99
        if on_progress is not None:
            on_progress(rows, total)
        if percent == last["percent"]:
            return
        last["percent"] = percent
        set_fields(export_id, progress=percent)
        if job is not None:
            job.meta["progress"] = percent
            job.meta["rows"] = rows
            job.save_meta()

    name = file_name_for(export, exporter.extension)
    path = f"{export.pk}/{name}"
    partial = partial_path(export, exporter.extension)
    try:
        with translation.override(export_language(export)), private_tempdir(partial):
            rows = exporter.write(data, partial, progress)
        size = publish(partial, path)
    except BaseException:
        # Timeouts and signals included: never leave a partial file behind.
        partial.unlink(missing_ok=True)
        raise
    finished = timezone.now()
    set_fields(
        export_id,
        status=Export.Status.DONE,
        progress=100,
        file_name=name,
        file_path=path,
        file_size=size,
        row_count=rows,
        finished_at=finished,
        expires_at=finished + timedelta(days=int(get_setting("EXPORT_EXPIRY_DAYS"))),
        error="",
    )
    export.refresh_from_db()
    return export


def mark_failed(export_id: int, error: str, *, will_retry: bool = False) -> None:
    """Record a failure; a failure that RQ will retry leaves the export queued."""
    status = Export.Status.QUEUED if will_retry else Export.Status.FAILED
    Export.objects.filter(pk=export_id).exclude(status=Export.Status.DONE).update(
        status=status, error=error[:2000], finished_at=None if will_retry else timezone.now()
    )
