"""Alerts: a page that gets worse raises one alert with its numbers; steady
pages, small numbers and recovered pages do not; the dry run stores nothing."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback.models import FeedbackAlert, Response
from feedback.workers.aggregation import catch_up
from feedback.workers.alerts import comment_spike, helpfulness_drop, poisson_upper_tail
from tests.factories import make_content_page, make_form, make_home_page, make_response

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def vote(form, page, day, helpful: bool, comment: str = "", hour: int = 12) -> Response:
    answers = {"helpful": "yes" if helpful else "no"}
    if comment:
        answers["comment"] = comment
    return make_response(form, page, answers, submitted_at=at(day, hour))


def history(form, page, days: int, per_day: int, yes_every: int, *, until: datetime.date, comments: int = 0) -> None:
    """``per_day`` votes a day for ``days`` days ending ``until``; one in ``yes_every`` is a "no"."""
    n = 0
    for offset in range(days):
        day = until - datetime.timedelta(days=offset)
        for i in range(per_day):
            n += 1
            vote(form, page, day, helpful=n % yes_every != 0, comment="Text" if i < comments else "", hour=8 + i)


@pytest.fixture
def form():
    return make_form([{"key": "helpful", "type": "yes_no", "required": True}, {"key": "comment", "type": "long_text"}])


@pytest.fixture
def pages():
    make_home_page("sv")
    return {name: make_content_page(title=name) for name in ("worse", "steady", "small")}


def seeded(form, pages) -> None:
    recent_end, baseline_end = TODAY, TODAY - datetime.timedelta(days=7)
    # Same volume on both pages: 2 votes a day for 8 weeks, 5 a day in the last week.
    history(form, pages["worse"], 56, 2, yes_every=8, until=baseline_end)  # 87.5 % yes before
    history(form, pages["worse"], 7, 5, yes_every=2, until=recent_end)  # ~50 % yes in the last week
    history(form, pages["steady"], 56, 2, yes_every=8, until=baseline_end)
    history(form, pages["steady"], 7, 5, yes_every=8, until=recent_end)
    # Ten votes, all "no": a lot worse, but too few to tell.
    history(form, pages["small"], 10, 1, yes_every=1, until=recent_end)
    catch_up(full=True)


def test_a_worsening_page_raises_exactly_one_drop_alert(form, pages):
    seeded(form, pages)
    out = StringIO()
    call_command("feedback_alerts", "--date", TODAY.isoformat(), stdout=out)
    alerts = list(FeedbackAlert.objects.all())
    assert [(a.kind, a.page_id, a.opened_on) for a in alerts] == [
        (FeedbackAlert.Kind.HELPFULNESS_DROP, pages["worse"].pk, TODAY)
    ]
    numbers = alerts[0].numbers
    assert (numbers["n_before"], numbers["n"]) == (112, 35)
    assert numbers["before"] == 0.875 and numbers["after"] < 0.6
    assert "1 opened" in out.getvalue()

    # Raised once: the next day's run refreshes it instead of opening another.
    call_command("feedback_alerts", "--date", (TODAY + datetime.timedelta(days=1)).isoformat(), stdout=StringIO())
    assert FeedbackAlert.objects.count() == 1
    assert FeedbackAlert.objects.get().last_seen_on == TODAY + datetime.timedelta(days=1)


def test_the_alert_closes_when_the_signal_ends(form, pages):
    seeded(form, pages)
    call_command("feedback_alerts", "--date", TODAY.isoformat(), stdout=StringIO())
    # Three weeks later the bad week is in the baseline and the last week is good again.
    later = TODAY + datetime.timedelta(days=21)
    history(form, pages["worse"], 14, 5, yes_every=8, until=later)
    catch_up(full=True)
    call_command("feedback_alerts", "--date", later.isoformat(), stdout=StringIO())
    alert = FeedbackAlert.objects.get()
    assert alert.closed_on == later and not alert.is_open


def test_dry_run_prints_the_numbers_and_stores_nothing(form, pages):
    seeded(form, pages)
    out = StringIO()
    call_command("feedback_alerts", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"page {pages['worse'].pk} helpfulness_drop before=0.875 after=")
    assert "n=35" in lines[0]
    assert not FeedbackAlert.objects.exists()


def test_a_comment_spike_raises_one_alert_and_spam_does_not_count(form, pages):
    page = pages["steady"]
    for week in range(8):  # one comment a week before
        vote(form, page, TODAY - datetime.timedelta(days=7 + 7 * week), helpful=True, comment="Bra")
    spam = [vote(form, page, TODAY, helpful=False, comment="Köp billigt") for _ in range(12)]
    Response.objects.filter(pk__in=[r.pk for r in spam]).update(status=Response.Status.SPAM)
    catch_up(full=True)
    call_command("feedback_alerts", "--date", TODAY.isoformat(), stdout=StringIO())
    assert not FeedbackAlert.objects.exists()

    for i in range(12):
        vote(form, page, TODAY - datetime.timedelta(days=i % 3), helpful=False, comment=f"Fel adress {i}")
    catch_up(full=True)
    call_command("feedback_alerts", "--date", TODAY.isoformat(), stdout=StringIO())
    alert = FeedbackAlert.objects.get()
    assert (alert.kind, alert.page_id, alert.numbers["n"], alert.numbers["n_before"]) == (
        FeedbackAlert.Kind.COMMENT_SPIKE,
        page.pk,
        12,
        8,
    )


def test_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("feedback_alerts", "--date", "30/11/2026")


@pytest.mark.parametrize(
    ("args", "raised"),
    [
        ((90, 100, 40, 100, 30), True),  # 90 % → 40 %
        ((90, 100, 85, 100, 30), False),  # within the noise
        ((90, 100, 0, 10, 30), False),  # too few votes lately
        ((40, 100, 90, 100, 30), False),  # better, not worse
    ],
)
def test_helpfulness_drop_statistics(args, raised):
    assert (helpfulness_drop(*args) is not None) is raised


def test_poisson_tail_and_spike_thresholds():
    assert poisson_upper_tail(0, 3.0) == 1.0
    assert poisson_upper_tail(10, 0.0) == 0.0
    # P(X >= 10 | mean 2) ≈ 4.65e-5
    assert abs(poisson_upper_tail(10, 2.0) - 4.65e-5) < 1e-6
    assert comment_spike(before=8, after=12, min_comments=10) is not None
    assert comment_spike(before=8, after=9, min_comments=10) is None  # too few
    assert comment_spike(before=90, after=14, min_comments=10) is None  # the usual rate


def test_open_alerts_show_on_the_page_report_and_the_dashboard(client, form, pages):
    from django.urls import reverse

    from tests.factories import make_comms_user

    seeded(form, pages)
    call_command("feedback_alerts", "--date", TODAY.isoformat(), stdout=StringIO())
    client.force_login(make_comms_user())
    # The admin speaks the site's language (Swedish) to a user without a preference.
    report = client.get(reverse("feedback_admin:page_report", args=[pages["worse"].pk]))
    steady = client.get(reverse("feedback_admin:page_report", args=[pages["steady"].pk]))
    dashboard = client.get(reverse("wagtailadmin_home"))
    html = report.content.decode()
    assert 'data-feedback-alert="helpfulness_drop"' in html
    assert "Andelen nöjda har sjunkit" in html and "88 %" in html
    assert "data-feedback-alert" not in steady.content.decode()
    assert "Andelen nöjda har sjunkit" in dashboard.content.decode()
