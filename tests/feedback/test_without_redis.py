"""A site that installs the engine without Redis: no shared cache and no RQ
queues. Votes are stored, the catch-up command builds the rollups, exports are
written in the request, impressions are counted in the database, and system
checks say what the site gives up."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core import checks
from django.core.management import call_command
from django.urls import reverse

from feedback.models import Export, PageDayImpressions, PageDayRollup, Response
from feedback.public import targets
from feedback.public.submission import make_token
from tests.factories import make_comms_user, make_content_page, make_form, make_home_page
from tests.feedback.admin.test_exports import export_root  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTIONS = [{"key": "helpful", "type": "yes_no", "required": True}, {"key": "comment", "type": "long_text"}]


@pytest.fixture
def no_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    del settings.RQ_QUEUES


def test_votes_rollups_exports_and_impressions_work_without_redis(client, no_redis, export_root):  # noqa: F811
    make_home_page("sv")
    form = make_form(QUESTIONS)
    page = make_content_page(title="Avfall", feedback_forms=[form])
    token = make_token(page.pk, form.pk)
    for answers in ({"helpful": "no", "comment": "Sophämtningen saknas"}, {"helpful": "yes"}):
        body = json.dumps({"token": token, "answers": answers})
        assert client.post("/feedback/submit/", body, content_type="application/json").status_code == 201
    assert Response.objects.count() == 2
    assert client.post("/feedback/impression/", {"token": token}).status_code == 204
    assert PageDayImpressions.objects.get(page_id=page.pk).count == 1
    assert targets._entries == {}  # no shared cache: targets are read afresh, never kept

    call_command("feedback_aggregate", stdout=io.StringIO())
    rollup = PageDayRollup.objects.get(page_id=page.pk)
    assert (rollup.responses, rollup.helpful_yes, rollup.helpful_no) == (2, 1, 1)

    client.force_login(make_comms_user("comms"))
    response = client.post(reverse("feedback_admin:export_start"), {"scope": "page", "page": page.pk})
    export = Export.objects.get()
    assert response["Location"] == reverse("feedback_admin:export_status", args=[export.pk])
    assert export.status == Export.Status.DONE  # written in the request, no worker needed
    download = client.get(reverse("feedback_admin:export_download", args=[export.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Sophämtningen saknas" in {cell for row in book.worksheets[1].values for cell in row}


def test_system_checks_name_what_is_missing(no_redis):
    ids = {message.id for message in checks.run_checks()}
    assert {"feedback.W030", "feedback.W031", "feedback.W032"} <= ids


def test_no_warning_when_everything_is_configured():
    ids = {message.id for message in checks.run_checks()}
    assert not ids & {"feedback.W031", "feedback.W032"}


def test_exports_go_to_a_private_folder_without_a_storage_setting(settings, tmp_path):
    from feedback.exporting.storage import export_storage

    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "feedback_exports"}
    settings.WAGTAIL_FEEDBACK_EXPORT_ROOT = str(tmp_path / "private")
    storage = export_storage()
    assert storage.location == str(tmp_path / "private")
    assert "feedback.W033" not in {message.id for message in checks.run_checks()}


def test_a_publicly_served_export_folder_is_warned_about(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media" / "exports")},
        },
    }
    assert "feedback.W033" in {message.id for message in checks.run_checks()}
