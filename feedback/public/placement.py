"""Is a form really on a page? A vote's signed token names a (page, form)
pair; a token signed with a leaked key, or made by hand, could name a form
that is not on that page. A vote is accepted for the site's default form
(it can appear on any page through the page mixin or an empty block) or for
a form a ``FeedbackBlock`` in one of the page's StreamFields places, in any
language version of it.

The answer depends only on the page's published content, so it is kept per
process under the page's latest revision: a new publication asks again.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from wagtail import blocks
from wagtail.fields import StreamField

from feedback.blocks import FeedbackBlock
from feedback.models import FeedbackForm

_MAX_ENTRIES = 2048
_cache: OrderedDict[tuple[int, int | None, int], bool] = OrderedDict()


def _block_forms(block: Any, raw: Any, found: set[int]) -> None:
    """Collect the form ids FeedbackBlocks choose inside ``raw`` (a block's raw
    JSON value), following the block definitions; 0 for an empty chooser.
    Raw data, so no form or snippet is loaded to answer."""
    if isinstance(block, FeedbackBlock):
        form = raw.get("form") if isinstance(raw, dict) else None
        found.add(int(form) if isinstance(form, int) or (isinstance(form, str) and form.isdigit()) else 0)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw or []:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                _block_forms(child, item.get("value"), found)
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            # Since Wagtail 2.16 list items are {"type": "item", "value": …, "id": …}.
            value = item.get("value") if isinstance(item, dict) and item.get("type") == "item" else item
            _block_forms(block.child_block, value, found)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            _block_forms(child, raw.get(name), found)


def _placed_forms(page: Any) -> set[int]:
    """Form ids placed by blocks in the page's published StreamFields (one query)."""
    model = page.specific_class
    fields = stream_fields(model) if model else []
    if not fields:
        return set()
    row = model._default_manager.filter(pk=page.pk).values_list(*[f.attname for f in fields]).first()
    found: set[int] = set()
    for field, value in zip(fields, row or (), strict=False):
        _block_forms(field.stream_block, getattr(value, "raw_data", value), found)
    return found


def stream_fields(model: Any) -> list[StreamField]:
    return [f for f in model._meta.get_fields() if isinstance(f, StreamField)]


def places_feedback_block(page: Any) -> bool:
    """Whether the page (as loaded, e.g. while it is served) places a form with
    a FeedbackBlock anywhere in its StreamFields."""
    found: set[int] = set()
    for field in stream_fields(type(page)):
        value = getattr(page, field.attname, None)
        _block_forms(field.stream_block, getattr(value, "raw_data", value), found)
    return bool(found)


def form_is_placed(page: Any, form: FeedbackForm) -> bool:
    if form.is_default:
        return True
    key = (page.pk, getattr(page, "latest_revision_id", None), form.pk)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    placed = _placed_forms(page)
    if form.pk in placed:
        answer = True
    else:
        chosen = placed - {0}
        answer = (
            bool(chosen) and FeedbackForm.objects.filter(pk__in=chosen, translation_key=form.translation_key).exists()
        )
    _cache[key] = answer
    if len(_cache) > _MAX_ENTRIES:
        _cache.popitem(last=False)
    return answer


def forget() -> None:
    """Drop the per-process answers (tests)."""
    _cache.clear()
