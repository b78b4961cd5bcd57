"""Every string of the engine and the site is translated into sv, nb and da.

The catalogs are checked with ``msgfmt --statistics`` (no untranslated or fuzzy
entries), and the source is extracted afresh with ``makemessages`` so that a
newly marked string that nobody added to the catalogs fails the suite too.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("sv", "nb", "da")
# (name, folders holding the source, the catalog folder)
DOMAINS = {
    "engine": (["feedback"], ROOT / "feedback" / "locale"),
    "site": (["home", "site"], ROOT / "locale"),
}
CATALOGS = [(name, lang) for name in DOMAINS for lang in LANGUAGES]


def catalog_path(name: str, language: str) -> Path:
    return DOMAINS[name][1] / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(("name", "language"), CATALOGS)
def test_catalog_has_no_untranslated_or_fuzzy_entries(name, language):
    catalog = catalog_path(name, language)
    assert catalog.exists(), f"{catalog} is missing: run `make messages` and translate it"
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, f"{catalog}: {result.stderr}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, set[str]]:
    """Message ids extracted from the current source of each domain."""
    result = {}
    for name, (folders, _catalogs) in DOMAINS.items():
        work = tmp_path_factory.mktemp(name)
        for folder in folders:
            shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("locale", "__pycache__"))
        (work / "locale").mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "feedbacksite.settings.test",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        }
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "sv", "--no-location", "--no-wrap"],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        po = polib.pofile(str(work / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
        result[name] = {entry.msgid for entry in po}
    return result


@pytest.mark.parametrize(("name", "language"), CATALOGS)
def test_every_marked_string_is_in_the_catalog(name, language, extracted):
    assert len(extracted[name]) > 20  # the extraction really read the source
    translated = {entry.msgid for entry in polib.pofile(str(catalog_path(name, language))) if entry.translated()}
    missing = sorted(extracted[name] - translated)
    assert not missing, f"not translated in {catalog_path(name, language)}: {missing[:20]} (run `make messages`)"


@pytest.mark.parametrize(
    ("language", "expected"), [("sv", "Publicera på "), ("nb", "Publiser på "), ("da", "Udgiv på ")]
)
def test_wagtail_localize_publish_button_keeps_its_space(language, expected):
    """wagtail-localize's script catalogue says "Publicera på" + "Norska"; ours corrects it."""
    from pathlib import Path

    import wagtail_localize
    from django.utils.translation.trans_real import DjangoTranslation

    catalogue = DjangoTranslation(
        language, domain="djangojs", localedirs=[str(Path(wagtail_localize.__file__).parent / "locale")]
    )
    assert catalogue.gettext("Publish in ") == expected
