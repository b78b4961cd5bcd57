"""The exporter registry, filled lazily through the ``register_feedback_exporters`` hook.

Like the question-type registry: a function registered for the hook receives
the registry and calls :meth:`ExporterRegistry.register`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured

from .base import Exporter

__all__ = ["Exporter", "ExporterRegistry", "InvalidExporter", "UnknownExporter", "registry"]

HOOK_NAME = "register_feedback_exporters"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")


class UnknownExporter(LookupError):
    """Raised when no registered exporter has the requested name."""


class InvalidExporter(ImproperlyConfigured):
    """Raised when something that is not a valid exporter is registered."""


class ExporterRegistry:
    def __init__(self, hook_name: str = HOOK_NAME) -> None:
        self.hook_name = hook_name
        self._exporters: dict[str, type[Exporter]] = {}
        self._scanned = False

    def register(self, exporter: type[Exporter], *, override: bool = False) -> type[Exporter]:
        """Add an exporter class. Usable as a decorator. Duplicate names need ``override=True``."""
        if not (isinstance(exporter, type) and issubclass(exporter, Exporter)):
            raise InvalidExporter(f"{exporter!r} is not a subclass of feedback.exporting.Exporter.")
        name = exporter.name
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise InvalidExporter(
                f"{exporter.__qualname__}.name must be a lowercase identifier of at most 20 characters; got {name!r}."
            )
        if not exporter.verbose_name or not exporter.extension:
            raise InvalidExporter(f"{exporter.__qualname__} needs a verbose_name and an extension.")
        existing = self._exporters.get(name)
        if existing is not None and existing is not exporter and not override:
            raise InvalidExporter(
                f"An exporter named {name!r} is already registered ({existing.__module__}."
                f"{existing.__qualname__}); pass override=True to replace it."
            )
        self._exporters[name] = exporter
        return exporter

    def unregister(self, name: str) -> None:
        self._scan()
        self._exporters.pop(name, None)

    def _scan(self) -> None:
        if self._scanned:
            return
        self._scanned = True
        from wagtail import hooks

        for fn in hooks.get_hooks(self.hook_name):
            fn(self)

    def get(self, name: str) -> type[Exporter]:
        """The exporter registered under ``name``; raises :class:`UnknownExporter`."""
        self._scan()
        try:
            return self._exporters[name]
        except KeyError:
            raise UnknownExporter(f"No feedback exporter named {name!r} is registered.") from None

    def is_registered(self, name: str) -> bool:
        self._scan()
        return name in self._exporters

    def __iter__(self) -> Iterator[type[Exporter]]:
        self._scan()
        return iter(list(self._exporters.values()))

    def choices(self) -> list[tuple[str, str]]:
        return [(e.name, str(e.verbose_name)) for e in self]

    def reset(self) -> None:
        """Forget everything and scan the hooks again on next use (for tests)."""
        self._exporters.clear()
        self._scanned = False


#: The registry the engine uses.
registry = ExporterRegistry()


def register_builtin_exporters(registry: ExporterRegistry) -> None:
    from .csv import CsvExporter, CsvSemicolonExporter
    from .xlsx import XlsxExporter

    for exporter in (XlsxExporter, CsvExporter, CsvSemicolonExporter):
        registry.register(exporter)
