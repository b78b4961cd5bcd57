"""The exporter registry, filled lazily through the ``register_feedback_exporters`` hook.

Like the question-type registry: a function registered for the hook receives
the registry and calls :meth:`ExporterRegistry.register`.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from feedback.registry import HookRegistry

from .base import Exporter

__all__ = ["Exporter", "ExporterRegistry", "InvalidExporter", "UnknownExporter", "registry"]

HOOK_NAME = "register_feedback_exporters"


class UnknownExporter(LookupError):
    """Raised when no registered exporter has the requested name."""


class InvalidExporter(ImproperlyConfigured):
    """Raised when something that is not a valid exporter is registered."""


class ExporterRegistry(HookRegistry[type[Exporter]]):
    base_class = Exporter
    kind = "exporter"
    unknown_error = UnknownExporter
    invalid_error = InvalidExporter
    name_max_length = 20

    def __init__(self, hook_name: str = HOOK_NAME) -> None:
        super().__init__(hook_name)

    def validate(self, item: type[Exporter]) -> None:
        if not item.extension:
            raise InvalidExporter(f"{item.__qualname__} needs an extension.")


#: The registry the engine uses.
registry = ExporterRegistry()


def register_builtin_exporters(registry: ExporterRegistry) -> None:
    # Imported when the hook runs: the formats read models, the registry must not.
    from .csv import CsvExporter, CsvSemicolonExporter
    from .xlsx import XlsxExporter

    for exporter in (XlsxExporter, CsvExporter, CsvSemicolonExporter):
        registry.register(exporter)
