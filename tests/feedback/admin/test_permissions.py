"""The permission matrix: every report, export, status, download and moderation
URL for every kind of user, including requests crafted for objects they may
not see (403/404 and nothing changed)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from feedback.admin.permissions import (
    pages_user_can_view_feedback,
    user_can_erase,
    user_can_export,
    user_can_moderate,
    user_can_view_page_feedback,
)
from feedback.models import Answer, Export, Response
from tests.factories import (
    make_comms_user,
    make_content_page,
    make_editor,
    make_export,
    make_form,
    make_home_page,
    make_page_rollup,
    make_response,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_admin", "other_editor", "page_editor", "comms", "superuser"]


@dataclass
class World:
    page: Any
    other_section: Any
    form: Any
    response: Any
    users: dict[str, Any]
    exports: dict[str, Export]
    foreign_export: Export


@pytest.fixture
def world(export_storage) -> World:
    make_home_page("sv")
    section_a = make_content_page(title="Section A")
    page = section_a.add_child(instance=type(section_a)(title="Target", slug="target", locale=section_a.locale))
    other_section = make_content_page(title="Section B")
    form = make_form(
        [
            {"key": "helpful", "type": "yes_no", "required": True},
            {"key": "comment", "type": "long_text"},
        ]
    )
    response = make_response(form, page, {"helpful": "no", "comment": "Hemlig kommentar"})
    make_page_rollup(page, timezone.localdate(), form=form, helpful_no=1, responses=1)
    superuser = make_user("boss", is_superuser=True, is_staff=True)
    users = {
        "anonymous": None,
        "no_admin": make_user("visitor"),
        "other_editor": make_editor(other_section, "other_editor"),
        "page_editor": make_editor(section_a, "page_editor"),
        "comms": make_comms_user("comms"),
        "superuser": superuser,
    }
    exports = {}
    for role, user in users.items():
        owner = user or superuser
        export = make_export(
            owner,
            page=page,
            file_path=f"{role}.xlsx",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        export_storage.save(f"{role}.xlsx", ContentFile(b"PK fake workbook"))
        exports[role] = export
    foreign = make_export(superuser, page=page, file_path="foreign.xlsx")
    export_storage.save("foreign.xlsx", ContentFile(b"PK"))
    return World(page, other_section, form, response, users, exports, foreign)


def snapshot() -> tuple:
    return (
        list(Response.objects.order_by("pk").values_list("pk", "status", "status_changed_by_id")),
        Answer.objects.count(),
        list(Export.objects.order_by("pk").values_list("pk", "status", "job_id", "error")),
    )


def request(client, world: World, role: str, name: str):  # type: ignore[no-untyped-def]
    page, response, export = world.page, world.response, world.exports[role]
    if name == "site_report":
        return client.get(reverse("feedback_admin:site_report"))
    if name == "site_report_results":
        return client.get(reverse("feedback_admin:site_report_results"))
    if name == "site_report_xlsx":
        return client.get(reverse("feedback_admin:site_report") + "?export=xlsx")
    if name == "page_report":
        return client.get(reverse("feedback_admin:page_report", args=[page.pk]))
    if name == "comment_search":
        return client.get(reverse("feedback_admin:comment_search") + "?q=Hemlig")
    if name == "export_list":
        return client.get(reverse("feedback_admin:export_list"))
    if name == "export_start_page":
        return client.post(reverse("feedback_admin:export_start"), {"scope": "page", "page": page.pk})
    if name == "export_start_site":
        return client.post(reverse("feedback_admin:export_start"), {"scope": "site"})
    if name == "export_status":
        return client.get(reverse("feedback_admin:export_status", args=[export.pk]))
    if name == "export_status_json":
        return client.get(reverse("feedback_admin:export_status_json", args=[export.pk]))
    if name == "export_download":
        return client.get(reverse("feedback_admin:export_download", args=[export.pk]))
    if name == "export_retry":
        return client.post(reverse("feedback_admin:export_retry", args=[export.pk]))
    if name == "foreign_export_status":
        return client.get(reverse("feedback_admin:export_status", args=[world.foreign_export.pk]))
    if name == "foreign_export_download":
        return client.get(reverse("feedback_admin:export_download", args=[world.foreign_export.pk]))
    if name == "response_status":
        return client.post(reverse("feedback_admin:response_status", args=[response.pk]), {"status": "spam"})
    if name == "response_delete_confirm":
        return client.get(reverse("feedback_admin:response_delete", args=[response.pk]))
    if name == "response_delete":
        return client.post(reverse("feedback_admin:response_delete", args=[response.pk]))
    raise AssertionError(name)


# Expected status per URL and role. 302 for anonymous and users without admin
# access is Wagtail's redirect to the login page.
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
EXPECTED: dict[str, dict[str, int]] = {
    "site_report": {"other_editor": OK, "page_editor": OK, "comms": OK, "superuser": OK},
    "site_report_results": {"other_editor": OK, "page_editor": OK, "comms": OK, "superuser": OK},
    "site_report_xlsx": {"other_editor": OK, "page_editor": OK, "comms": OK, "superuser": OK},
    "page_report": {"other_editor": NOT_FOUND, "page_editor": OK, "comms": OK, "superuser": OK},
    "comment_search": {"other_editor": OK, "page_editor": OK, "comms": OK, "superuser": OK},
    "export_list": {"other_editor": OK, "page_editor": OK, "comms": OK, "superuser": OK},
    "export_start_page": {"other_editor": NOT_FOUND, "page_editor": REDIRECT, "comms": REDIRECT, "superuser": REDIRECT},
    "export_start_site": {
        "other_editor": FORBIDDEN,
        "page_editor": FORBIDDEN,
        "comms": REDIRECT,
        "superuser": REDIRECT,
    },
    "export_status": {"other_editor": NOT_FOUND, "page_editor": OK, "comms": OK, "superuser": OK},
    "export_status_json": {"other_editor": NOT_FOUND, "page_editor": OK, "comms": OK, "superuser": OK},
    "export_download": {"other_editor": NOT_FOUND, "page_editor": OK, "comms": OK, "superuser": OK},
    "export_retry": {"other_editor": NOT_FOUND, "page_editor": REDIRECT, "comms": REDIRECT, "superuser": REDIRECT},
    "foreign_export_status": {"other_editor": NOT_FOUND, "page_editor": NOT_FOUND, "comms": NOT_FOUND, "superuser": OK},
    "foreign_export_download": {
        "other_editor": NOT_FOUND,
        "page_editor": NOT_FOUND,
        "comms": NOT_FOUND,
        "superuser": OK,
    },
    # Moderation and erasure belong to Communications staff; editing the page is not enough.
    "response_status": {"other_editor": NOT_FOUND, "page_editor": FORBIDDEN, "comms": REDIRECT, "superuser": REDIRECT},
    "response_delete_confirm": {"other_editor": NOT_FOUND, "page_editor": FORBIDDEN, "comms": OK, "superuser": OK},
    "response_delete": {"other_editor": NOT_FOUND, "page_editor": FORBIDDEN, "comms": REDIRECT, "superuser": REDIRECT},
}
CHANGES_DB = {"export_start_page", "export_start_site", "response_status", "response_delete"}


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, name):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = request(client, world, role, name)

    if role in ("anonymous", "no_admin"):
        assert response.status_code == REDIRECT
        assert reverse("wagtailadmin_login") in response["Location"]
        assert snapshot() == before
        return
    expected = EXPECTED[name][role]
    assert response.status_code == expected, (role, name, response.status_code)
    if expected == FORBIDDEN:  # a page saying so, not Wagtail's redirect to the dashboard
        assert "feedback/admin/forbidden.html" in [t.name for t in response.templates]
    if expected in (FORBIDDEN, NOT_FOUND) or name not in CHANGES_DB:
        assert snapshot() == before
    else:
        assert snapshot() != before
    if name == "export_download" and expected == OK:
        assert b"".join(response.streaming_content) == b"PK fake workbook"
    if name == "export_start_page" and expected == REDIRECT:
        export = Export.objects.order_by("-pk").first()
        assert response["Location"] == reverse("feedback_admin:export_status", args=[export.pk])
        assert export.requested_by == user and export.page_id == world.page.pk


def test_report_lists_only_visible_pages(client, world):
    other_page = world.other_section
    make_page_rollup(other_page, timezone.localdate(), form=world.form, helpful_yes=3)
    client.force_login(world.users["other_editor"])
    html = client.get(reverse("feedback_admin:site_report")).content.decode()
    assert "Section B" in html
    assert "Target" not in html
    client.force_login(world.users["comms"])
    html = client.get(reverse("feedback_admin:site_report")).content.decode()
    assert "Section B" in html and "Target" in html


def test_comment_search_hides_pages_of_others(client, world):
    client.force_login(world.users["other_editor"])
    assert "Hemlig kommentar" not in client.get(reverse("feedback_admin:comment_search") + "?q=hemlig").content.decode()
    client.force_login(world.users["page_editor"])
    assert "Hemlig kommentar" in client.get(reverse("feedback_admin:comment_search") + "?q=hemlig").content.decode()


def test_download_rechecks_permission_at_download_time(client, world):
    editor = world.users["page_editor"]
    export = world.exports["page_editor"]
    client.force_login(editor)
    assert client.get(reverse("feedback_admin:export_download", args=[export.pk])).status_code == 200
    # The editor loses the page (moved to another team) after asking for the export.
    editor.groups.clear()
    admin_only = Group.objects.create(name="Admin access only")
    admin_only.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(admin_only)
    response = client.get(reverse("feedback_admin:export_download", args=[export.pk]))
    assert response.status_code == 403


def test_expired_export_is_gone(client, world):
    export = world.exports["comms"]
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(world.users["comms"])
    assert client.get(reverse("feedback_admin:export_download", args=[export.pk])).status_code == 404


def test_helpers_follow_the_rules(world):
    page, users = world.page, world.users
    assert pages_user_can_view_feedback(users["comms"]) is None
    assert list(pages_user_can_view_feedback(users["other_editor"]).filter(pk=page.pk)) == []
    assert user_can_view_page_feedback(users["page_editor"], page)
    assert not user_can_view_page_feedback(users["no_admin"], page)
    assert user_can_export(users["comms"], None) and not user_can_export(users["page_editor"], None)
    assert user_can_moderate(users["comms"], page) and not user_can_moderate(users["page_editor"], page)
    assert user_can_erase(users["comms"], page) and not user_can_erase(users["page_editor"], page)
    assert user_can_erase(users["superuser"], None) and not user_can_erase(users["other_editor"], page)


def test_communications_staff_group_reads_moderates_and_erases():
    group = Group.objects.get(name="Communications staff")
    codenames = set(group.permissions.values_list("codename", flat=True))
    # (Wagtail's image/document migrations add their "choose" permissions to every group.)
    granted = {"access_admin", "view_feedback_reports", "export_feedback", "moderate_feedback", "erase_feedback"}
    assert granted <= codenames


def test_editors_group_builds_and_translates_forms_but_does_not_moderate():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_feedbackform", "change_feedbackform", "view_feedbackform", "submit_translation"} <= codenames
    assert not {"moderate_feedback", "erase_feedback", "delete_feedbackform"} & codenames


def test_report_shows_only_the_buttons_the_user_may_use(client, world):
    url = reverse("feedback_admin:page_report", args=[world.page.pk])
    erase_url = reverse("feedback_admin:response_delete", args=[world.response.pk])
    status_url = reverse("feedback_admin:response_status", args=[world.response.pk])
    client.force_login(world.users["page_editor"])
    html = client.get(url).content.decode()
    assert "Hemlig kommentar" in html and erase_url not in html and status_url not in html
    client.force_login(world.users["comms"])
    html = client.get(url).content.decode()
    assert erase_url in html and status_url in html


def test_bad_export_request_is_a_clear_400(client, world):
    client.force_login(world.users["superuser"])
    before = snapshot()
    response = client.post(
        reverse("feedback_admin:export_start"),
        {"scope": "page", "page": world.page.pk, "since": "2025-02-01", "until": "2025-01-01"},
    )
    assert response.status_code == 400
    templates = [t.name for t in response.templates]
    assert "feedback/admin/bad_request.html" in templates and "feedback/admin/forbidden.html" not in templates
    assert "Startdatumet måste vara samma dag som eller före slutdatumet." in response.content.decode()
    assert client.post(reverse("feedback_admin:export_start"), {"scope": "nonsense"}).status_code == 400
    assert client.get(reverse("feedback_admin:export_start")).status_code == 405
    assert snapshot() == before


def test_job_queue_dashboard_is_in_the_reports_menu_for_superusers_only(client, world):
    url = reverse("admin:django_rq_home")
    client.force_login(world.users["superuser"])
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(world.users["comms"])
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
