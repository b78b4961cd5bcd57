"""RQ job functions: a thin layer over :mod:`feedback.workers.aggregation` and
:mod:`feedback.exporting.records`.

Jobs carry ids only, never answer text (failed jobs keep their arguments).
Every job is safe to run again: RQ requeues a job whose worker died.
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any

from django.utils.translation import gettext as _
from rq import Retry, get_current_job

from feedback.exporting.housekeeping import expire_exports, sweep_stale_exports
from feedback.exporting.records import mark_failed, run_export
from feedback.workers.aggregation import aggregate_page, catch_up
from feedback.workers.queueing import clear_coalesce_key, enqueue_on_commit

logger = logging.getLogger("feedback.workers.jobs")

AGGREGATE_TIMEOUT = 600
CATCH_UP_TIMEOUT = 3600
FAILURE_TTL = 7 * 24 * 3600


def aggregate_job_options(page_id: int, days: list[str] | None = None) -> dict[str, Any]:
    """Options for an ``aggregate_page_job``. Votes share one job per page
    (coalesced: a burst of submissions to one page does not pile up jobs);
    a recount of given days (moderation) gets its own job id."""
    job_id = f"feedback-aggregate-page-{page_id}"
    if days:
        job_id += "-" + hashlib.sha1(",".join(sorted(days)).encode(), usedforsecurity=False).hexdigest()[:12]
    return {
        "job_id": job_id,
        "job_timeout": AGGREGATE_TIMEOUT,
        "result_ttl": 600,
        "failure_ttl": FAILURE_TTL,
        "retry": Retry(max=3, interval=[10, 60, 300]),
    }


def pending_key(page_id: int) -> str:
    """Exists while an aggregation of new votes on the page is queued."""
    return f"feedback:aggregate-pending:{page_id}"


def enqueue_aggregation(page_id: int, days: list[str] | None = None) -> None:
    """Aggregate ``page_id`` once the current transaction commits (best effort:
    a Redis failure is logged and the scheduled catch-up does the work)."""
    options = aggregate_job_options(page_id, days)
    if not days:
        options["coalesce_key"] = pending_key(page_id)
    enqueue_on_commit("aggregate", "feedback.workers.jobs.aggregate_page_job", page_id, days, **options)


def aggregate_page_job(page_id: int, days: list[str] | None = None) -> dict[str, Any]:
    """Recompute the rollups of a page for ``days`` (ISO dates) or the days with new responses."""
    if not days:
        clear_coalesce_key(pending_key(int(page_id)))  # votes from now on need a new job
    result = aggregate_page(int(page_id), days)
    return {"page_id": result.page_id, "days": [d.isoformat() for d in result.days], "responses": result.responses}


def catch_up_job() -> int:
    """Scheduled: aggregate every page with responses the queue may have missed."""
    return len(catch_up())


def run_export_job(export_id: int) -> dict[str, Any]:
    """Write one export file (see :func:`feedback.exporting.records.run_export`)."""
    job = get_current_job()
    if job is not None:
        # The pid tells an operator (and the tests) which process writes the file.
        job.meta["pid"] = os.getpid()
        job.save_meta()
    export = run_export(int(export_id), job=job)
    return {"export_id": export.pk, "rows": export.row_count, "status": export.status}


def export_failed(job: Any, connection: Any, exc_type: Any, exc_value: Any, traceback: Any) -> None:
    """RQ ``on_failure`` callback (exceptions and timeouts): record the failure on the Export."""
    export_id = int(job.args[0])
    will_retry = bool(job.retries_left)
    message = _("The export failed: %(error)s") % {"error": exc_type.__name__ if exc_type else _("unknown error")}
    logger.warning("Export %s failed (%s)%s", export_id, exc_value, ", will retry" if will_retry else "")
    mark_failed(export_id, message, will_retry=will_retry)


def sweep_exports_job() -> int:
    """Scheduled: fail exports whose job died and delete temporary leftovers."""
    return sweep_stale_exports()


def expire_exports_job() -> int:
    """Scheduled daily: delete export files past their expiry date."""
    return expire_exports()
