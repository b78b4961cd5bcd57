"""The trend export from the site report: pages per week as CSV or Excel."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback.models import AnswerRollup, PageDayImpressions
from tests.factories import make_content_page, make_form, make_page_rollup

pytestmark = pytest.mark.django_db

QUESTIONS = [{"key": "helpful", "type": "yes_no"}, {"key": "comment", "type": "long_text"}]


@pytest.fixture
def history(comms):
    form = make_form(QUESTIONS)
    page = make_content_page(title="=Öppettider")  # (a formula-looking title stays text)
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    for offset, (yes, no, comments, seen) in enumerate([(3, 1, 2, 100), (1, 1, 0, 50)]):
        day = monday + datetime.timedelta(days=offset)  # two days of last week
        make_page_rollup(page, day, form=form, helpful_yes=yes, helpful_no=no)
        AnswerRollup.objects.create(
            page_id=page.pk, language_code="sv", form_translation_key=form.translation_key, day=day,
            question_key="comment", value=AnswerRollup.ANSWERED, count=comments,
        )  # fmt: skip
        PageDayImpressions.objects.create(page_id=page.pk, day=day, count=seen)
    make_page_rollup(page, monday + datetime.timedelta(days=7), form=form, helpful_yes=2, helpful_no=0)
    return page, monday


def test_csv_has_one_row_per_page_and_week(client, history):
    page, monday = history
    response = client.get(reverse("feedback_admin:site_trend"), {"export": "csv", "period": "30"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Sida", "Sid-id", "Språk", "Vecka som börjar", "Svar", "Till hjälp", "Inte till hjälp",
        "Andel till hjälp", "Kommentarer", "Visningar av formuläret",
    ]  # fmt: skip
    assert rows[1][0] == "'=Öppettider"
    assert rows[1][2:] == ["Svenska", monday.isoformat(), "6", "4", "2", "0.6667", "2", "150"]
    assert rows[2][3:] == [(monday + datetime.timedelta(days=7)).isoformat(), "2", "2", "0", "1.0", "0", "0"]


def test_excel_and_the_link_from_the_site_report(client, history):
    page, monday = history
    report = client.get(reverse("feedback_admin:site_report"), {"period": "30"}).content.decode()
    assert 'data-feedback-trend="xlsx"' in report and "period=30&amp;export=xlsx" in report
    response = client.get(reverse("feedback_admin:site_trend"), {"export": "xlsx", "period": "30"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == "=Öppettider" and book.active.cell(2, 1).data_type == "s"
    assert len(rows) == 3


def test_without_an_export_format_it_goes_back_to_the_report(client, history):
    response = client.get(reverse("feedback_admin:site_trend"), {"period": "7"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback_admin:site_report") + "?period=7"
