"""Requesting and running exports: one per set of parameters, bad requests
refused with a message, a failure leaves no file and can be retried."""

from __future__ import annotations

from datetime import date, timezone

import pytest
from django.core.exceptions import ValidationError
from wagtail import hooks

from feedback.exporting import Exporter, registry
from feedback.exporting.housekeeping import sweep_stale_exports
from feedback.exporting.records import request_export, run_export
from feedback.models import Export
from tests.factories import make_response, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("export_root")]
UTC = timezone.utc


def test_request_export_returns_the_active_one_with_the_same_parameters(survey):
    page, _form = survey
    user = make_user()
    first = request_export(user, scope="page", page=page, since=date(2026, 1, 1))
    assert request_export(user, scope="page", page=page, since=date(2026, 1, 1)) == first
    assert request_export(make_user(), scope="page", page=page, since=date(2026, 1, 1)) != first
    assert request_export(user, scope="page", page=page, since=date(2026, 2, 1)) != first
    assert request_export(user, scope="page", page=page, format="csv") != first


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"scope": "page"}, "Choose a page"),
        ({"scope": "form"}, "Choose a form"),
        ({"scope": "galaxy"}, "Unknown export scope"),
        ({"scope": "site", "since": date(2026, 2, 1), "until": date(2026, 1, 1)}, "start date"),
        ({"scope": "site", "format": "pdf"}, "Unknown export format"),
    ],
)
def test_bad_export_requests_are_refused_with_a_message(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        request_export(None, **kwargs)
    assert not Export.objects.exists()


def test_a_failing_export_leaves_no_file_and_can_be_retried(survey, export_root):
    page, form = survey
    make_response(form, page, {"helpful": "yes"})

    class Broken(Exporter):
        name = "broken"
        verbose_name = "Broken"
        extension = "txt"

        def write(self, data, path, progress):
            path.write_text("half a file")
            raise RuntimeError("disk on fire")

    with hooks.register_temporarily("register_feedback_exporters", lambda r: r.register(Broken)):
        registry.reset()
        export = request_export(None, scope="page", page=page, format="broken")
        with pytest.raises(RuntimeError):
            run_export(export.pk)
    registry.reset()

    assert [p for p in export_root.rglob("*") if p.is_file()] == []
    # Without a job (as in the CLI) the caller records the failure; the sweep leaves
    # such exports alone. Running it again with a working exporter succeeds.
    assert sweep_stale_exports() == 0
    Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED, format="xlsx")
    assert run_export(export.pk).status == Export.Status.DONE
