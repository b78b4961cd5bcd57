"""Export records: request, run, publish, serve, expire and sweep.

The admin views call :func:`request_export`, :func:`retry_export` and
:func:`export_file_response` (they check permissions themselves). The RQ job
and ``manage.py export_feedback`` both call :func:`run_export`.

A file is written under a temporary name and moved into place only when it
is complete, so a killed or timed-out job never leaves a partial export
behind; the scheduled sweep (:func:`sweep_stale_exports`) marks exports whose
job died as failed and removes their temporary files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from feedback.conf import get_setting
from feedback.models import Export
from feedback.workers.aggregation import site_timezone

from . import UnknownExporter, registry
from .rows import ExportData, ExportScope

logger = logging.getLogger("feedback.exporting")

#: Progress is written to the database at most this often (rows).
PARTIAL_DIR = ".partial"
#: A queued export whose job is missing from Redis after this long is lost.
LOST_AFTER = timedelta(minutes=5)
#: A started job whose worker sent no heartbeat for this long is dead.
#: RQ's worker beats for a running job every 30 s (its job monitoring interval);
#: one and a half missed beats and the job is abandoned (killed worker or host).
HEARTBEAT_STALE = timedelta(seconds=45)


def export_storage() -> Storage:
    """Where export files go: the ``EXPORT_STORAGE`` entry of ``STORAGES``, or
    a private folder on the local disk (``EXPORT_ROOT``) that nothing serves."""
    alias = get_setting("EXPORT_STORAGE")
    if alias in settings.STORAGES:
        return storages[alias]
    return FileSystemStorage(location=default_export_root(), base_url=None)


def default_export_root() -> Path:
    configured = get_setting("EXPORT_ROOT")
    if configured:
        return Path(configured)
    return Path(getattr(settings, "BASE_DIR", Path.cwd())) / "feedback-exports"


def _local_root(storage: Storage) -> Path | None:
    """The storage's directory when it is on this file system (atomic renames possible)."""
    try:
        return Path(storage.path(""))
    except NotImplementedError:
        return None


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
        return Export.objects.filter(fingerprint=fingerprint).order_by("-created_at", "-pk").first()
    return export


def export_job_options(export: Export) -> dict[str, Any]:
    from rq import Callback, Retry

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
    from feedback.conf import queue_configured
    from feedback.workers.queueing import safe_enqueue

    if not queue_configured("export"):
        run_export(export.pk)
        export.refresh_from_db()
        return export

    options = export_job_options(export)
    Export.objects.filter(pk=export.pk).update(job_id=options["job_id"])
    export.job_id = options["job_id"]
    job = safe_enqueue("export", "feedback.workers.jobs.run_export", export.pk, **options)
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
        return Export.objects.filter(fingerprint=export.fingerprint).exclude(pk=export.pk).order_by("-pk").first()
    export.refresh_from_db()
    return enqueue_export(export)


# --- running ----------------------------------------------------------------------
def file_name_for(export: Export, extension: str, today: date | None = None) -> str:
    """A safe download name such as ``feedback-about-us-2026-11-23.xlsx``."""
    today = today or timezone.localtime(timezone.now(), site_timezone()).date()
    if export.scope == Export.Scope.PAGE and export.page is not None:
        label = export.page.slug
    elif export.scope == Export.Scope.FORM and export.form is not None:
        label = export.form.title
    else:
        label = "site"
    slug = slugify(label)[:60].strip("-") or "export"
    return f"feedback-{slug}-{today:%Y-%m-%d}.{extension}"


def _partial_path(export: Export, extension: str) -> Path:
    root = _local_root(export_storage())
    # Next to the final file when local, so that publishing is an atomic rename.
    base = root / PARTIAL_DIR if root else Path(tempfile.gettempdir()) / "feedback-exports-partial"
    base.mkdir(parents=True, exist_ok=True)
    return base / f"export-{export.pk}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.{extension}"


@contextmanager
def private_tempdir(partial: Path) -> Iterator[Path]:
    """openpyxl's write-only sheets spill to temporary files named by Python's
    ``tempfile``: while the export runs they go to a folder of its own next to
    the partial file (inside the private export area), never the shared /tmp.
    A killed job leaves the folder behind; the sweep removes it. The setting
    is process-wide, which is fine: an RQ job runs in a work horse of its own."""
    folder = partial.with_name(partial.stem + "-tmp")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(folder, ignore_errors=True)


