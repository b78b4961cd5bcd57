"""Scheduled jobs, for ``python manage.py rqcron feedback.workers.cron``.

- every 5 minutes: aggregate what the queue missed (Redis down or flushed,
  lost jobs), and move widget impressions from Redis to the database;
- every 15 seconds: mark exports whose job died as failed, remove temporary files;
- daily at 03:15: delete expired export files;
- daily at 03:45: retention (free text or whole responses past their period; counts stay);
- daily at 06:00: alerts (pages that got worse), after the night's catch-up;
- Mondays at 07:00: the weekly digest e-mails.

Queue names come from the engine's settings; the cron process needs the
same ``RQ_QUEUES`` as the workers.
"""

from typing import Any

from rq import cron

from feedback.conf import get_setting
from feedback.public import impressions
from feedback.workers import alerts, digest, jobs, retention

AGGREGATE, EXPORT = get_setting("AGGREGATE_QUEUE"), get_setting("EXPORT_QUEUE")

# (function, queue, schedule, job timeout, name); results are kept ten minutes,
# failures as long as any of our jobs' (jobs.FAILURE_TTL).
SCHEDULE: list[tuple[Any, str, dict[str, Any], int, str]] = [
    (jobs.catch_up_job, AGGREGATE, {"interval": 300}, jobs.CATCH_UP_TIMEOUT, "feedback-catch-up"),
    # On the short-job queue: a long export must not hold up the sweep that watches it.
    # Abandoned jobs are noticed within a minute (see HEARTBEAT_STALE).
    (jobs.sweep_exports_job, AGGREGATE, {"interval": 15}, 600, "feedback-export-sweep"),
    (jobs.expire_exports_job, EXPORT, {"cron": "15 3 * * *"}, 600, "feedback-export-expiry"),
    (retention.purge_feedback_job, AGGREGATE, {"cron": "45 3 * * *"}, jobs.CATCH_UP_TIMEOUT, "feedback-retention"),
    (alerts.run_alerts_job, AGGREGATE, {"cron": "0 6 * * *"}, jobs.CATCH_UP_TIMEOUT, "feedback-alerts"),
    (digest.send_digests_job, AGGREGATE, {"cron": "0 7 * * 1"}, jobs.CATCH_UP_TIMEOUT, "feedback-digest"),
    (impressions.flush_impressions, AGGREGATE, {"interval": 300}, 600, "feedback-impressions"),
]

for func, queue_name, when, timeout, name in SCHEDULE:
    cron.register(
        func,
        queue_name=queue_name,
        job_timeout=timeout,
        result_ttl=600,
        failure_ttl=jobs.FAILURE_TTL,
        name=name,
        **when,
    )
