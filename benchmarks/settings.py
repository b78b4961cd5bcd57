"""Settings of the HTTP benchmark (``benchmarks/http_votes.py``): production
settings plus a benchmark-only app holding the two baselines, a Wagtail
form-builder ``FormPage`` and a bare one-row insert view. Never deployed."""

from feedbacksite.settings.production import *  # noqa: F403
from feedbacksite.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.forms", "benchmarks.benchapp"]
ROOT_URLCONF = "benchmarks.benchapp.urls"
