"""Model fields of the engine."""

import copy
from collections.abc import Sequence
from typing import Any

import swapper
from django.apps import apps
from django.db import models


def page_link() -> models.ForeignKey:
    """A link to a page that may be deleted: the row keeps what it copied
    from the page (id, path, title, translation key), so nothing is lost."""
    return models.ForeignKey(
        swapper.get_model_name("wagtailcore", "Page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def translatable_fields(*, synchronized: Sequence[str] = (), translatable: Sequence[str] = ()) -> list[Any]:
    """A model's ``override_translatable_fields`` for wagtail-localize, or ``[]``
    on a site without it (single-language sites install the engine without it)."""
    if not apps.is_installed("wagtail_localize"):
        return []
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    return [*(SynchronizedField(name) for name in synchronized), *(TranslatableField(name) for name in translatable)]


def _is_translatable_key(key: str) -> bool:
    return key == "label" or key.endswith("_label")


class QuestionOptionsField(models.JSONField):
    """Question-type options, with their labels translatable through wagtail-localize.

    wagtail-localize asks a field for ``get_translatable_segments`` and
    ``restore_translated_segments``. Every non-empty string stored under a key
    named ``label`` or ending in ``_label`` (at any depth, e.g.
    ``choices.0.label``) becomes a segment; keys and numbers stay synchronised.
    """

    def get_translatable_segments(self, value: Any) -> list[Any]:
        # Only wagtail-localize calls this, so it is installed (it stays optional).
        from wagtail_localize.segments import StringSegmentValue

        segments: list[StringSegmentValue] = []

        def walk(node: Any, path: list[str]) -> None:
            if isinstance(node, dict):
                for key, child in node.items():
                    if isinstance(child, str) and _is_translatable_key(str(key)) and child.strip():
                        segments.append(StringSegmentValue(".".join([*path, str(key)]), child))
                    else:
                        walk(child, [*path, str(key)])
            elif isinstance(node, list):
                for index, child in enumerate(node):
                    walk(child, [*path, str(index)])

        walk(value or {}, [])
        return segments

    def restore_translated_segments(self, value: Any, segments: list[Any]) -> Any:
        result = copy.deepcopy(value or {})
        for segment in segments:
            *parents, last = segment.path.split(".")
            node = result
            try:
                for part in parents:
                    node = node[int(part)] if isinstance(node, list) else node[part]
                node[last] = segment.render_text()
            except (KeyError, IndexError, ValueError, TypeError):
                continue  # the source changed shape since extraction
        return result
