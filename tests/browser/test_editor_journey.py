"""The editor's journey, as a member of Wagtail's Editors group, in Swedish:
one question of every built-in type with every option the type offers and a
question shown on a condition with an operator, saved, reopened, every value
kept; the form placed on a page with the block and sent for moderation; the
form translated to Norwegian with wagtail-localize."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from feedback.models import FeedbackForm
from tests.browser.conftest import hosts, login, open_browser
from tests.factories import get_locale, make_content_page, make_home_page, make_user

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
    make_home_page("sv")
    get_locale("nb")
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
        # "Vad kan vi göra bättre?" only when the rating (question 2) is 2 or lower,
        # its question picked from a list of the questions above it.
        n = len(QUESTIONS)
        page.get_by_role("button", name="Lägg till Fråga").last.click()
        child = page.locator(f"#inline_child_questions-{n}")
        child.locator(f"[name=questions-{n}-label]").fill("Vad kan vi göra bättre?")
        child.locator(f"[name=questions-{n}-key]").fill("better")
        child.locator(f"input[name=questions-{n}-type][value=long_text]").check(force=True)
        picker = child.locator(f"select[name=questions-{n}-condition_key]")
        expect(picker.locator("option")).to_have_count(n + 1)  # "Visa alltid frågan" and every question above
        picker.select_option(label="Fråga 2 (q2)")
        child.locator(f"select[name=questions-{n}-condition_operator]").select_option(label="är högst")
        child.locator(f"[name=questions-{n}-condition_value]").fill("2")
        page.screenshot(path="/tmp/editor-condition.png", full_page=True)
        page.get_by_role("button", name="Spara").first.click()
        page.wait_for_load_state()
        page.screenshot(path="/tmp/editor-saved.png", full_page=True)
        form = FeedbackForm.objects.get(title="Synpunkter på e-tjänsten")
        stored = {q.type: q.options for q in form.questions.all()}
        assert set(stored) == set(QUESTIONS)  # (and the conditional free-text question)
        better = form.questions.get(key="better")
        assert (better.condition_key, better.condition_operator, better.condition_value) == ("q2", "lte", "2")
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
        n = len(QUESTIONS)
        expect(page.locator(f"[name=questions-{n}-condition_key]")).to_have_value("q2")
        expect(page.locator(f"[name=questions-{n}-condition_operator]")).to_have_value("lte")
        expect(page.locator(f"[name=questions-{n}-condition_value]")).to_have_value("2")
        page.screenshot(path="/tmp/editor-reopened.png", full_page=True)

        # The form goes on a page with the block, and the page is sent for moderation.
        content = make_content_page(title="Bygglov", show_feedback=True)
        page.goto(base + reverse("wagtailadmin_pages:edit", args=[content.pk]))
        page.locator("button[title='Lägg till ett block']").last.click()
        page.get_by_role("option", name="Återkopplingsformulär").click()
        page.get_by_role("button", name="Välj återkopplingsformulär").click()
        page.screenshot(path="/tmp/editor-chooser.png")
        page.get_by_role("link", name="Synpunkter på e-tjänsten").click()
        expect(page.locator(".modal-dialog")).to_have_count(0)
        expect(page.locator("[data-chooser-title]").last).to_have_text("Synpunkter på e-tjänsten")
        page.screenshot(path="/tmp/editor-block.png", full_page=True)
        page.locator("footer [data-w-dropdown-target=toggle]").click()
        submit = page.locator("footer button[name=action-submit]")
        expect(submit).to_contain_text("Lämna in till")  # Wagtail's "Submit to <workflow>"
        submit.click()
        page.wait_for_load_state()
        page.screenshot(path="/tmp/editor-submitted.png", full_page=True)
        expect(page.locator(".messages .success")).to_contain_text("Bygglov")
        content.refresh_from_db()
        assert content.current_workflow_state is not None  # waiting for a moderator
        draft = content.get_latest_revision_as_object()
        assert [block.value["form"].pk for block in draft.body if block.block_type == "feedback"] == [form.pk]

        # The form is translated to Norwegian with wagtail-localize.
        page.goto(base + reverse("wagtailsnippets_feedback_feedbackform:list"))
        row = page.locator("tr", has_text="Synpunkter på e-tjänsten")
        row.get_by_role("button", name="Fler alternativ för").click()
        row.get_by_role("link", name="Översätt").click()
        page.get_by_label("Norska (bokmål)").check()
        page.get_by_role("button", name="Skicka").click()
        expect(page.get_by_role("button", name="Publicera på Norska (bokmål)")).to_be_visible()
        # Each segment found by its Swedish source (the order of a JSON field's keys
        # differs between databases).
        norwegian = {
            "Synpunkter på e-tjänsten": "Tilbakemelding på e-tjenesten",
            "Fråga 1": "Spørsmål 1",
            "Ja, tack": "Ja, takk",
            "Nej, tyvärr": "Nei, dessverre",
        }
        for source, text in norwegian.items():
            segment = page.locator("li.incomplete", has_text=source).last
            segment.get_by_role("button", name="Översätt").click()
            segment.locator("textarea").fill(text)
            segment.get_by_role("button", name="Spara").click()
            expect(page.get_by_text(text, exact=True)).to_be_visible()
        page.screenshot(path="/tmp/editor-translate-2.png", full_page=True)
        page.get_by_role("button", name="Publicera på Norska (bokmål)").click()
        published = "Publicerade 'Tilbakemelding på e-tjenesten' på Norska (bokmål)"
        expect(page.locator(".messages")).to_contain_text(published)
        page.screenshot(path="/tmp/editor-translate-3.png", full_page=True)
        translated = FeedbackForm.objects.get(locale__language_code="nb", translation_key=form.translation_key)
        assert translated.title == "Tilbakemelding på e-tjenesten"
        questions = {q.key: q for q in translated.questions.all()}
        assert set(questions) == {q.key for q in form.questions.all()}
        assert questions["q1"].label == "Spørsmål 1"
        yes_no = questions["q1"].options
        assert (yes_no["yes_label"], yes_no["no_label"]) == ("Ja, takk", "Nei, dessverre")
        assert questions["q2"].label == "Fråga 2"  # not translated yet: the source text until it is
        # The condition is the same in every language.
        better = questions["better"]
        assert (better.condition_key, better.condition_operator, better.condition_value) == ("q2", "lte", "2")
