import pytest
from django.core.cache import caches

from tests.factories import make_content_page, make_form
from tests.feedback.public.voting import DEFAULT_QUESTIONS


@pytest.fixture(autouse=True)
def clean_feedback_cache(settings):
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 0
    caches["feedback"].clear()


@pytest.fixture
def widget_page():
    """A content page placing a form of the default questions."""
    form = make_form(DEFAULT_QUESTIONS, privacy_notice="Skriv inga personuppgifter.")
    page = make_content_page(feedback_forms=[form])
    return page, form
