"""Exports: the workbook's exact contents, CSV, records, files and the registry."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone as dj_timezone
from openpyxl import load_workbook
from wagtail import hooks

from feedback.exporting import Exporter, InvalidExporter, UnknownExporter, registry
from feedback.exporting.housekeeping import expire_exports, sweep_stale_exports
from feedback.exporting.records import request_export, run_export
from feedback.exporting.rows import ExportData, ExportScope
from feedback.exporting.sanitize import continuation_marker
from feedback.exporting.storage import export_file_response, export_storage
from feedback.exporting.xlsx import XlsxExporter
from feedback.models import Export
from tests.factories import get_locale, make_form, make_page, make_response, make_user

pytestmark = pytest.mark.django_db
UTC = timezone.utc

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?", "required": True},
    {"key": "stars", "type": "rating", "label": "Betyg"},
    {
        "key": "topics",
        "type": "multiple_choice",
        "label": "Ämnen",
        "options": {"choices": [{"key": "a", "label": "Alfa"}, {"key": "b", "label": "Beta"}]},
    },
    {"key": "comment", "type": "long_text", "label": "Vad saknades?"},
]
HEADINGS = [
    "Submitted at",
    "Language",
    "Page title",
    "Page URL",
    "Hade du nytta av sidan?",
    "Betyg",
    "Ämnen: Alfa",
    "Ämnen: Beta",
    "Vad saknades?",
]


@pytest.fixture(autouse=True)
def export_root(tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }
    return tmp_path / "exports"


@pytest.fixture
def survey():
    form = make_form(QUESTIONS)
    page = make_page(title="Om oss", slug="om-oss")
    return page, form


def export_xlsx(page, tmp_path, *extra: str):
    output = tmp_path / "out.xlsx"
    call_command("export_feedback", "--page", str(page.pk), "--output", str(output), *extra, stdout=io.StringIO())
    return load_workbook(output)


def sheet_rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_workbook_has_exactly_the_expected_rows_and_columns(survey, tmp_path):
    page, form = survey
    first = datetime(2026, 5, 4, 8, 15, tzinfo=UTC)
    make_response(
        form, page, {"helpful": "yes", "stars": 5, "topics": ["a", "b"], "comment": "Tydlig"}, submitted_at=first
    )
    make_response(form, page, {"helpful": "no"}, submitted_at=first + timedelta(hours=1))
    make_response(form, page, {"helpful": "no", "comment": "köp!"}, status="spam", submitted_at=first)

    wb = export_xlsx(page, tmp_path)

    assert wb.sheetnames == ["Summary", "Responses", "Comments"]
    rows = sheet_rows(wb["Responses"])
    assert rows == [
        HEADINGS,
        [datetime(2026, 5, 4, 10, 15), "sv", "Om oss", "/om-oss/", "Yes", 5, 1, 1, "Tydlig"],
        [datetime(2026, 5, 4, 11, 15), "sv", "Om oss", "/om-oss/", "No", None, None, None, None],
    ]
    assert sheet_rows(wb["Comments"]) == [
        ["Submitted at", "Language", "Page title", "Page URL", "Question", "Comment"],
        [datetime(2026, 5, 4, 10, 15), "sv", "Om oss", "/om-oss/", "Vad saknades?", "Tydlig"],
    ]
    summary = {row[0]: row[1] for row in sheet_rows(wb["Summary"]) if row and row[0]}
    assert summary["Responses"] == 2
    assert summary["Helpful share"] == 50.0
    assert wb["Summary"]._charts, "a native chart of the answers"
    assert wb["Responses"].freeze_panes == "A2"
    assert wb["Responses"].auto_filter.ref == "A1:I1"


def test_formula_looking_comments_stay_text_exactly_as_typed(survey, tmp_path):
    page, form = survey
    typed = ['=HYPERLINK("http://evil.example","klick")', "+1-2", "@SUM(A1)", "-5", "#N/A", "rad\x0bbrytning"]
    for text in typed:
        make_response(form, page, {"helpful": "no", "comment": text})

    wb = export_xlsx(page, tmp_path)

    cells = [row[8] for row in wb["Responses"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(t.replace("\x0b", "\ufffd"), "s") for t in typed]
    comments = [row[5] for row in wb["Comments"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in comments] == [(t.replace("\x0b", "\ufffd"), "s") for t in typed]


def test_a_comment_longer_than_a_cell_continues_in_the_next_column(survey, tmp_path):
    page, form = survey
    text = "x" * 40_000
    make_response(form, page, {"comment": text})

    wb = export_xlsx(page, tmp_path)

    row = sheet_rows(wb["Comments"])[1]
    marker = " " + continuation_marker()
    assert row[5].endswith(marker)
    assert row[5].removesuffix(marker) + row[6] == text
    assert wb["Responses"]["I2"].value.endswith(marker)


def test_csv_is_utf8_with_bom_and_neutralises_formulas(survey, tmp_path):
    page, form = survey
    make_response(form, page, {"helpful": "yes", "comment": "=cmd|' /C calc'!A0"})
    make_response(form, page, {"helpful": "no", "comment": 'Åsa; "citat"'})
    output = tmp_path / "out.csv"

    call_command("export_feedback", "--page", str(page.pk), "--format", "csv_semicolon", "--output", str(output))

    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADINGS
    assert [r[4:] for r in rows[1:]] == [
        ["Yes", "", "", "", "'=cmd|' /C calc'!A0"],
        ["No", "", "", "", 'Åsa; "citat"'],
    ]


def test_page_export_can_include_the_page_translations(survey, tmp_path):
    page, form = survey
    page_nb = page.copy_for_translation(get_locale("nb"), copy_parents=True)
    form_nb = make_form(QUESTIONS, language="nb", translation_key=form.translation_key, title="Skjema")
    form_nb.questions.filter(key="helpful").update(label="Var siden nyttig?")
    make_response(form, page, {"helpful": "yes"})
    make_response(form_nb, page_nb, {"helpful": "no"})

    only_page = sheet_rows(export_xlsx(page, tmp_path)["Responses"])
    both = sheet_rows(export_xlsx(page, tmp_path, "--include-translations")["Responses"])

    assert [r[1] for r in only_page[1:]] == ["sv"]
    assert sorted(r[1] for r in both[1:]) == ["nb", "sv"]
    # One column per question key, labelled in the page's language.
    assert both[0] == HEADINGS


def test_date_range_is_in_local_days(survey, tmp_path):
    page, form = survey
    # 22:30 UTC on 9 June is already 10 June in Stockholm.
    make_response(form, page, {"helpful": "yes"}, submitted_at=datetime(2026, 6, 9, 22, 30, tzinfo=UTC))
    make_response(form, page, {"helpful": "no"}, submitted_at=datetime(2026, 6, 11, 12, tzinfo=UTC))

    rows = sheet_rows(export_xlsx(page, tmp_path, "--since", "2026-06-10", "--until", "2026-06-10")["Responses"])

    assert [r[0] for r in rows[1:]] == [datetime(2026, 6, 10, 0, 30)]


def test_more_rows_than_a_sheet_holds_continue_on_another_sheet(survey, tmp_path, monkeypatch):
    page, form = survey
    for _ in range(5):
        make_response(form, page, {"helpful": "yes"})
    monkeypatch.setattr(XlsxExporter, "max_sheet_rows", 2)

    wb = export_xlsx(page, tmp_path)

    assert wb.sheetnames == ["Summary", "Responses", "Comments", "Responses (2)", "Responses (3)"]
    counts = [len(sheet_rows(wb[name])) - 1 for name in ("Responses", "Responses (2)", "Responses (3)")]
    assert counts == [2, 2, 1]
    assert sheet_rows(wb["Responses (3)"])[0] == HEADINGS


def test_answers_are_loaded_once_per_chunk_not_per_row(survey, django_assert_max_num_queries):
    page, form = survey
    for index in range(30):
        make_response(form, page, {"helpful": "yes", "comment": f"c{index}"})
    data = ExportData(ExportScope(scope="page", page_id=page.pk, include_translations=False), chunk_size=10)
    assert len(data.columns) == 4  # questions are read once, up front

    # The last id, then per chunk of 10 one page of responses and one of their
    # answers, and one more page that comes back empty: never one per row.
    with django_assert_max_num_queries(1 + 3 * 2 + 1):
        rows = list(data.rows())

    assert len(rows) == 30


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


def test_registry_validates_exporters_and_names_unknown_ones():
    class Nameless(Exporter):
        verbose_name = "Nameless"
        extension = "x"

    with pytest.raises(InvalidExporter):
        registry.register(Nameless)
    with pytest.raises(InvalidExporter):
        registry.register(int)  # type: ignore[arg-type]
    with pytest.raises(UnknownExporter):
        registry.get("pdf")
    assert {"xlsx", "csv", "csv_semicolon"} <= {name for name, _label in registry.choices()}


@pytest.mark.django_db
def test_summary_counted_while_streaming_equals_the_database_count():
    from feedback.exporting.rows import ExportData, ExportScope
    from feedback.reporting.summaries import summaries_from_answers
    from tests.factories import make_content_page, make_form, make_response

    form = make_form(
        [
            {"key": "helpful", "type": "yes_no", "label": "Nytta?"},
            {
                "key": "topics",
                "type": "multiple_choice",
                "label": "Ämnen",
                "options": {"choices": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]},
            },
            {"key": "stars", "type": "rating", "label": "Betyg"},
            {"key": "comment", "type": "long_text", "label": "Kommentar"},
        ]
    )
    page = make_content_page(feedback_forms=[form])
    answers = [
        {"helpful": "yes", "topics": ["a", "b"], "stars": 5, "comment": "Bra"},
        {"helpful": "no", "topics": ["b"], "stars": 2},
        {"helpful": "no", "comment": "Saknar telefonnummer"},
        {"topics": ["a"], "stars": 4},
    ]
    for answer in answers:
        make_response(form, page, answer)

    data = ExportData(ExportScope(scope="page", page_id=page.pk, include_translations=False), chunk_size=3)
    assert not data.streamed
    assert len(list(data.rows())) == 4 and data.streamed
    streamed = data.summaries()
    counted = summaries_from_answers(data.questions, data.answers())
    assert [
        (s.question_key, s.answered, [(r.key, r.count) for r in s.rows], [m.value for m in s.metrics]) for s in streamed
    ] == [
        (s.question_key, s.answered, [(r.key, r.count) for r in s.rows], [m.value for m in s.metrics]) for s in counted
    ]
    assert data.streamed_count == 4 and dict(data.counts_by_language_streamed()) == {"sv": 4}


def test_summary_names_languages_and_formats_numbers_in_the_export_language(survey, tmp_path):
    from django.utils import translation

    from feedback.exporting.xlsx import XlsxExporter

    page, form = survey
    make_response(form, page, {"helpful": "yes"}, language_code="da")
    data = ExportData(ExportScope(scope="page", page_id=page.pk, include_translations=False))
    with translation.override("sv"):
        XlsxExporter().write(data, tmp_path / "out.xlsx", lambda rows: None)
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Svar på danska" in values
    assert "Svar på da" not in values


def test_summary_names_norwegian_bokmal_in_the_export_language(survey, tmp_path):
    # Django's own language info spells it "Norwegian Bokmal", which no catalogue translates.
    from django.utils import translation

    from feedback.exporting.xlsx import XlsxExporter

    page, form = survey
    make_response(form, page, {"helpful": "yes"}, language_code="nb")
    data = ExportData(ExportScope(scope="page", page_id=page.pk, include_translations=False))
    with translation.override("sv"):
        XlsxExporter().write(data, tmp_path / "out.xlsx", lambda rows: None)
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    labels = [row[0] for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], str)]
    assert "Svar på norska (bokmål)" in labels
    assert not any("bokmal" in label.lower() for label in labels)
