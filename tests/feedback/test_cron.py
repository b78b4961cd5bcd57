"""The schedule that `make run` starts with ``manage.py rqcron feedback.cron``."""

from django_rq.cron import DjangoCronScheduler


def test_cron_config_schedules_catch_up_sweeps_expiry_and_retention(redis_settings):
    scheduler = DjangoCronScheduler()
    scheduler.load_config_from_file("feedback.cron")
    jobs = {job.func.__module__ + "." + job.func.__name__: job for job in scheduler.get_jobs()}
    assert set(jobs) == {
        "feedback.jobs.catch_up_aggregation",
        "feedback.jobs.sweep_exports",
        "feedback.jobs.expire_exports",
        "feedback.retention.purge_feedback_job",
        "feedback.alerts.run_alerts_job",
        "feedback.digest.send_digests_job",
        "feedback.impressions.flush_impressions",
    }
    assert jobs["feedback.digest.send_digests_job"].cron == "0 7 * * 1"
    assert jobs["feedback.alerts.run_alerts_job"].cron == "0 6 * * *"
    assert jobs["feedback.jobs.catch_up_aggregation"].queue_name == "feedback"
    assert jobs["feedback.jobs.catch_up_aggregation"].interval == 300
