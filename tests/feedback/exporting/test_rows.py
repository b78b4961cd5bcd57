"""The rows in an export's scope: translations, local days, queries per chunk,
counts taken while streaming."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from feedback.exporting.rows import ExportData, ExportScope
from feedback.reporting.summaries import summaries_from_answers
from tests.factories import get_locale, make_form, make_response
from tests.feedback.exporting.survey import HEADINGS, QUESTIONS, export_xlsx, sheet_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("export_root")]
UTC = timezone.utc


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


@pytest.mark.django_db
def test_summary_counted_while_streaming_equals_the_database_count(survey):
    page, form = survey
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
