"""A question type defined only under tests/ (``tests.testapp``: thumbs up/down
with a reason) works end to end with no change in ``feedback/``: an editor adds
it to a form, a visitor answers, the summary and the export include it."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from feedback.models import Answer, AnswerRollup, FeedbackForm, PageDayRollup
from feedback.reporting.summaries import summaries_from_rollups
from feedback.workers.aggregation import aggregate_page
from tests.factories import get_locale, make_content_page

SUBMIT = "/feedback/submit/"


@pytest.fixture(autouse=True)
def feedback_settings(settings):
    from django.core.cache import caches

    caches["feedback"].clear()
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 0  # the test client answers faster than any person


def editor_creates_form(client, django_user_model) -> FeedbackForm:
    client.force_login(django_user_model.objects.create_superuser("redaktor", "r@example.invalid", "pw"))
    get_locale("sv")
    data = nested_form_data(
        {
            "title": "Tummen",
            "intro": "",
            "thank_you_text": "Tack för ditt svar!",
            "privacy_notice": "",
            "submit_label": "",
            "is_default": "",
            "retention_days": "",
            "questions": inline_formset(
                [
                    {
                        "key": "thumbs",
                        "type": "thumbs",
                        "label": "Var sidan bra?",
                        "required": "on",
                        "help_text": "",
                        "condition_key": "",
                        "condition_operator": "in",
                        "condition_value": "",
                    },
                    {
                        "key": "more",
                        "type": "long_text",
                        "label": "Något mer?",
                        "help_text": "",
                        "condition_key": "thumbs",
                        "condition_operator": "in",
                        "condition_value": "down",
                    },
                ]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_feedback_feedbackform:add"), data)
    assert response.status_code == 302
    client.logout()
    return FeedbackForm.objects.get(title="Tummen")


@pytest.mark.django_db
def test_thumbs_type_from_a_test_package_works_end_to_end(client, django_user_model, tmp_path):
    form = editor_creates_form(client, django_user_model)
    page = make_content_page(feedback_forms=[form])

    html = client.get(page.url).content.decode()
    assert "Var sidan bra?" in html and 'name="q-thumbs_0"' in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    # The plugin's own validation, in Swedish, through the public endpoint.
    with translation.override("sv"):
        refused = client.post(SUBMIT, {"token": token, "q-thumbs_0": "down", "q-thumbs_1": ""})
    assert refused.status_code == 400
    assert "Berätta varför du gav tummen ner." in refused.content.decode()
    assert not Answer.objects.exists()

    votes = [("down", "Telefonnumret saknas"), ("up", ""), ("up", "Tydligt")]
    for index, (thumb, reason) in enumerate(votes):
        accepted = client.post(
            SUBMIT,
            {"token": token, "q-thumbs_0": thumb, "q-thumbs_1": reason},
            REMOTE_ADDR=f"10.0.0.{index + 1}",  # three different visitors
        )
        assert accepted.status_code == 303, accepted.content.decode()[:500]
    stored = sorted(Answer.objects.filter(question_key="thumbs").values_list("choice", "text"))
    assert stored == sorted(votes)

    # Aggregation and the summary (from rollups) count it like any built-in type.
    aggregate_page(page.pk)
    assert PageDayRollup.objects.get(page_id=page.pk).helpful_yes == 2
    questions = list(form.questions.all())
    summaries = {
        s.question_key: s for s in summaries_from_rollups(questions, AnswerRollup.objects.filter(page_id=page.pk))
    }
    thumbs = summaries["thumbs"]
    assert {row.key: row.count for row in thumbs.rows} == {"up": 2, "down": 1}
    assert thumbs.answered == 3 and thumbs.helpful_share == pytest.approx(2 / 3)

    # The export has the plugin's two columns with its cells.
    output = tmp_path / "thumbs.xlsx"
    call_command("export_feedback", "--page", str(page.pk), "--output", str(output))
    sheet = load_workbook(output, read_only=True).worksheets[1]  # Summary, Responses, Comments
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert "Var sidan bra?" in header
    thumb_col = header.index("Var sidan bra?")
    reason_col = next(i for i, h in enumerate(header) if h and h.startswith("Var sidan bra?:"))
    assert sorted((r[thumb_col], r[reason_col] or "") for r in rows[1:]) == sorted(votes)
