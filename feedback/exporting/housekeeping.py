"""Housekeeping of export records: expire old files, fail exports whose job
died (killed worker, lost Redis data, timeout) and remove the temporary
files nobody writes any more. Run by the scheduler (``feedback.workers.cron``)
and ``manage.py feedback_cleanup_exports``; the admin asks
:func:`abandon_if_dead` so a user may retry at once.
"""

from __future__ import annotations

import os
import shutil
import socket
from datetime import timedelta
from typing import Any

import django_rq
import redis
from django.utils import timezone
from django.utils.translation import gettext as _
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.worker import Worker

from feedback.conf import get_setting
from feedback.models import Export

from .records import mark_failed, set_fields
from .storage import delete_export_file, partial_folder

#: A queued export whose job is missing from Redis after this long is lost.
LOST_AFTER = timedelta(minutes=5)
#: A started job whose worker sent no heartbeat for this long is dead.
#: RQ's worker beats for a running job every 30 s (its job monitoring interval);
#: one and a half missed beats and the job is abandoned (killed worker or host).
HEARTBEAT_STALE = timedelta(seconds=45)


def expire_exports(now: Any = None) -> int:
    """Delete the files of exports past ``expires_at``; returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for export in Export.objects.filter(status=Export.Status.DONE, expires_at__lte=now):
        delete_export_file(export)
        Export.objects.filter(pk=export.pk).update(status=Export.Status.EXPIRED, file_path="", file_size=None)
        expired += 1
    return expired


def _job_state(export: Export) -> str:
    """ "alive", "waiting" (queued or scheduled for a retry) or "dead".

    RQ's started-job registry notices a dead worker only when the execution's
    time to live runs out (a minute or more); asking the worker's process on
    this host, and the job's heartbeat elsewhere, lets a person retry at once."""
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
                set_fields(export.pk, status=Export.Status.QUEUED)
        elif state == "dead" and now - export.created_at > LOST_AFTER:
            mark_failed(export.pk, _("The export job was lost. Try again."))
            failed += 1
    remove_partial_files()
    return failed


def abandon_if_dead(export: Export) -> bool:
    """Mark a queued or running export failed when its job is no longer alive
    (so the user may retry at once instead of waiting for the sweep)."""
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
    base = partial_folder()
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
