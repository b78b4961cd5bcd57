"""``manage.py feedback_alerts [--dry-run] [--date YYYY-MM-DD]``: raise and close alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from feedback.workers.alerts import run_alerts


class Command(BaseCommand):
    help = "Raise alerts for pages whose feedback got worse, close those that recovered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Judge the 7 days ending on this local date (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print one line per alert (page, kind, numbers); store nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must look like YYYY-MM-DD; got {options['date']!r}.") from None
        run = run_alerts(day, dry_run=options["dry_run"])
        if options["dry_run"]:
            for signal in run.signals:
                self.stdout.write(signal.describe())
            return
        self.stdout.write(f"{run.day}: {run.opened} opened, {run.refreshed} still open, {run.closed} closed")
