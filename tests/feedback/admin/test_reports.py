"""The site-wide and per-page feedback reports, read from rollups."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import AnswerRollup, PageDayRollup
from tests.factories import (
    make_answer_rollup,
    make_content_page,
    make_form,
    make_home_page,
    make_page_rollup,
    make_response,
    make_user,
)

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "stars", "type": "rating"},
    {"key": "comment", "type": "long_text"},
]


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def table_cells(html: str) -> list[str]:
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)]


def report_rows(client, **params) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("feedback_admin:site_report"), params)
    assert response.status_code == 200
    return [row.title for row in response.context["object_list"]]


def test_site_report_least_helpful_first_with_change(client, comms):
    form = make_form(QUESTIONS)
    good = make_content_page(title="Good page")
    bad = make_content_page(title="Bad page")
    silent = make_content_page(title="No votes page")
    make_page_rollup(good, days_ago(1), form=form, helpful_yes=9, helpful_no=1)
    make_page_rollup(good, days_ago(40), form=form, helpful_yes=4, helpful_no=1)  # previous period
    make_page_rollup(bad, days_ago(2), form=form, helpful_yes=1, helpful_no=3)
    make_page_rollup(silent, days_ago(3), form=form, responses=2)
    make_page_rollup(bad, days_ago(200), form=form, helpful_yes=100)  # outside both periods

    response = client.get(reverse("feedback_admin:site_report"))
    rows = response.context["object_list"]
    assert [r.title for r in rows] == ["Bad page", "Good page", "No votes page"]
    bad_row, good_row, silent_row = rows
    assert (bad_row.responses, bad_row.helpful_display) == (4, "25 %")
    assert (good_row.responses, good_row.previous, good_row.change_display) == (10, 5, "+100 %")
    assert silent_row.helpful_share is None
    assert reverse("feedback_admin:page_report", args=[bad.pk]) in response.content.decode()


def test_site_report_filters(client, comms):
    form = make_form(QUESTIONS)
    other_form = make_form(QUESTIONS)
    section = make_content_page(title="Section")
    child = section.add_child(instance=type(section)(title="Child", slug="child", locale=section.locale))
    outside = make_content_page(title="Outside")
    nb_page = make_content_page("nb", title="Norsk side")
    make_page_rollup(child, days_ago(1), form=form, helpful_yes=1)
    make_page_rollup(outside, days_ago(1), form=other_form, helpful_yes=1)
    make_page_rollup(outside, days_ago(20), form=form, helpful_no=1)
    make_page_rollup(nb_page, days_ago(1), form=form, helpful_yes=1)

    assert set(report_rows(client)) == {"Child", "Outside", "Norsk side"}
    assert report_rows(client, section=section.pk) == ["Child"]
    assert report_rows(client, language="nb") == ["Norsk side"]
    assert set(report_rows(client, feedback_form=other_form.pk)) == {"Outside"}
    assert set(report_rows(client, period="7")) == {"Child", "Outside", "Norsk side"}
    outside_row = client.get(reverse("feedback_admin:site_report"), {"period": "7"}).context["object_list"]
    assert {r.title: r.responses for r in outside_row}["Outside"] == 1
    custom = {"period": "custom", "since": days_ago(25).isoformat(), "until": days_ago(15).isoformat()}
    assert report_rows(client, **custom) == ["Outside"]


def test_site_report_bad_filters_are_a_message_not_a_500(client, comms):
    make_page_rollup(make_content_page(title="P"), days_ago(1), form=make_form(QUESTIONS), helpful_yes=1)
    for params in (
        {"period": "custom", "since": days_ago(1).isoformat(), "until": days_ago(5).isoformat()},
        {"period": "custom"},
        {"period": "nonsense", "section": "abc", "since": "not a date"},
    ):
        response = client.get(reverse("feedback_admin:site_report"), params)
        assert response.status_code == 200
        assert response.context["filters"].errors
        assert [r.title for r in response.context["object_list"]] == ["P"]  # defaults apply


def test_merge_language_versions(client, comms):
    form = make_form(QUESTIONS)
    sv_page = make_content_page(title="Om oss")
    nb_page = sv_page.copy_for_translation(make_home_page("nb").locale)
    make_page_rollup(sv_page, days_ago(1), form=form, helpful_yes=2)
    make_page_rollup(nb_page, days_ago(1), language_code="nb", form=form, helpful_no=2)

    separate = client.get(reverse("feedback_admin:site_report")).context["object_list"]
    assert sorted(r.responses for r in separate) == [2, 2]
    merged = client.get(reverse("feedback_admin:site_report"), {"view": "merged"}).context["object_list"]
    assert [(r.responses, r.helpful_display) for r in merged] == [(4, "50 %")]
    assert "merge=1" in merged[0].report_url

    page_report = client.get(merged[0].report_url)
    assert page_report.context["totals"].responses == 4
    alone = client.get(reverse("feedback_admin:page_report", args=[sv_page.pk]))
    assert alone.context["totals"].responses == 2


def test_small_spreadsheet_export_of_the_listing(client, comms):
    make_page_rollup(make_content_page(title="=HYPERLINK(1)"), days_ago(1), form=make_form(QUESTIONS), helpful_yes=3)
    response = client.get(reverse("feedback_admin:site_report"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == "=HYPERLINK(1)" and rows[1][2] == 3
    assert sheet.cell(row=2, column=1).data_type == "s"  # a formula stays text


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example")', "\uff1dHYPERLINK(1)", "@SUM(1)", "#N/A"])
def test_spreadsheets_of_the_listing_never_hold_a_formula(client, comms, title):
    make_page_rollup(make_content_page(title=title), days_ago(1), form=make_form(QUESTIONS), helpful_yes=3)
    import csv

    csv_text = b"".join(client.get(reverse("feedback_admin:site_report"), {"export": "csv"}).streaming_content).decode()
    first_cell = list(csv.reader(io.StringIO(csv_text)))[1][0]
    assert first_cell == (title if title == "#N/A" else "'" + title)
    xlsx = client.get(reverse("feedback_admin:site_report"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == title
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_page_report_summaries_and_comments(client, comms):
    form = make_form(QUESTIONS)
    page = make_content_page(title="Kontakt")
    make_page_rollup(page, days_ago(1), form=form, helpful_yes=3, helpful_no=1)
    for value, count in (("*", 4), ("yes", 3), ("no", 1)):
        make_answer_rollup(page, form, days_ago(1), "helpful", value, count)
    for value, count in (("*", 2), ("5", 1), ("1", 1)):
        make_answer_rollup(page, form, days_ago(1), "stars", value, count)
    make_answer_rollup(page, form, days_ago(1), "comment", "*", 1)
    make_response(form, page, {"helpful": "no", "comment": "Telefonnumret saknas"}, submitted_at=timezone.now())
    make_response(
        form, page, {"helpful": "no", "comment": "Gammal"}, submitted_at=timezone.now() - datetime.timedelta(days=200)
    )

    response = client.get(reverse("feedback_admin:page_report", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["totals"].responses == 4
    assert response.context["helpful_display"] == "75 %"
    summaries = {
        item["summary"].question_key: item for block in response.context["summary_blocks"] for item in block["items"]
    }
    assert summaries["stars"]["summary"].metric("mean").display == "3,00"  # Swedish admin: decimal comma
    assert [r.count for r in summaries["helpful"]["summary"].rows] == [3, 1]
    assert "<svg" in html and "<title>" in html and 'role="img"' in html  # chart with a text alternative
    assert "Telefonnumret saknas" in html and "Gammal" not in html  # comments of the period only
    searched = client.get(reverse("feedback_admin:page_report", args=[page.pk]), {"q": "telefon", "status": "new"})
    assert [row.answer.text for row in searched.context["comment_rows"]] == ["Telefonnumret saknas"]
    none = client.get(reverse("feedback_admin:page_report", args=[page.pk]), {"q": "telefon", "status": "spam"})
    assert none.context["comment_rows"] == []


def test_page_report_bad_input(client, comms):
    page = make_content_page(title="P")
    url = reverse("feedback_admin:page_report", args=[page.pk])
    response = client.get(url, {"period": "custom", "since": "2025-05-01", "until": "2025-01-01", "p": "x"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_page_buttons_link_to_the_report(client, superuser):
    page = make_content_page(title="Knapp")
    url = reverse("feedback_admin:page_report", args=[page.pk])
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert url in client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()


def test_dashboard_panel_lists_least_helpful_pages(client, comms):
    form = make_form(QUESTIONS)
    bad = make_content_page(title="Sämst")
    few = make_content_page(title="Få svar")
    make_page_rollup(bad, days_ago(1), form=form, helpful_yes=1, helpful_no=9)
    make_page_rollup(few, days_ago(1), form=form, helpful_no=2)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sämst" in html and "Få svar" not in html
    assert reverse("feedback_admin:page_report", args=[bad.pk]) in html

    client.force_login(make_user("nobody"))
    assert "Sämst" not in client.get(reverse("wagtailadmin_home")).content.decode()


def seed_million(pages, form) -> int:  # type: ignore[no-untyped-def]
    """Rollups equal to 1,000,000 responses: 10 pages x 80 days x 1,250."""
    page_rows, answer_rows = [], []
    for page in pages:
        for n in range(80):
            day = days_ago(n)
            page_rows.append(
                PageDayRollup(
                    page_id=page.pk,
                    page_translation_key=page.translation_key,
                    language_code="sv",
                    form_translation_key=form.translation_key,
                    day=day,
                    responses=1250,
                    helpful_yes=1000,
                    helpful_no=250,
                )
            )
            common = {
                "page_id": page.pk,
                "language_code": "sv",
                "form_translation_key": form.translation_key,
                "day": day,
            }
            answer_rows += [
                AnswerRollup(question_key="helpful", value="*", count=1250, **common),
                AnswerRollup(question_key="helpful", value="yes", choice="yes", count=1000, **common),
                AnswerRollup(question_key="helpful", value="no", choice="no", count=250, **common),
                AnswerRollup(question_key="stars", value="*", count=500, **common),
                AnswerRollup(question_key="stars", value="4", number=4, count=500, **common),
                AnswerRollup(question_key="comment", value="*", count=100, **common),
            ]
    PageDayRollup.objects.bulk_create(page_rows, batch_size=1000)
    AnswerRollup.objects.bulk_create(answer_rows, batch_size=1000)
    return sum(r.responses for r in page_rows)


def answer_table_queries(queries) -> list[str]:  # type: ignore[no-untyped-def]
    return [q["sql"] for q in queries if 'FROM "feedback_answer"' in q["sql"] or 'JOIN "feedback_answer"' in q["sql"]]


def test_reports_with_a_million_responses_read_rollups_only(client, comms, django_assert_max_num_queries):
    form = make_form(QUESTIONS)
    pages = [make_content_page(title=f"Sida {i}") for i in range(10)]
    assert seed_million(pages, form) == 1_000_000

    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as site_queries:
        response = client.get(reverse("feedback_admin:site_report"), {"period": "90"})
    assert response.status_code == 200
    assert sum(r.responses for r in response.context["object_list"]) == 1_000_000
    assert answer_table_queries(site_queries.captured_queries) == []

    url = reverse("feedback_admin:page_report", args=[pages[0].pk])
    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as page_queries:
        response = client.get(url, {"period": "90"})
    assert response.status_code == 200
    assert response.context["totals"].responses == 100_000
    summaries = {
        i["summary"].question_key: i["summary"] for b in response.context["summary_blocks"] for i in b["items"]
    }
    assert summaries["helpful"].answered == 100_000 and summaries["stars"].metric("mean").display == "4,00"
    # Only the paginated comment list reads answers; no summary counts them.
    for sql in answer_table_queries(page_queries.captured_queries):
        assert "GROUP BY" not in sql.upper()


@pytest.mark.django_db
def test_default_period_is_not_shown_as_an_active_filter(admin_client):
    response = admin_client.get(reverse("feedback_admin:site_report"))
    assert response.status_code == 200
    assert response.context["view"].active_filters == []


@pytest.mark.parametrize("period", ["180", "abc"])
def test_an_unknown_period_in_the_address_shows_the_period_used(client, comms, period):
    page = make_content_page(title="Sida")
    for url in (reverse("feedback_admin:page_report", args=[page.pk]), reverse("feedback_admin:site_report")):
        response = client.get(url, {"period": period})
        assert response.status_code == 200
        html = response.content.decode()
        assert '<option value="30" selected>' in html  # the control says what the report covers
        assert "Välj ett giltigt alternativ" not in html


def test_a_reversed_range_is_an_error_and_keeps_the_other_choices(client, comms):
    page = make_content_page(title="Sida")
    response = client.get(
        reverse("feedback_admin:page_report", args=[page.pk]),
        {"period": "custom", "since": "2026-05-01", "until": "2026-04-01", "merge": "on", "language": "nb"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Startdatumet måste vara samma dag som eller före slutdatumet." in html
    assert response.context["merge"] is True  # the merge option is not dropped


def test_weekly_chart_spans_the_whole_period_with_gaps_for_silent_weeks(client, comms):
    form = make_form(QUESTIONS)
    page = make_content_page(title="Sida")
    make_page_rollup(page, days_ago(2), form=form, helpful_yes=1)
    make_page_rollup(page, days_ago(80), form=form, helpful_no=1)
    response = client.get(reverse("feedback_admin:page_report", args=[page.pk]), {"period": "90"})
    chart = str(response.context["weekly_chart"])
    assert chart.count("<rect") == 2  # two weeks with answers
    assert chart.count('text-anchor="middle"') >= 13  # every week of the 90 days has its label


def test_no_helpful_chart_for_forms_without_a_yes_no_question(client, comms):
    survey = make_form([{"key": "stars", "type": "rating"}])
    page = make_content_page(title="Enkät")
    make_page_rollup(page, days_ago(2), form=survey, responses=3)
    html = client.get(reverse("feedback_admin:page_report", args=[page.pk])).content.decode()
    assert "Andel till hjälp per vecka" not in html


def test_site_report_reversed_period_is_a_clear_error_and_keeps_the_other_filters(client, comms):
    form = make_form(QUESTIONS)
    sv_page = make_content_page(title="Om oss")
    nb_page = sv_page.copy_for_translation(make_home_page("nb").locale)
    make_page_rollup(sv_page, days_ago(1), form=form, helpful_yes=2)
    make_page_rollup(nb_page, days_ago(1), language_code="nb", form=form, helpful_no=2)
    make_page_rollup(make_content_page(title="Annan"), days_ago(2), form=make_form(QUESTIONS), helpful_no=1)
    params = {
        "period": "custom",
        "since": days_ago(1).isoformat(),
        "until": days_ago(9).isoformat(),
        "view": "merged",
        "feedback_form": form.pk,
    }
    response = client.get(reverse("feedback_admin:site_report"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Startdatumet måste vara samma dag som eller före slutdatumet." in html
    assert "behåller dina andra filter" in html
    # Merged and of the chosen form, over the default period until the dates are put right.
    assert [(r.title, r.responses) for r in response.context["object_list"]] == [("Om oss", 4)]
    assert response.context["view"].period.days == 30
    assert '<option value="custom" selected>' in html  # the user's choices stay in the controls


def test_site_report_counts_its_rows_as_pages(client, comms):
    form = make_form(QUESTIONS)
    for title in ("A", "B"):
        make_page_rollup(make_content_page(title=title), days_ago(1), form=form, helpful_yes=1)
    html = client.get(reverse("feedback_admin:site_report")).content.decode()
    assert "2 sidor" in html and "sammanställning" not in html


def test_average_is_rounded_in_the_admin_language(client, comms):
    form = make_form(QUESTIONS)
    page = make_content_page(title="Betyg")
    make_page_rollup(page, days_ago(1), form=form, helpful_yes=3)
    for value, count in (("*", 3), ("3", 2), ("2", 1)):  # 8 / 3 = 2.666…
        make_answer_rollup(page, form, days_ago(1), "stars", value, count)
    html = client.get(reverse("feedback_admin:page_report", args=[page.pk])).content.decode()
    assert "<strong>2,67</strong>" in html


def test_comment_tables_name_languages_in_the_admin_language(client, comms):
    form = make_form(QUESTIONS)
    page = make_content_page(title="Kontakt")
    make_page_rollup(page, days_ago(1), form=form, helpful_no=2)
    make_response(form, page, {"helpful": "no", "comment": "Hei"}, language_code="nb", submitted_at=timezone.now())
    make_response(form, page, {"helpful": "no", "comment": "Hej"}, language_code="da", submitted_at=timezone.now())
    html = client.get(reverse("feedback_admin:page_report", args=[page.pk])).content.decode()
    assert {"Norska (bokmål)", "Danska"} <= set(table_cells(html))
    assert "Bokmal" not in html
    found = client.get(reverse("feedback_admin:comment_search"), {"q": "Hei"}).content.decode()
    assert "Norska (bokmål)" in table_cells(found)


def test_language_filter_offers_the_content_languages_only(client, comms, settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [("sv", "Svenska"), ("en", "English")]
    report = client.get(reverse("feedback_admin:site_report")).content.decode()
    assert 'value="sv"' in report and 'value="en"' in report and 'value="de"' not in report


def test_language_filter_of_a_site_without_content_languages(client, comms, settings):
    """A site from ``wagtail start`` sets neither WAGTAIL_CONTENT_LANGUAGES nor
    LANGUAGES: its one language (LANGUAGE_CODE's), not Django's ~100."""
    from django.conf import global_settings

    del settings.WAGTAIL_CONTENT_LANGUAGES
    settings.LANGUAGES = global_settings.LANGUAGES
    settings.LANGUAGE_CODE = "sv"
    report = client.get(reverse("feedback_admin:site_report")).content.decode()
    assert 'value="sv"' in report and 'value="de"' not in report and 'value="nb"' not in report


def test_report_pages_have_a_title_and_breadcrumbs(client, comms):
    page = make_content_page(title="Kontakt")
    expected = {
        reverse("feedback_admin:site_report"): ("Återkoppling på sidor", ["Återkoppling på sidor"]),
        reverse("feedback_admin:page_report", args=[page.pk]): (
            "Återkoppling: Kontakt",
            ["Återkoppling på sidor", "Kontakt"],
        ),
        reverse("feedback_admin:comment_search"): ("Sök i kommentarer", ["Återkoppling på sidor", "Sök i kommentarer"]),
        reverse("feedback_admin:export_list"): ("Exporter av återkoppling", ["Exporter av återkoppling"]),
    }
    for url, (title, crumbs) in expected.items():
        response = client.get(url)
        assert f"<title>{title} - Wagtail</title>" in response.content.decode(), url
        assert [str(item["label"]) for item in response.context["breadcrumbs_items"][1:]] == crumbs, url
