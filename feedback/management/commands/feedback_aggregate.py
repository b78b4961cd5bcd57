"""Rebuild rollups the queue missed: ``manage.py feedback_aggregate [--page ID] [--since DATE] [--full]``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from feedback.workers.aggregation import catch_up


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Dates look like YYYY-MM-DD; got “%(value)s”.") % {"value": value})


class Command(BaseCommand):
    help = (
        "Aggregate feedback responses into the daily rollups. Without options, every page with new or "
        "recent responses is brought up to date (what the scheduled catch-up does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--page", type=int, help="Only this page id.")
        parser.add_argument("--since", help="Recompute every day from this local date (YYYY-MM-DD).")
        parser.add_argument("--full", action="store_true", help="Recompute every day of every page (or of --page).")

    def handle(self, *args: Any, **options: Any) -> None:
        since = parse_date(options["since"]) if options["since"] else None
        results = catch_up(page_id=options["page"], since=since, full=options["full"])
        days = sum(len(r.days) for r in results)
        responses = sum(r.responses for r in results)
        self.stdout.write(
            _("Aggregated %(pages)s pages, %(days)s page-days, %(responses)s responses.")
            % {"pages": len(results), "days": days, "responses": responses}
        )
