"""``manage.py feedback_digest [--dry-run]``: the weekly digest e-mails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from feedback.workers.digest import send_digests


class Command(BaseCommand):
    help = "Send each follower the week's feedback on the pages they follow."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print the e-mails instead of sending them.")

    def handle(self, *args: Any, **options: Any) -> None:
        messages = send_digests(dry_run=options["dry_run"])
        if options["dry_run"]:
            for message in messages:
                self.stdout.write(f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n")
            return
        self.stdout.write(f"Sent {len(messages)} digest e-mail(s).")
