"""One export per set of parameters, however many processes ask at once."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, close_old_connections, transaction

from feedback.exporting.records import request_export, retry_export
from feedback.models import Export
from tests.factories import make_comms_user, make_content_page, make_home_page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_share_one_export(redis_settings):
    make_home_page("sv")
    page = make_content_page(title="Avfall")
    user = make_comms_user("kommunikator")
    for _attempt in range(3):
        Export.objects.all().delete()
        results, errors = ask_at_once(4, lambda: request_export(user, scope="page", page=page).pk)
        assert not errors, errors
        assert len(set(results)) == 1, results
        assert Export.objects.count() == 1


def ask_at_once(count: int, call) -> tuple[list, list[BaseException]]:  # type: ignore[no-untyped-def]
    """``call`` in ``count`` threads released together; their results and errors."""
    barrier = threading.Barrier(count)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:  # reported by the caller
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_export_and_retry_follows_the_active_one():
    make_home_page("sv")
    page = make_content_page(title="Avfall")
    user = make_comms_user("kommunikator")
    first = request_export(user, scope="page", page=page)
    with pytest.raises(IntegrityError), transaction.atomic():
        Export.objects.create(scope="page", page=page, fingerprint=first.fingerprint)
    Export.objects.filter(pk=first.pk).update(status=Export.Status.FAILED)
    second = request_export(user, scope="page", page=page)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert retry_export(first).pk == second.pk  # the equal export already queued
