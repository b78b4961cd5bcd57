"""Export files: served as an attachment, expired by housekeeping."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from django.http import Http404
from django.utils import timezone as dj_timezone

from feedback.exporting.housekeeping import expire_exports
from feedback.exporting.records import request_export, run_export
from feedback.exporting.storage import export_file_response, export_storage
from feedback.models import Export
from tests.factories import make_response

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("export_root")]
UTC = timezone.utc


def test_finished_file_is_served_as_an_attachment_and_expires(survey):
    page, form = survey
    make_response(form, page, {"helpful": "yes"})
    export = request_export(None, scope="page", page=page)
    export = run_export(export.pk)

    today = dj_timezone.localdate()
    assert export.status == Export.Status.DONE and export.row_count == 1
    assert export.file_name == f"feedback-om-oss-{today:%Y-%m-%d}.xlsx"
    response = export_file_response(export)
    assert response["Content-Disposition"] == f'attachment; filename="{export.file_name}"'
    response.file_to_stream.close()  # response.close() would fire request_finished
    assert run_export(export.pk).file_path == export.file_path  # running again is harmless

    assert expire_exports(now=export.expires_at + timedelta(seconds=1)) == 1
    export.refresh_from_db()
    assert export.status == Export.Status.EXPIRED
    assert not export_storage().exists(f"{export.pk}/{export.file_name}")
    with pytest.raises(Http404):
        export_file_response(export)
