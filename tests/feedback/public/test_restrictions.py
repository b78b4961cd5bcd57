"""Pages behind a view restriction take votes only from requests Wagtail
would let see the page."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from feedback.models import Response
from feedback.public.submission import make_token
from tests.factories import make_content_page, make_form, make_home_page, make_user

pytestmark = pytest.mark.django_db

SUBMIT = "/feedback/submit/"


@pytest.fixture
def restricted():
    make_home_page("sv")
    form = make_form([{"key": "helpful", "type": "yes_no", "required": True}])
    section = make_content_page(title="Intranät")
    page = section.add_child(instance=type(section)(title="Löner", slug="loner", locale=section.locale))
    page.body = [("feedback", {"form": form})]
    page.save_revision().publish()
    return section, page, form


def send(client, page, form):
    body = {"token": make_token(page.pk, form.pk), "answers": {"helpful": "yes"}}
    return client.post(SUBMIT, json.dumps(body), content_type="application/json")


def test_login_restriction_on_an_ancestor(client, restricted):
    section, page, form = restricted
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = send(client, page, form)
    assert response.status_code == 403
    assert not Response.objects.exists()
    client.force_login(make_user("anstalld"))
    assert send(client, page, form).status_code == 201


def test_group_restriction(client, restricted):
    _section, page, form = restricted
    staff = Group.objects.create(name="Personal")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(staff)
    user = make_user("besokare")
    client.force_login(user)
    assert send(client, page, form).status_code == 403
    user.groups.add(staff)
    assert send(client, page, form).status_code == 201


def test_password_restriction_needs_the_password_first(client, restricted):
    _section, page, form = restricted
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    assert send(client, page, form).status_code == 403
    # The visitor enters the password on Wagtail's form, as the page asks.
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    client.post(url, {"password": "hemligt", "return_url": "/"})
    assert send(client, page, form).status_code == 201
