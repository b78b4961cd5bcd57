"""The engine as a package: the wheel holds the engine only, with its
templates, static files, migrations and compiled catalogues."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.package


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    [path] = out.glob("wagtail_feedback_engine-*.whl")
    return path


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
