"""A clean-room install, as a newcomer does it: the wheel into a fresh virtual
environment, a project new from ``wagtail start``, only what docs/install.md's
minimal section says (no Redis, cache or storage settings, no change to the
generated page models), then a vote sent the way a browser sends it, the
catch-up, an export from the admin and one from the command line.

The new project uses no file of this repository but the wheel: the blocks it
applies are held here, and ``test_install_doc_says_what_the_clean_room_applies``
keeps them equal to docs/install.md. It runs once without wagtail-localize
(not importable at all) and once with it.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL_DOC = ROOT / "docs" / "install.md"

# --- What docs/install.md says, block by block ---------------------------------
MINIMAL_HEADING = "## Minimal installation"
INSTALL = "pip install wagtail-feedback-engine\n"
SETTINGS = """\
INSTALLED_APPS += [
    "feedback",
    "wagtail.contrib.settings",  # the engine's per-site "Feedback settings"
]
"""
URLS = """\
from feedback import urls as feedback_urls

urlpatterns = [
    path("feedback/", include(feedback_urls)),
    # … your other patterns, with path("", include(wagtail_urls)) last
]
"""
TEMPLATE = """\
{% load feedback_tags %}
{% feedback_for_page page %}
"""
COMMANDS = """\
python manage.py migrate                 # also creates the "Communications staff" group
python manage.py feedback_default_form   # the "Was this helpful?" form in your content languages
"""
MINIMAL_BLOCKS = [INSTALL, SETTINGS, URLS, TEMPLATE, COMMANDS]

LOCALIZE_HEADING = "### Translated forms (wagtail-localize)"
LOCALIZE_INSTALL = 'pip install "wagtail-feedback-engine[localize]"\n'
LOCALIZE_SETTINGS = """\
INSTALLED_APPS += [
    "wagtail_localize",
    "wagtail_localize.locales",  # instead of "wagtail.locales": remove that one if your site lists it
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [("en", "English"), ("sv", "Svenska")]  # yours, LANGUAGE_CODE's among them
"""
LOCALIZE_BLOCKS = [LOCALIZE_INSTALL, LOCALIZE_SETTINGS]

# --- Where a project from `wagtail start` takes them -----------------------------
PROJECT = "newsite"
SETTINGS_FILE = f"{PROJECT}/settings/base.py"
URLS_FILE = f"{PROJECT}/urls.py"
URLS_ANCHOR = "urlpatterns = [\n"
PAGE_TEMPLATE = "home/templates/home/home_page.html"
TEMPLATE_ANCHOR = "{% endblock content %}"

ADMIN_PASSWORD = "clean-room-admin-password"


# --- The documentation ---------------------------------------------------------
def fenced_blocks(markdown: str, heading: str) -> list[str]:
    """The fenced code blocks under ``heading``, up to the next heading of the same or a higher level."""
    lines = markdown.splitlines()
    assert heading in lines, f"docs/install.md has no heading {heading!r}"
    level = len(heading) - len(heading.lstrip("#"))
    blocks: list[str] = []
    block: list[str] | None = None
    for line in lines[lines.index(heading) + 1 :]:
        if block is None:
            depth = len(line) - len(line.lstrip("#"))
            if depth and line[depth:].startswith(" ") and depth <= level:
                break
            if line.startswith("```"):
                block = []
        elif line.startswith("```"):
            blocks.append("".join(f"{text}\n" for text in block))
            block = None
        else:
            block.append(line)
    return blocks


def test_install_doc_says_what_the_clean_room_applies():
    """The minimal section (and the wagtail-localize one) of docs/install.md is
    exactly what the clean-room test applies: neither can change alone."""
    markdown = INSTALL_DOC.read_text(encoding="utf-8")
    assert fenced_blocks(markdown, MINIMAL_HEADING) == MINIMAL_BLOCKS
    assert fenced_blocks(markdown, LOCALIZE_HEADING) == LOCALIZE_BLOCKS


def test_fenced_blocks_stop_at_the_next_section():
    markdown = (
        "# Doc\n\n## A\n\n```sh\none\n# a comment, not a heading\n```\n\n"
        "### A.1\n\n```\ntwo\n```\n\n## B\n\n```\nthree\n```\n"
    )
    assert fenced_blocks(markdown, "## A") == ["one\n# a comment, not a heading\n", "two\n"]
    assert fenced_blocks(markdown, "### A.1") == ["two\n"]


# --- Applying the blocks to a new project ----------------------------------------
def manage_commands(block: str) -> list[list[str]]:
    """``python manage.py migrate  # comment`` lines → ``[["migrate"], …]``."""
    commands = []
    for line in block.splitlines():
        words = line.split("#", 1)[0].split()
        assert words[:2] == ["python", "manage.py"], line
        commands.append(words[2:])
    return commands


def apply_urls(source: str, block: str) -> str:
    """The block's imports at the top of the generated urls.py, its patterns first in ``urlpatterns``."""
    lines = block.splitlines()
    imports = [line for line in lines if line.startswith(("from ", "import "))]
    patterns = [line for line in lines if line.strip().startswith("path(")]
    assert imports and patterns, block
    assert URLS_ANCHOR in source, f"wagtail start's urls.py has changed:\n{source}"
    source = source.replace(URLS_ANCHOR, URLS_ANCHOR + "".join(f"{line}\n" for line in patterns), 1)
    return "".join(f"{line}\n" for line in imports) + source


def apply_template(source: str, block: str) -> str:
    assert source.count(TEMPLATE_ANCHOR) == 1, f"wagtail start's home page template has changed:\n{source}"
    return source.replace(TEMPLATE_ANCHOR, block + TEMPLATE_ANCHOR)


def test_apply_urls_puts_the_endpoint_before_the_catch_all():
    generated = 'from django.urls import include, path\n\nurlpatterns = [\n    path("admin/", x),\n]\n'
    assert apply_urls(generated, URLS) == (
        "from feedback import urls as feedback_urls\n"
        "from django.urls import include, path\n\n"
        'urlpatterns = [\n    path("feedback/", include(feedback_urls)),\n    path("admin/", x),\n]\n'
    )


def test_manage_commands():
    assert manage_commands(COMMANDS) == [["migrate"], ["feedback_default_form"]]


# --- The clean room --------------------------------------------------------------
@dataclass
class CleanRoom:
    """A virtual environment and a project in it; commands run there with an
    environment holding nothing of this repository's test settings."""

    venv: Path
    project: Path
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, base: Path) -> CleanRoom:
        venv, project = base / "venv", base / "project"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "WAGTAIL", "PYTHON", "RQ_", "VIRTUAL_ENV"))
            and key not in ("DATABASE_URL", "REDIS_URL")
        }
        env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
        env["VIRTUAL_ENV"] = str(venv)
        project.mkdir(parents=True)
        room = cls(venv, project, env)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        return room

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    def run(self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 600) -> str:
        result = subprocess.run(
            list(args),
            cwd=self.project,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout + result.stderr

    def pip_install(self, requirement: str) -> None:
        self.run(self.python, "-m", "pip", "install", "--quiet", requirement)

    def manage(self, *args: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
        return self.run(self.python, "manage.py", *args, **kwargs)

    def imports(self, module: str) -> bool:
        code = f"import importlib.util; print(importlib.util.find_spec({module!r}) is not None)"
        return self.run(self.python, "-c", code).strip() == "True"

    def edit(self, relative: str, change) -> None:  # type: ignore[no-untyped-def]
        path = self.project / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def runserver(room: CleanRoom) -> Iterator[str]:
    """The project's development server (as a newcomer starts it), on a free port."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = room.project / "runserver.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [room.python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=room.project,
            env=room.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, "runserver stopped:\n" + log_path.read_text()
                try:
                    urllib.request.urlopen(base + "/admin/login/", timeout=5).close()
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, "runserver did not answer:\n" + log_path.read_text()
                    time.sleep(0.2)
            yield base
        except BaseException:
            print("runserver's log:\n" + log_path.read_text())  # shown with the failure
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Form:
    action: str
    attrs: dict[str, str]
    inputs: list[dict[str, str]] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)

    def values(self) -> list[tuple[str, str]]:
        """What a browser sends before the visitor touches anything: hidden and
        text inputs with their values (radios and check boxes only when checked)."""
        sent = []
        for control in self.inputs:
            kind = control.get("type", "text")
            if not control.get("name") or kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("radio", "checkbox") and "checked" not in control:
                continue
            sent.append((control["name"], control.get("value") or ""))
        return sent

    def choices(self, name: str) -> list[str]:
        return [c.get("value") or "" for c in self.inputs if c.get("name") == name and c.get("type") == "radio"]


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.selects: dict[str, list[str]] = {}  # name → option values
        self.current: Form | None = None
        self.select: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.current = Form(values.get("action", ""), values)
            self.forms.append(self.current)
        elif tag == "input" and self.current is not None:
            self.current.inputs.append(values)
        elif tag == "textarea" and self.current is not None:
            self.current.textareas.append(values.get("name", ""))
        elif tag == "select":
            self.select = self.selects.setdefault(values.get("name", ""), [])
        elif tag == "option" and self.select is not None:
            self.select.append(values.get("value", ""))
        elif tag in ("a", "link") and values.get("href"):
            self.links.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.links.append(values["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


class Browser:
    """urllib with a cookie jar, following redirects, sending ``Origin`` and
    ``Referer`` with a form's POST as a browser does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.url = base + "/"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                self.url = response.url
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path: str) -> str:
        status, body = self.get_bytes(path)
        text = body.decode()
        assert status == 200, f"GET {path}: {status}\n{text[:3000]}"
        return text

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(urllib.parse.urljoin(self.url, path)))

    def submit(self, form: Form, values: list[tuple[str, str]]) -> tuple[int, str]:
        request = urllib.request.Request(
            urllib.parse.urljoin(self.url, form.action),
            data=urllib.parse.urlencode(values).encode(),
            headers={"Origin": self.base, "Referer": self.url},
            method=form.attrs.get("method", "get").upper(),
        )
        status, body = self._open(request)
        return status, body.decode()


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def the_form(html: str, predicate) -> Form:  # type: ignore[no-untyped-def]
    found = [form for form in parse(html).forms if predicate(form)]
    assert len(found) == 1, html[:3000]
    return found[0]


