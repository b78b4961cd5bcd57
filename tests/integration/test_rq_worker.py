"""A job enqueued through django-rq is run by a separate, real rqworker process."""

import os

import django_rq
import pytest
from rq.job import JobStatus

from tests.services import run_burst_worker

pytestmark = pytest.mark.integration


def test_real_worker_runs_a_job_enqueued_through_django_rq(redis_settings):
    queue = django_rq.get_queue("feedback")
    job = queue.enqueue("os.getpid")
    assert job.get_status() == JobStatus.QUEUED

    run_burst_worker(redis_settings.url, ["feedback"])

    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    assert isinstance(job.return_value(), int) and job.return_value() != os.getpid()
