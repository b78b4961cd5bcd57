"""``manage.py purge_feedback [--dry-run]``: apply the retention rules now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from feedback.workers.retention import purge_feedback


class Command(BaseCommand):
    help = "Remove free text (or whole responses) older than the retention period, and expired export files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be removed.")

    def handle(self, *args: Any, dry_run: bool = False, verbosity: int = 1, **options: Any) -> None:
        result = purge_feedback(dry_run=dry_run)
        verb = _("Would remove") if dry_run else _("Removed")
        if not result.rules:
            self.stdout.write(_("No retention period is set (WAGTAIL_FEEDBACK_RETENTION_DAYS or a form's setting)."))
        for rule in result.rules:
            label = rule.label or _("forms without their own period")
            what = _("free-text answers") if result.mode == "text" else _("responses")
            self.stdout.write(
                _("%(verb)s %(count)s %(what)s of %(label)s older than %(days)s days (before %(cutoff)s).")
                % {
                    "verb": verb,
                    "count": rule.count,
                    "what": what,
                    "label": label,
                    "days": rule.days,
                    "cutoff": rule.cutoff.date().isoformat(),
                }
            )
        self.stdout.write(
            _("%(verb)s %(answers)s answer texts, %(responses)s responses, %(exports)s expired export files.")
            % {
                "verb": verb,
                "answers": len(result.answer_ids),
                "responses": len(result.response_ids),
                "exports": len(result.export_ids),
            }
        )
        if verbosity >= 2:
            for name, ids in (
                ("answer", result.answer_ids),
                ("response", result.response_ids),
                ("export", result.export_ids),
            ):
                for pk in ids:
                    self.stdout.write(f"{name} {pk}")