def log_in(browser: Browser) -> None:
    form = the_form(browser.get("/admin/login/"), lambda f: any(c.get("name") == "password" for c in f.inputs))
    values = [(k, v) for k, v in form.values() if k not in ("username", "password")]
    status, html = browser.submit(form, [*values, ("username", "admin"), ("password", ADMIN_PASSWORD)])
    assert status == 200 and "/admin/login/" not in browser.url, html[:3000]


def text_of(html: str) -> str:
    """What a reader sees: no tags, scripts or styles, spaces collapsed."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def workbook_rows(data: bytes, sheet: str) -> list[dict[str, object]]:
    """A sheet's rows as dicts by heading (openpyxl from our environment only reads the file)."""
    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(data), read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


HELPFUL_LABEL = "Was the content on this page useful to you?"  # the default form in English
COMMENT_LABEL = "Would you like to add anything?"
COMMENT = "Clear and short, thanks."


def check_vote_in(data: bytes) -> None:
    [row] = workbook_rows(data, "Responses")
    assert row[HELPFUL_LABEL] == "Yes"
    assert row[COMMENT_LABEL] == COMMENT
    assert row["Language"] == "en"
    assert row["Page title"] == "Home"


@pytest.fixture
def room(tmp_path) -> Iterator[CleanRoom]:
    room = CleanRoom.create(tmp_path)
    yield room
    shutil.rmtree(room.venv, ignore_errors=True)  # 250 MB, made again in 15 s; the project stays for a look


