"""Model fields of the engine."""

from typing import Any

from django.db import models
from wagtail_localize.segments import StringSegmentValue


def _is_translatable_key(key: str) -> bool:
    return key == "label" or key.endswith("_label")


class QuestionOptionsField(models.JSONField):
    """Question-type options, with their labels translatable through wagtail-localize.

    wagtail-localize asks a field for ``get_translatable_segments`` and
    ``restore_translated_segments``. Every non-empty string stored under a key
    named ``label`` or ending in ``_label`` (at any depth, e.g.
    ``choices.0.label``) becomes a segment; keys and numbers stay synchronised.
    """

    def get_translatable_segments(self, value: Any) -> list[StringSegmentValue]:
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
        import copy

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
