"""Excel exports from the admin: start (POST), follow, download, retry, list.
The export itself runs in a real rqworker process."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from feedback.models import Export
from tests.factories import make_content_page, make_export, make_form, make_response
from tests.services import run_burst_worker

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "comment", "type": "long_text"},
]


@pytest.fixture
def export_root(export_storage, tmp_path, monkeypatch):
    """Web process and worker process share one private export folder."""
    monkeypatch.setenv("FEEDBACK_EXPORT_ROOT", str(tmp_path))
    return tmp_path


def workbook(response) -> openpyxl.Workbook:  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_runs_in_a_worker_and_downloads(client, redis_settings, export_root, settings, comms):
    page = make_content_page(title="Priser")
    form = make_form(QUESTIONS)
    make_response(form, page, {"helpful": "no", "comment": "=1+1 är inte ett pris"})
    make_response(form, page, {"helpful": "yes"})

    start = {"scope": "page", "page": page.pk, "include_translations": "1"}
    response = client.post(reverse("feedback_admin:export_start"), start)
    export = Export.objects.get()
    assert response["Location"] == reverse("feedback_admin:export_status", args=[export.pk])
    # Asking again while it waits gives the same export, not a second job.
    assert client.post(reverse("feedback_admin:export_start"), start)["Location"] == response["Location"]
    assert Export.objects.count() == 1

    status_url = reverse("feedback_admin:export_status_json", args=[export.pk])
    assert client.get(status_url).json()["finished"] is False
    page_html = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page_html and "<progress" in page_html  # works without JS

    run_burst_worker(redis_settings.url, ["feedback-exports"], db_name=settings.DATABASES["default"]["NAME"])

    state = client.get(status_url).json()
    assert (state["status"], state["progress"], state["done"]) == ("done", 100, True)
    assert 'http-equiv="refresh"' not in client.get(response["Location"]).content.decode()
    download = client.get(state["download_url"])
    assert download.status_code == 200
    sheet = workbook(download).worksheets[1]
    rows = list(sheet.values)
    assert len(rows) == 3  # heading + two responses
    assert any(cell == "=1+1 är inte ett pris" for row in rows for cell in row)

    listing = client.get(reverse("feedback_admin:export_list")).content.decode()
    assert "Priser" in listing and state["download_url"] in listing


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_export_shows_the_reason_and_retries(client, redis_settings, export_root, settings, comms):
    page = make_content_page(title="Fel")
    make_response(make_form(QUESTIONS), page, {"helpful": "yes"})
    export = make_export(comms, page=page, status=Export.Status.FAILED, error="Disk full", file_path="")

    html = client.get(reverse("feedback_admin:export_status", args=[export.pk])).content.decode()
    assert "Disk full" in html and reverse("feedback_admin:export_retry", args=[export.pk]) in html
    assert "Disk full" in client.get(reverse("feedback_admin:export_list")).content.decode()

    response = client.post(reverse("feedback_admin:export_retry", args=[export.pk]))
    assert response["Location"] == reverse("feedback_admin:export_status", args=[export.pk])
    assert Export.objects.get(pk=export.pk).status == Export.Status.QUEUED

    run_burst_worker(redis_settings.url, ["feedback-exports"], db_name=settings.DATABASES["default"]["NAME"])
    export.refresh_from_db()
    assert export.status == Export.Status.DONE and export.error == ""
    assert client.get(reverse("feedback_admin:export_download", args=[export.pk])).status_code == 200


@pytest.mark.django_db
def test_missing_file_is_a_404_and_running_export_has_no_download(client, export_root, comms):
    page = make_content_page(title="Borta")
    gone = make_export(comms, page=page, file_path="1/missing.xlsx")
    response = client.get(reverse("feedback_admin:export_download", args=[gone.pk]))
    assert response.status_code == 404 or response["Location"].startswith("/sv/")
    running = make_export(comms, page=page, status=Export.Status.RUNNING, progress=40, file_path="")
    state = client.get(reverse("feedback_admin:export_status_json", args=[running.pk])).json()
    assert (state["progress"], state["download_url"], state["finished"]) == (40, "", False)
    response = client.get(reverse("feedback_admin:export_download", args=[running.pk]))
    assert response.status_code == 404 or response["Location"].startswith("/sv/")
