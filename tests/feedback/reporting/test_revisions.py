"""The effect of an edit: before/after windows around a publication."""

from __future__ import annotations

import datetime

import pytest

from feedback.reporting.revisions import compare, published_edits, wilson_interval
from tests.factories import make_content_page, make_form, make_home_page, make_page_rollup, make_publication, make_user

pytestmark = pytest.mark.django_db

EDIT_DAY = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 15)


@pytest.fixture
def page_and_form():
    make_home_page("sv")
    page = make_content_page(title="Bostadsanpassning")
    form = make_form([{"key": "helpful", "type": "yes_no"}])
    editor = make_user("redaktor", first_name="Eva", last_name="Ek", is_superuser=True)
    make_publication(page, EDIT_DAY, editor, title="Bostadsanpassning – ny text")
    return page, form


def daily(page, form, first: datetime.date, days: int, yes: int, no: int) -> None:
    for offset in range(days):
        make_page_rollup(page, first + datetime.timedelta(days=offset), form=form, helpful_yes=yes, helpful_no=no)


def test_a_known_drop_at_the_edit_is_found(page_and_form):
    page, form = page_and_form
    daily(page, form, EDIT_DAY - datetime.timedelta(days=40), 40, yes=4, no=1)  # 80 % before
    daily(page, form, EDIT_DAY, 40, yes=2, no=3)  # 40 % from the edit on
    [edit] = published_edits(page)
    assert edit.day == EDIT_DAY and edit.user == "Eva Ek"
    result = compare([page.pk], edit, today=TODAY)
    assert (result.before.start, result.before.end) == (
        EDIT_DAY - datetime.timedelta(days=28),
        EDIT_DAY - datetime.timedelta(days=1),
    )
    assert (result.after.start, result.after.end) == (EDIT_DAY, EDIT_DAY + datetime.timedelta(days=27))
    assert (result.before.yes, result.before.no, result.after.yes, result.after.no) == (112, 28, 56, 84)
    assert result.before.helpful_share == 0.8 and result.after.helpful_share == 0.4
    assert result.before.votes_per_day == result.after.votes_per_day == 5
    assert result.verdict == "worse"


def test_equal_windows_when_the_edit_is_recent_and_too_little_data_is_said(page_and_form):
    page, form = page_and_form
    daily(page, form, EDIT_DAY - datetime.timedelta(days=30), 30, yes=1, no=0)
    daily(page, form, EDIT_DAY, 5, yes=0, no=1)
    [edit] = published_edits(page)
    result = compare([page.pk], edit, today=EDIT_DAY + datetime.timedelta(days=4))
    assert result.after.days == result.before.days == 5
    assert result.after.votes == 5
    assert result.verdict == "too_little_data"


def test_wilson_interval_matches_the_textbook():
    low, high = wilson_interval(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943
    assert wilson_interval(0, 0) is None


def test_the_page_report_marks_the_publication_and_compares_when_chosen(client, page_and_form):
    from django.urls import reverse

    from tests.factories import make_comms_user

    page, form = page_and_form
    daily(page, form, EDIT_DAY - datetime.timedelta(days=40), 40, yes=4, no=1)
    daily(page, form, EDIT_DAY, 40, yes=2, no=3)
    client.force_login(make_comms_user("comms"))
    url = reverse("feedback_admin:page_report", args=[page.pk])
    params = {"period": "custom", "since": "2026-08-20", "until": "2026-11-09"}
    html = client.get(url, params).content.decode()
    [edit] = published_edits(page)
    # A dashed marker in the chart and a line in the list, both selecting the publication.
    assert html.count(f"edit={edit.log_entry_id}") == 2
    assert 'class="feedback-chart__marker"' in html
    assert "Eva Ek" in html and "Publiceringar under perioden" in html

    chosen = client.get(url, {**params, "edit": edit.log_entry_id}).content.decode()
    assert 'data-feedback-comparison="worse"' in chosen
    assert "Färre besökare tyckte att sidan var till hjälp efter ändringen" in chosen
    assert "80 %" in chosen and "40 %" in chosen


def test_the_page_export_holds_the_comparison_as_a_sheet(page_and_form, tmp_path):
    import io

    from django.core.management import call_command
    from django.utils import translation
    from openpyxl import load_workbook

    page, form = page_and_form
    daily(page, form, EDIT_DAY - datetime.timedelta(days=40), 40, yes=4, no=1)
    daily(page, form, EDIT_DAY, 40, yes=2, no=3)
    output = tmp_path / "out.xlsx"
    with translation.override("sv"):
        call_command(
            "export_feedback", "--page", str(page.pk), "--since", "2026-08-01", "--until", "2026-12-01",
            "--output", str(output), stdout=io.StringIO(),
        )  # fmt: skip
    book = load_workbook(output)
    assert book.sheetnames[-1] == "Ändringar"
    heading, row = list(book["Ändringar"].iter_rows(values_only=True))
    assert heading[:4] == ("Publicerad", "Publicerad av", "Sidans titel", "Före: från")
    assert row[1:3] == ("Eva Ek", "Bostadsanpassning – ny text")
    before, after = row[3:10], row[10:17]
    assert (before[2], before[3]) == (140, 80.0) and (after[2], after[3]) == (140, 40.0)
    assert before[4] < before[3] < before[5]  # the interval around the share
    assert row[-1].startswith("Färre besökare")