def _publish(partial: Path, name: str) -> int:
    """Move a complete file into place under ``name``; returns its size."""
    storage = export_storage()
    size = partial.stat().st_size
    root = _local_root(storage)
    if root is not None:
        target = Path(storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
    else:
        if storage.exists(name):
            storage.delete(name)
        with open(partial, "rb") as handle:
            storage.save(name, File(handle, name=os.path.basename(name)))
        partial.unlink(missing_ok=True)
    return size


def export_language(export: Export) -> str:
    """Headings and sheet names in the requester's admin language, else the site's."""
    user = export.requested_by
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    preferred = getattr(profile, "preferred_language", "") if profile is not None else ""
    return preferred or settings.LANGUAGE_CODE


def _update(export_id: int, **fields: Any) -> None:
    Export.objects.filter(pk=export_id).update(**fields)


def run_export(export_id: int, *, job: Any = None, on_progress: Callable[[int, int], None] | None = None) -> Export:
    """Write the export's file and mark it done. Safe to run again: a retry
    rewrites the file from scratch and replaces it atomically."""
    export = Export.objects.select_related("page", "page__locale", "form", "requested_by").get(pk=export_id)
    if export.status == Export.Status.DONE and export.file_path and export_storage().exists(export.file_path):
        return export
    exporter = registry.get(export.format)()
    started = timezone.now()
    _update(export_id, status=Export.Status.RUNNING, started_at=started, progress=0, error="")
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
        _update(export_id, progress=percent)
        if job is not None:
            job.meta["progress"] = percent
            job.meta["rows"] = rows
            job.save_meta()

    name = file_name_for(export, exporter.extension)
    path = f"{export.pk}/{name}"
    partial = _partial_path(export, exporter.extension)
    try:
        with translation.override(export_language(export)), private_tempdir(partial):
            rows = exporter.write(data, partial, progress)
        size = _publish(partial, path)
    except BaseException:
        # Timeouts and signals included: never leave a partial file behind.
        partial.unlink(missing_ok=True)
        raise
    finished = timezone.now()
    _update(
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


# --- serving ----------------------------------------------------------------------
def export_file_response(export: Export) -> FileResponse:
    """The finished file as an attachment with its safe name. Permission checks
    are the caller's job. Raises ``Http404`` when there is no file (any more)."""
    if export.status != Export.Status.DONE or not export.file_path:
        raise Http404(_("This export has no file."))
    storage = export_storage()
    try:
        handle = storage.open(export.file_path, "rb")
    except FileNotFoundError:
        raise Http404(_("The export file no longer exists."))
    try:
        content_type = registry.get(export.format).content_type
    except UnknownExporter:
        content_type = "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=export.file_name, content_type=content_type)


# --- housekeeping -----------------------------------------------------------------
def _delete_export_file(export: Export) -> None:
    storage = export_storage()
    if export.file_path and storage.exists(export.file_path):
        storage.delete(export.file_path)
    root = _local_root(storage)
    if root is not None:
        shutil.rmtree(root / str(export.pk), ignore_errors=True)


def expire_exports(now: Any = None) -> int:
    """Delete the files of exports past ``expires_at``; returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for export in Export.objects.filter(status=Export.Status.DONE, expires_at__lte=now):
        _delete_export_file(export)
        Export.objects.filter(pk=export.pk).update(status=Export.Status.EXPIRED, file_path="", file_size=None)
        expired += 1
    return expired


def _job_state(export: Export) -> str:
    """ "alive", "waiting" (queued or scheduled for a retry) or "dead"."""
    import django_rq
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus
    from rq.worker import Worker

    if not export.job_id:
        return "unknown"
    connection = django_rq.get_connection(get_setting("EXPORT_QUEUE"))
    try:
        job = Job.fetch(export.job_id, connection=connection)
        status = job.get_status()
    except NoSuchJobError:
        return "dead"
    if status in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED):
        return "waiting"
    if status != JobStatus.STARTED:
        return "dead"
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + (job.worker_name or ""), connection)
    if worker is None:
        return "dead"
    if worker.hostname == socket.gethostname() and worker.pid:
        try:
            os.kill(worker.pid, 0)
        except ProcessLookupError:
            return "dead"
        except PermissionError:
            pass
    heartbeat = job.last_heartbeat
    if heartbeat is not None and timezone.now() - heartbeat > HEARTBEAT_STALE:
        return "dead"
    return "alive"


def sweep_stale_exports(now: Any = None) -> int:
    """Mark exports whose job died (killed worker, lost Redis data, timeout) as
    failed and remove temporary files nobody writes any more. Returns how many failed."""
    import redis

    now = now or timezone.now()
    timeout = timedelta(seconds=int(get_setting("EXPORT_JOB_TIMEOUT")) + 300)
    failed = 0
    active = Export.objects.filter(status__in=[Export.Status.QUEUED, Export.Status.RUNNING])
    for export in active:
        try:
            state = _job_state(export)
        except redis.exceptions.RedisError:
            state = "unknown"
        if export.status == Export.Status.RUNNING:
            too_old = export.started_at is not None and now - export.started_at > timeout
            if state == "dead" or too_old:
                mark_failed(export.pk, _("The export job stopped before finishing. Try again."))
                failed += 1
            elif state == "waiting":
                _update(export.pk, status=Export.Status.QUEUED)
        elif state == "dead" and now - export.created_at > LOST_AFTER:
            mark_failed(export.pk, _("The export job was lost. Try again."))
            failed += 1
    remove_partial_files()
    return failed


def abandon_if_dead(export: Export) -> bool:
    """Mark a queued or running export failed when its job is no longer alive
    (so the user may retry at once instead of waiting for the sweep)."""
    import redis

    if not export.is_active:
        return False
    try:
        state = _job_state(export)
    except redis.exceptions.RedisError:
        return False
    if state != "dead":
        return False
    mark_failed(export.pk, _("The export job stopped before finishing. Try again."))
    export.refresh_from_db()
    return True


def remove_partial_files() -> int:
    """Delete temporary files of exports that are not running (a SIGKILL leaves them)."""
    root = _local_root(export_storage())
    base = root / PARTIAL_DIR if root else Path(tempfile.gettempdir()) / "feedback-exports-partial"
    if not base.is_dir():
        return 0
    running = set(Export.objects.filter(status=Export.Status.RUNNING).values_list("pk", flat=True))
    removed = 0
    for path in base.iterdir():
        try:
            export_id = int(path.name.split("-")[1])
        except (IndexError, ValueError):
            export_id = None
        if export_id not in running:
            if path.is_dir():  # openpyxl's temporary files of a killed job
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed += 1
    return removed
