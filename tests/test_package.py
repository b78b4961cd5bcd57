"""The engine as a package: the wheel holds the engine only, with its
templates, static files, migrations and compiled catalogues (the ``wheel``
fixture is in tests/conftest.py; tests/test_clean_room_install.py installs it
into a new Wagtail project)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.package


def test_wheel_holds_the_engine_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"feedback", wheel.name.split("-py3")[0] + ".dist-info"}
    for language in ("sv", "nb", "da"):
        assert f"feedback/locale/{language}/LC_MESSAGES/django.mo" in names
    assert "feedback/migrations/0001_initial.py" in names
    assert "feedback/templates/feedback/widget.html" in names
    assert "feedback/static/feedback/js/widget.js" in names
    assert not [name for name in names if "/tests/" in name or name.endswith((".pyc", ".sqlite3"))]


def test_wheel_metadata(wheel):
    import email

    archive = zipfile.ZipFile(wheel)
    [metadata_name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = email.message_from_bytes(archive.read(metadata_name))
    assert metadata["Name"] == "wagtail-feedback-engine"
    assert metadata["License-Expression"] == "BSD-3-Clause"
    requires = metadata.get_all("Requires-Dist")
    assert "wagtail<9,>=8" in requires and any(r.startswith("wagtail-localize") and "extra" in r for r in requires)
    assert not [r for r in requires if r.startswith(("psycopg", "dj-database-url"))]
    assert "Framework :: Wagtail :: 8" in metadata.get_all("Classifier")


def test_compiled_catalogues_translate(wheel, tmp_path):
    """The .mo built from the .po says what the .po says."""
    import gettext

    zipfile.ZipFile(wheel).extract("feedback/locale/sv/LC_MESSAGES/django.mo", tmp_path)
    catalogue = gettext.GNUTranslations(open(tmp_path / "feedback/locale/sv/LC_MESSAGES/django.mo", "rb"))
    assert catalogue.gettext("Can erase feedback responses") == "Kan radera återkopplingssvar"


VOTE_WITHOUT_LOCALIZE = """
import json
from django.test import Client
from feedback.models import Response
from feedback.public.submission import make_token
from tests.factories import make_content_page, make_form, make_home_page
make_home_page("sv")
form = make_form([{"key": "helpful", "type": "yes_no", "required": True}])
page = make_content_page(feedback_forms=[form])
html = Client().get(page.url).content.decode()
assert "data-feedback-widget" in html, html[:500]
body = json.dumps({"token": make_token(page.pk, form.pk), "answers": {"helpful": "yes"}})
response = Client().post("/feedback/submit/", body, content_type="application/json")
print(response.status_code, Response.objects.count())
"""


def test_a_site_without_wagtail_localize_starts_migrates_and_takes_votes(tmp_path):
    """wagtail-localize is optional: with Wagtail's own locales app instead,
    and the package not importable at all (a folder first on the path stands
    in for a site that never installed it)."""
    import os

    absent = tmp_path / "absent" / "wagtail_localize"
    absent.mkdir(parents=True)
    (absent / "__init__.py").write_text('raise ImportError("wagtail-localize is not installed here")\n')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_localize",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": os.pathsep.join([str(absent.parent), str(ROOT / "site"), str(ROOT)]),
    }

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("check")
    manage("migrate", "--noinput", "-v0")
    assert "wagtail-localize is not installed" in manage("feedback_default_form")
    assert manage("shell", "-c", VOTE_WITHOUT_LOCALIZE).split()[-2:] == ["201", "1"]
