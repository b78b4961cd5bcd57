"""The weekly digest and alert e-mails: followers of a section get last
week's pages with the most "no" answers first, in their admin language."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from feedback.models import FeedbackSubscription
from feedback.workers.aggregation import catch_up
from tests.factories import make_comms_user, make_content_page, make_form, make_home_page, make_response

pytestmark = pytest.mark.django_db


def votes(form, page, day: datetime.date, yes: int, no: int, comments: int = 0) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    for i in range(yes + no):
        answers = {"helpful": "yes" if i < yes else "no"}
        if i < comments:
            answers["comment"] = "Svårt att hitta telefonnumret"
        make_response(form, page, answers, submitted_at=moment)


@pytest.fixture
def world(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAGTAIL_FEEDBACK_DIGEST_PAGE_OWNERS = False
    make_home_page("sv")
    section = make_content_page(title="Omsorg")
    worse = section.add_child(instance=type(section)(title="Hemtjänst", slug="hemtjanst", locale=section.locale))
    steady = section.add_child(instance=type(section)(title="Färdtjänst", slug="fardtjanst", locale=section.locale))
    elsewhere = make_content_page(title="Parkering")
    form = make_form([{"key": "helpful", "type": "yes_no"}, {"key": "comment", "type": "long_text"}])
    last_week = timezone.localdate() - datetime.timedelta(days=3)
    week_before = last_week - datetime.timedelta(days=7)
    votes(form, worse, week_before, yes=10, no=1)
    votes(form, worse, last_week, yes=2, no=10, comments=3)
    votes(form, steady, week_before, yes=10, no=1)
    votes(form, steady, last_week, yes=10, no=2)
    votes(form, elsewhere, last_week, yes=0, no=20)
    catch_up(full=True)
    user = make_comms_user("kommunikator")
    user.email = "kommunikator@example.se"
    user.save()
    return {"section": section, "worse": worse, "steady": steady, "elsewhere": elsewhere, "user": user}


def follow(client, user, page) -> None:
    client.force_login(user)
    response = client.post(reverse("feedback_admin:page_follow", args=[page.pk]), {"follow": "1"})
    assert response.status_code == 302
    assert FeedbackSubscription.objects.filter(user=user, page=page).exists()


def test_digest_lists_the_worsening_page_first_in_swedish(client, world):
    follow(client, world["user"], world["section"])
    call_command("feedback_digest", stdout=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kommunikator@example.se"]
    assert "Återkoppling på sidor" in message.subject
    body = message.body
    most_no = body.split("Flest ”nej”-svar")[1]
    assert most_no.index("Hemtjänst") < most_no.index("Färdtjänst")
    assert "Parkering" not in body  # not in the followed section
    assert "91 % → 17 %" in body  # the biggest change, against the week before
    assert "3 nya kommentarer." in body
    assert reverse("feedback_admin:page_report", args=[world["worse"].pk]) in body


def test_digest_follows_the_user_admin_language(client, world):
    profile = UserProfile.get_for_user(world["user"])
    profile.preferred_language = "nb"
    profile.save()
    follow(client, world["user"], world["section"])
    call_command("feedback_digest", stdout=StringIO())
    assert "Flest «nei»-svar" in mail.outbox[0].body


def test_dry_run_prints_and_sends_nothing(client, world):
    follow(client, world["user"], world["section"])
    out = StringIO()
    call_command("feedback_digest", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "To: kommunikator@example.se" in out.getvalue() and "Hemtjänst" in out.getvalue()


def test_unfollowing_stops_the_digest_and_owners_follow_their_pages(client, world, settings):
    follow(client, world["user"], world["section"])
    client.post(reverse("feedback_admin:page_follow", args=[world["section"].pk]), {"follow": "0"})
    call_command("feedback_digest", stdout=StringIO())
    assert mail.outbox == []
    settings.WAGTAIL_FEEDBACK_DIGEST_PAGE_OWNERS = True
    type(world["elsewhere"]).objects.filter(pk=world["elsewhere"].pk).update(owner=world["user"])
    call_command("feedback_digest", stdout=StringIO())
    assert len(mail.outbox) == 1 and "Parkering" in mail.outbox[0].body and "Hemtjänst" not in mail.outbox[0].body


def test_following_needs_sight_of_the_page_feedback(client, world):
    from tests.factories import make_user

    client.force_login(make_user("utomstaende"))
    response = client.post(reverse("feedback_admin:page_follow", args=[world["section"].pk]), {"follow": "1"})
    assert response.status_code in (302, 403, 404)
    assert not FeedbackSubscription.objects.exists()


def test_a_new_alert_is_mailed_to_the_followers(client, world, settings, django_capture_on_commit_callbacks):
    settings.WAGTAIL_FEEDBACK_ALERT_MIN_VOTES = 10
    follow(client, world["user"], world["section"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("feedback_alerts", stdout=StringIO())
    alert_mails = [m for m in mail.outbox if "Hemtjänst" in m.subject]
    assert len(alert_mails) == 1
    assert alert_mails[0].subject.startswith("Andelen nöjda har sjunkit")
