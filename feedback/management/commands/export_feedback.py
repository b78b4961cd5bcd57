"""Export feedback synchronously with the same code as the export job.

``manage.py export_feedback --page <id or URL path> [--include-translations]
[--since YYYY-MM-DD] [--until YYYY-MM-DD] [--format xlsx|csv|csv_semicolon] --output FILE``
(``--form ID`` or ``--site`` instead of ``--page`` for the other scopes).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from feedback.exporting import registry
from feedback.exporting.records import mark_failed, request_export, run_export
from feedback.exporting.storage import export_storage
from feedback.models import Export, FeedbackForm

from .feedback_aggregate import parse_date


def find_page(value: str) -> Page:
    """A page by id or by URL path such as ``/sv/om-oss/``."""
    page = None
    if value.isdigit():
        page = Page.objects.filter(pk=int(value)).first()
    else:
        path = "/" + value.strip("/")
        for candidate in Page.objects.filter(slug=path.rsplit("/", 1)[-1]):
            url = (candidate.get_url() or "").rstrip("/")
            if url == path or url.endswith(path) or candidate.url_path.rstrip("/").endswith(path):
                page = candidate
                break
    if page is None:
        raise CommandError(_("No page “%(page)s”.") % {"page": value})
    return page


class Command(BaseCommand):
    help = "Export feedback responses to an Excel or CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--page", help="Page id or URL path.")
        scope.add_argument("--form", type=int, help="Form id: responses to the form on every page.")
        scope.add_argument("--site", action="store_true", help="Every response on the site.")
        parser.add_argument("--include-translations", action="store_true", help="Add the page's other languages.")
        parser.add_argument("--since", help="First local day, YYYY-MM-DD.")
        parser.add_argument("--until", help="Last local day, YYYY-MM-DD.")
        parser.add_argument("--format", default="xlsx", help="xlsx (default), csv or csv_semicolon.")
        parser.add_argument("--output", required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not registry.is_registered(options["format"]):
            names = ", ".join(e.name for e in registry)
            raise CommandError(_("Unknown format “%(format)s”; choose one of %(names)s.") % {**options, "names": names})
        page = form = None
        if options["page"]:
            scope, page = Export.Scope.PAGE, find_page(options["page"])
        elif options["form"]:
            scope = Export.Scope.FORM
            form = FeedbackForm.objects.filter(pk=options["form"]).first()
            if form is None:
                raise CommandError(_("No form with id %(id)s.") % {"id": options["form"]})
        else:
            scope = Export.Scope.SITE
        since = parse_date(options["since"]) if options["since"] else None
        until = parse_date(options["until"]) if options["until"] else None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})

        try:
            export = request_export(
                None,
                scope=scope,
                page=page,
                form=form,
                include_translations=options["include_translations"],
                since=since,
                until=until,
                format=options["format"],
                run_now=True,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        show_bar = self.stdout.isatty()
        try:
            export = run_export(export.pk, on_progress=self.progress_bar if show_bar else None)
        except Exception as error:
            mark_failed(export.pk, str(error))
            raise
        if show_bar:
            self.stdout.write("")
        with export_storage().open(export.file_path, "rb") as source, open(output, "wb") as target:
            shutil.copyfileobj(source, target)
        message = ngettext(
            "Wrote %(rows)s response to %(file)s.", "Wrote %(rows)s responses to %(file)s.", export.row_count or 0
        )
        self.stdout.write(message % {"rows": export.row_count, "file": output})

    def progress_bar(self, rows: int, total: int) -> None:
        width = 40
        done = int(width * rows / total) if total else width
        percent = int(100 * rows / total) if total else 100
        sys.stdout.write(f"\r[{'#' * done}{'.' * (width - done)}] {percent:3d}% {rows}/{total}")
        sys.stdout.flush()
