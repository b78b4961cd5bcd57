"""SQLite, the embedded default, is set up for a web application: WAL,
synchronous=NORMAL, IMMEDIATE transactions and a busy timeout."""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_connection_uses_wal_and_waits_for_the_lock():
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_system_check_warns_about_sqlite_without_immediate_transactions(settings):
    from feedback.checks import check_sqlite_configured_for_concurrency

    ids = [w.id for w in check_sqlite_configured_for_concurrency()]
    assert "feedback.W020" not in ids  # our settings are right
    if connection.vendor == "sqlite":
        saved = connection.settings_dict["OPTIONS"]
        connection.settings_dict["OPTIONS"] = {}
        try:
            assert [w.id for w in check_sqlite_configured_for_concurrency()] == ["feedback.W020"]
        finally:
            connection.settings_dict["OPTIONS"] = saved
    registered = checks.registry.registry.get_checks(include_deployment_checks=True)
    assert check_sqlite_configured_for_concurrency in registered
