"""The schedule that `make run` starts with ``manage.py rqcron feedback.workers.cron``."""

from django_rq.cron import DjangoCronScheduler


def test_cron_config_schedules_catch_up_sweeps_expiry_and_retention(redis_settings):
    scheduler = DjangoCronScheduler()
    scheduler.load_config_from_file("feedback.workers.cron")
    jobs = {job.func.__module__ + "." + job.func.__name__: job for job in scheduler.get_jobs()}
    assert set(jobs) == {
        "feedback.workers.jobs.catch_up_job",
        "feedback.workers.jobs.sweep_exports_job",
        "feedback.workers.jobs.expire_exports_job",
        "feedback.workers.retention.purge_feedback_job",
        "feedback.workers.alerts.run_alerts_job",
        "feedback.workers.digest.send_digests_job",
        "feedback.public.impressions.flush_impressions",
    }
    assert jobs["feedback.workers.digest.send_digests_job"].cron == "0 7 * * 1"
    assert jobs["feedback.workers.alerts.run_alerts_job"].cron == "0 6 * * *"
    assert jobs["feedback.workers.jobs.catch_up_job"].queue_name == "feedback"
    assert jobs["feedback.workers.jobs.catch_up_job"].interval == 300
