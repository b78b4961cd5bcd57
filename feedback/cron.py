"""Scheduled jobs, for ``python manage.py rqcron feedback.cron``.

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

from rq import cron

from feedback import alerts, digest, impressions, jobs, retention
from feedback.conf import get_setting

cron.register(
    jobs.catch_up_aggregation,
    queue_name=get_setting("AGGREGATE_QUEUE"),
    interval=300,
    job_timeout=jobs.CATCH_UP_TIMEOUT,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-catch-up",
)
cron.register(
    jobs.sweep_exports,
    # On the short-job queue: a long export must not hold up the sweep that watches it.
    queue_name=get_setting("AGGREGATE_QUEUE"),
    # Abandoned jobs are noticed within a minute (see HEARTBEAT_STALE).
    interval=15,
    job_timeout=600,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-export-sweep",
)
cron.register(
    jobs.expire_exports,
    queue_name=get_setting("EXPORT_QUEUE"),
    cron="15 3 * * *",
    job_timeout=600,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-export-expiry",
)
cron.register(
    retention.purge_feedback_job,
    queue_name=get_setting("AGGREGATE_QUEUE"),
    cron="45 3 * * *",
    job_timeout=jobs.CATCH_UP_TIMEOUT,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-retention",
)
cron.register(
    alerts.run_alerts_job,
    queue_name=get_setting("AGGREGATE_QUEUE"),
    cron="0 6 * * *",
    job_timeout=jobs.CATCH_UP_TIMEOUT,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-alerts",
)
cron.register(
    digest.send_digests_job,
    queue_name=get_setting("AGGREGATE_QUEUE"),
    cron="0 7 * * 1",
    job_timeout=jobs.CATCH_UP_TIMEOUT,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-digest",
)
cron.register(
    impressions.flush_impressions,
    queue_name=get_setting("AGGREGATE_QUEUE"),
    interval=300,
    job_timeout=600,
    result_ttl=600,
    failure_ttl=jobs.FAILURE_TTL,
    name="feedback-impressions",
)
