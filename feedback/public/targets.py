"""What a vote is for, kept in each web process between votes.

Loading the page, the form with its questions and the page's view
restrictions costs four queries, most of a vote's database time. Each process
keeps them per (page, form) and checks a version number in the shared cache
(one Redis round trip) on every vote. Any change that could alter a vote's
target bumps the version after its transaction commits: a page saved,
published, unpublished, moved or deleted; a form or question saved or
deleted; a view restriction changed; a site changed (a kept target holds
the page's addresses). So another process never uses a changed
form, and a page unpublished a moment ago takes at most the votes already in
flight. Without the shared cache (Redis down), nothing is cached: every vote
loads its target from the database, as before; the same on a site without
the engine's own shared cache (see :func:`current_version`).
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from wagtail.models import Page

from feedback.conf import cache_alias, feedback_cache, get_setting
from feedback.models import FeedbackForm, Question
from feedback.public.circuit import cache_breaker
from feedback.public.submission import Target

VERSION_KEY = "feedback:targets:version"
#: Entries older than this are reloaded even if the version did not change
#: (a change made outside Django, straight in the database).
MAX_AGE = 300.0
MAX_ENTRIES = 2000


PAGE_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "translation_key",
    "locale",
    "content_type",
    "latest_revision",
    "alias_of",
)
QUESTION_FIELDS = (
    "id",
    "translation_key",
    "locale",
    "form",
    "sort_order",
    "key",
    "type",
    "label",
    "help_text",
    "required",
    "options",
    "condition_key",
    "condition_operator",
    "condition_value",
)
FORM_FIELDS = ("id", "translation_key", "locale", "title", "thank_you_text", "submit_label", "is_default")


def load_target(page_id: int, form_id: int) -> Target | None:
    """The live page and the form's questions, in two queries (no ``.specific``)."""
    # Only the columns a vote needs: compiling and loading every Page column
    # cost more than the query itself.
    page = (
        Page.objects.filter(pk=page_id, live=True)
        .select_related("locale")
        .only(*PAGE_FIELDS, "locale__language_code")
        .first()
    )
    if page is None:
        return None
    questions = list(
        Question.objects.filter(form_id=form_id)
        .select_related("form")
        .only(*QUESTION_FIELDS, *(f"form__{name}" for name in FORM_FIELDS))
        .order_by("sort_order", "pk")
    )
    if questions:
        form = questions[0].form
    else:
        form = FeedbackForm.objects.filter(pk=form_id).first()
        if form is None:
            return None
    return Target(page=page, form=form, questions=questions)


@dataclass(frozen=True)
class CachedTarget:
    target: Target
    #: The page's view restrictions (Wagtail's, on the page and its ancestors).
    restrictions: tuple[Any, ...]
    version: int
    loaded_at: float


_entries: OrderedDict[tuple[int, int], CachedTarget] = OrderedDict()


def new_version() -> int:
    # An integer: Django's Redis backend stores it as a plain number, so it can
    # be read in the rate limit's pipeline (ratelimit.reserve(read=...)).
    return secrets.randbits(62)


def _own_shared_cache() -> bool:
    # False on the fallback to Django's default cache, which may be per process.
    return cache_alias() == get_setting("CACHE")


def current_version() -> int | None:
    """The shared version, or ``None`` when the cache cannot be reached or is
    not the engine's own (the fallback to Django's default cache may be per
    process: a change made in another process would go unseen)."""
    if not _own_shared_cache():
        return None
    breaker = cache_breaker()
    if not breaker.allows():
        return None
    try:
        cache = feedback_cache()
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception as error:  # any cache backend error: no caching for a while
        breaker.trip(error)
        return None
    try:
        return int(version)
    except (TypeError, ValueError):
        return None


def get(page_id: int, form_id: int, version: int | None = None) -> tuple[Target, tuple[Any, ...]] | None:
    """The vote's target and the page's view restrictions; ``None`` when the
    page is not live or the form is gone. ``version``: the shared version when
    the caller already read it (in the rate limit's round trip)."""
    if not _own_shared_cache():
        version = None  # (see current_version)
    elif version is None:
        version = current_version()
    key = (page_id, form_id)
    entry = _entries.get(key)
    if entry is not None and version is not None and entry.version == version and _young(entry):
        _entries.move_to_end(key)
        return entry.target, entry.restrictions
    target = load_target(page_id, form_id)
    if target is None:
        _entries.pop(key, None)
        return None
    restrictions = tuple(target.page.get_view_restrictions())
    target.page_url = target.page.get_full_url() or ""
    if version is not None:
        _entries[key] = CachedTarget(target, restrictions, version, time.monotonic())
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return target, restrictions


def cached(page_id: int, form_id: int) -> CachedTarget | None:
    """This process's entry for (page, form), still to be checked against the
    shared version (the caller reads it in a round trip of its own, and
    compares it with the entry's ``version``); ``None`` when there is no
    entry, it is too old, or the shared cache is not the engine's own or is
    known to be down (then :func:`get` loads from the database)."""
    if not _own_shared_cache() or not cache_breaker().allows():
        return None
    entry = _entries.get((page_id, form_id))
    return entry if entry is not None and _young(entry) else None


def _young(entry: CachedTarget) -> bool:
    return time.monotonic() - entry.loaded_at < MAX_AGE


def changed(**_kwargs: Any) -> None:
    """Signal receiver: this process reloads at once, every process after the
    transaction commits (a reload before the commit would see the old rows)."""
    forget()
    transaction.on_commit(bump_version)


def forget() -> None:
    _entries.clear()


def _saved_or_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    # Connected for every model: a page's save is sent for its concrete class.
    if isinstance(instance, _watched()):
        changed()


def _watched() -> tuple[type, ...]:
    from wagtail.models import Page, PageViewRestriction, Site

    from feedback.models import FeedbackForm, Question

    # Sites: a kept target holds the page's addresses.
    return (Page, FeedbackForm, Question, PageViewRestriction, Site)


def bump_version() -> None:
    forget()
    try:
        feedback_cache().set(VERSION_KEY, new_version(), timeout=None)
    except Exception as error:  # the cache is down: nobody caches until it is back
        cache_breaker().trip(error)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(changed, dispatch_uid="feedback-targets-published")
    page_unpublished.connect(changed, dispatch_uid="feedback-targets-unpublished")
    post_page_move.connect(changed, dispatch_uid="feedback-targets-moved")
    post_save.connect(_saved_or_deleted, dispatch_uid="feedback-targets-saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="feedback-targets-deleted")
    m2m_changed.connect(
        changed, sender=PageViewRestriction.groups.through, dispatch_uid="feedback-targets-restriction-groups"
    )
