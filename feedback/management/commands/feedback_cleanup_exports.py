"""Housekeeping of exports (also scheduled through ``feedback.workers.cron``):
fail exports whose job died, delete expired files and temporary leftovers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from feedback.exporting.housekeeping import expire_exports, sweep_stale_exports


class Command(BaseCommand):
    help = "Mark exports whose job died as failed and delete expired export files."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = sweep_stale_exports()
        expired = expire_exports()
        self.stdout.write(
            _("%(failed)s exports marked failed, %(expired)s expired.") % {"failed": failed, "expired": expired}
        )