@pytest.mark.package
@pytest.mark.parametrize("localize", [False, True], ids=["without-wagtail-localize", "with-wagtail-localize"])
def test_clean_room_install(wheel, room, tmp_path, localize):
    started = time.monotonic()

    # Install: the wheel stands in for `pip install wagtail-feedback-engine` (or its [localize] extra).
    room.pip_install(f"{wheel}[localize]" if localize else str(wheel))
    assert room.imports("wagtail_localize") is localize
    engine = room.run(room.python, "-c", "import feedback; print(feedback.__file__)").strip()
    assert Path(engine).is_relative_to(room.venv), engine  # the wheel's copy, never this checkout
    room.run(str(room.venv / "bin" / "wagtail"), "start", PROJECT, str(room.project))
    models = (room.project / "home" / "models.py").read_text()

    # Settings, URLs, template: only the documented blocks.
    room.edit(SETTINGS_FILE, lambda s: s + "\n" + SETTINGS + ("\n" + LOCALIZE_SETTINGS if localize else ""))
    room.edit(URLS_FILE, lambda s: apply_urls(s, URLS))
    room.edit(PAGE_TEMPLATE, lambda s: apply_template(s, TEMPLATE))
    outputs = [room.manage(*command) for command in manage_commands(COMMANDS)]
    assert "Created the default feedback form" in outputs[-1]
    assert ("Translated the default feedback form into sv." in outputs[-1]) is localize
    assert (room.project / "home" / "models.py").read_text() == models

    # What the site gives up without Redis, and nothing worse.
    checks = room.manage("check")
    for warning in ("feedback.W030", "feedback.W031", "feedback.W032"):
        assert warning in checks
    assert "feedback.W033" not in checks and "ERRORS" not in checks

    superuser = ("createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com")
    room.manage(*superuser, extra_env={"DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD})

    with runserver(room) as base:
        # A visitor: the page with the widget, its CSS and JavaScript.
        visitor = Browser(base)
        html = visitor.get("/")
        shown_at = time.monotonic()
        assert "data-feedback-widget" in html and HELPFUL_LABEL in html
        assets = [link for link in parse(html).links if "/feedback/" in link and link.endswith((".css", ".js"))]
        assert len(assets) == 2, assets
        for asset in assets:
            assert visitor.get_bytes(asset)[0] == 200, asset

        # … answers Yes with a comment and sends the form (no JavaScript: a plain POST).
        form = the_form(html, lambda f: "data-feedback-form" in f.attrs)
        assert form.choices("q-helpful") == ["yes", "no"] and "q-comment" in form.textareas
        time.sleep(max(0.0, 2.5 - (time.monotonic() - shown_at)))  # WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS is 2
        status, html = visitor.submit(form, [*form.values(), ("q-helpful", "yes"), ("q-comment", COMMENT)])
        assert status == 200, html[:3000]
        assert "feedback=thanks-" in visitor.url
        assert "data-feedback-thanks" in html and "Thank you for your answer!" in html

        # The catch-up brings the reports up to date (no queue).
        assert "1 responses" in room.manage("feedback_aggregate")

        # An editor: the admin pages, and an export of the page's feedback from its report.
        editor = Browser(base)
        log_in(editor)
        page_id = dict(form.values())["page"]
        site_report = editor.get("/admin/feedback/reports/")
        # The language filter offers the site's content languages (not Django's ~100).
        assert parse(site_report).selects["language"] == (["", "en", "sv"] if localize else ["", "en"])
        for path in (
            "/admin/",
            "/admin/feedback/exports/",
            "/admin/snippets/feedback/feedbackform/",
            "/admin/settings/feedback/feedbacksettings/",
            f"/admin/pages/{page_id}/edit/",
        ):
            editor.get(path)
        report = editor.get(f"/admin/feedback/reports/pages/{page_id}/")
        assert "Responses 1 " in text_of(report) and "Helpful share 100 %" in text_of(report)
        export_form = the_form(report, lambda f: f.action.endswith("/exports/start/"))
        status, html = editor.submit(export_form, export_form.values())
        assert status == 200 and re.search(r"/admin/feedback/exports/\d+/$", editor.url), html[:3000]
        [download] = {link for link in parse(html).links if link.endswith("/download/")}
        status, data = editor.get_bytes(download)
        assert status == 200
        check_vote_in(data)

    # The command-line export, and where export files are kept.
    output = tmp_path / "feedback.xlsx"
    assert "Wrote 1 response" in room.manage("export_feedback", "--site", "--output", str(output))
    check_vote_in(output.read_bytes())
    kept = list((room.project / "feedback-exports").rglob("*.xlsx"))
    assert len(kept) == 2, kept

    print(f"clean room {'with' if localize else 'without'} wagtail-localize: {time.monotonic() - started:.0f} s")
