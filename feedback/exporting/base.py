"""The exporter plugin contract.

An exporter turns an :class:`~feedback.exporting.rows.ExportData` (scope,
questions, summaries and a stream of response rows) into one file. Subclass
:class:`Exporter`, give it a stable ``name`` and register it through the
``register_feedback_exporters`` hook; the engine's XLSX and CSV exporters take
the same road (``feedback/wagtail_hooks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from feedback.question_types.base import Text

if TYPE_CHECKING:
    from .rows import ExportData

#: Called with the number of response rows written so far.
ProgressCallback = Callable[[int], None]


class Exporter:
    #: Stable identifier stored in ``Export.format``.
    name: ClassVar[str] = ""
    #: Human name shown in the admin's format choice (translated).
    verbose_name: ClassVar[Text] = ""
    #: File name extension without the dot.
    extension: ClassVar[str] = ""
    content_type: ClassVar[str] = "application/octet-stream"

    def write(self, data: ExportData, path: Path, progress: ProgressCallback) -> int:
        """Write the whole export to ``path`` and return the number of response rows.

        Stream ``data.rows()`` (never load every row) and call ``progress`` now
        and then. Every user string must pass through the format's function
        in :mod:`feedback.exporting.sanitize`.
        """
        raise NotImplementedError
