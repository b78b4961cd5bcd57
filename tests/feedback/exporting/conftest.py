import pytest

from tests.factories import make_form, make_page
from tests.feedback.exporting.survey import QUESTIONS


@pytest.fixture
def export_root(tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }
    return tmp_path / "exports"


@pytest.fixture
def survey():
    form = make_form(QUESTIONS)
    page = make_page(title="Om oss", slug="om-oss")
    return page, form
