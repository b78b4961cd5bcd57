"""The background flow: RQ jobs and scheduled work, from responses to rollups,
alerts, digests and clean-up.

``queueing`` hands work over from the web side; ``jobs`` are what the workers
run; ``aggregation`` builds the daily rollups the reports read; ``cron`` lists
the scheduled jobs (``manage.py rqcron feedback.workers.cron``). Exports run
here too, through :mod:`feedback.exporting`.
"""
