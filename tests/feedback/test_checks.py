"""System checks about the site's set-up (the ones about Redis are in test_without_redis.py)."""

from django.apps import apps
from django.core import checks

from feedback.checks import check_required_apps_installed


def test_no_error_when_the_required_apps_are_installed():
    assert check_required_apps_installed() == []


def test_a_missing_settings_app_is_an_error(monkeypatch):
    """Without wagtail.contrib.settings the engine's Feedback settings have no
    admin URLs and every admin page fails with NoReverseMatch: say so at start-up."""
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "wagtail.contrib.settings" and installed(name))
    [error] = check_required_apps_installed()
    assert error.id == "feedback.E001" and error.level == checks.ERROR
    assert "wagtail.contrib.settings" in error.msg and "docs/install.md" in error.hint


def test_the_check_runs_with_the_others():
    assert check_required_apps_installed in checks.registry.registry.registered_checks
