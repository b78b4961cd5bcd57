"""Export formats register through a hook, like question types."""

from __future__ import annotations

from datetime import timezone

import pytest

from feedback.exporting import Exporter, InvalidExporter, UnknownExporter, registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("export_root")]
UTC = timezone.utc


def test_registry_validates_exporters_and_names_unknown_ones():
    class Nameless(Exporter):
        verbose_name = "Nameless"
        extension = "x"

    with pytest.raises(InvalidExporter):
        registry.register(Nameless)
    with pytest.raises(InvalidExporter):
        registry.register(int)  # type: ignore[arg-type]
    with pytest.raises(UnknownExporter):
        registry.get("pdf")
    assert {"xlsx", "csv", "csv_semicolon"} <= {name for name, _label in registry.choices()}
