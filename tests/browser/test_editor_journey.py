"""The editor's journey in the form builder, as a member of Wagtail's Editors
group, in Swedish: one question of every built-in type with every option the
type offers, saved, reopened, every value kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from feedback.models import FeedbackForm
from tests.browser.conftest import hosts, login, open_browser
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "redaktor-losen-123"

# type name -> {option field: value typed by the editor}
QUESTIONS = {
    "yes_no": {"yes_label": "Ja, tack", "no_label": "Nej, tyvärr"},
    "rating": {"low_label": "Dåligt", "high_label": "Utmärkt"},
    "satisfaction": {"low_label": "Mycket missnöjd", "high_label": "Mycket nöjd"},
    "nps": {"low_label": "Inte alls troligt", "high_label": "Mycket troligt"},
    "single_choice": {"choices": "web|Webben\nphone|Telefon\noffice|Kontoret"},
    "multiple_choice": {"choices": "a|Alfa\nb|Beta"},
    "short_text": {},
    "long_text": {},
    "email": {},
}


def test_editor_builds_a_form_with_every_type_and_every_option_is_kept(live_server):
    editor = make_user("redaktor")
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    base = hosts(live_server)[0]
    with open_browser() as page:
        page.set_viewport_size({"width": 1280, "height": 1000})
        login(page, base, "redaktor", PASSWORD)
        page.goto(base + reverse("wagtailsnippets_feedback_feedbackform:add"))
        page.fill("input[name=title]", "Synpunkter på e-tjänsten")
        page.fill("[name=thank_you_text]", "Tack för ditt svar!")
        for n, (type_name, options) in enumerate(QUESTIONS.items()):
            page.get_by_role("button", name="Lägg till Fråga").last.click()
            child = page.locator(f"#inline_child_questions-{n}")
            expect(child).to_be_visible()
            child.locator(f"[name=questions-{n}-label]").fill(f"Fråga {n + 1}")
            child.locator(f"[name=questions-{n}-key]").fill(f"q{n + 1}")
            child.locator(f"input[name=questions-{n}-type][value={type_name}]").check(force=True)
            for option, value in options.items():
                field = child.locator(f"[name=questions-{n}-options__{type_name}__{option}]")
                expect(field).to_be_visible()  # only the chosen type's options are shown
                field.fill(value)
        page.get_by_role("button", name="Spara").first.click()
        page.wait_for_load_state()
        page.screenshot(path="/tmp/editor-saved.png", full_page=True)
        form = FeedbackForm.objects.get(title="Synpunkter på e-tjänsten")
        stored = {q.type: q.options for q in form.questions.all()}
        assert set(stored) == set(QUESTIONS)
        assert stored["single_choice"]["choices"] == [
            {"key": "web", "label": "Webben"},
            {"key": "phone", "label": "Telefon"},
            {"key": "office", "label": "Kontoret"},
        ]
        assert stored["rating"]["low_label"] == "Dåligt" and stored["rating"]["high_label"] == "Utmärkt"
        assert stored["yes_no"]["no_label"] == "Nej, tyvärr"

        # Reopened, the editor sees every value as typed.
        page.goto(base + reverse("wagtailsnippets_feedback_feedbackform:edit", args=[form.pk]))
        for n, (type_name, options) in enumerate(QUESTIONS.items()):
            for option, value in options.items():
                expect(page.locator(f"[name=questions-{n}-options__{type_name}__{option}]")).to_have_value(value)
        page.screenshot(path="/tmp/editor-reopened.png", full_page=True)
