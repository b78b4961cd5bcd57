"""The test settings of a single-language site without wagtail-localize (Wagtail's own locales app)."""

from feedbacksite.settings.test import *  # noqa: F403
from feedbacksite.settings.test import INSTALLED_APPS

INSTALLED_APPS = [
    "wagtail.locales" if app == "wagtail_localize.locales" else app
    for app in INSTALLED_APPS
    if app != "wagtail_localize"
]
