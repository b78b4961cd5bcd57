"""The question-type registry, filled lazily through a Wagtail hook.

Every type, built-in or third-party, arrives the same way: a function
registered for the ``register_feedback_question_types`` hook receives the
registry and calls :meth:`QuestionTypeRegistry.register`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured

from .base import QuestionType

__all__ = [
    "QuestionType",
    "QuestionTypeRegistry",
    "UnknownQuestionType",
    "InvalidQuestionType",
    "registry",
]

HOOK_NAME = "register_feedback_question_types"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


class UnknownQuestionType(LookupError):
    """Raised when no registered question type has the requested name."""


class InvalidQuestionType(ImproperlyConfigured):
    """Raised when something that is not a valid question type is registered."""


class QuestionTypeRegistry:
    def __init__(self, hook_name: str = HOOK_NAME) -> None:
        self.hook_name = hook_name
        self._types: dict[str, type[QuestionType]] = {}
        self._scanned = False

    def register(self, question_type: type[QuestionType], *, override: bool = False) -> type[QuestionType]:
        """Add a type. Usable as a decorator. Duplicate names need ``override=True``."""
        if not (isinstance(question_type, type) and issubclass(question_type, QuestionType)):
            raise InvalidQuestionType(f"{question_type!r} is not a subclass of feedback.question_types.QuestionType.")
        name = question_type.name
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise InvalidQuestionType(
                f"{question_type.__qualname__}.name must be a lowercase identifier "
                f"(letters, digits, underscores, at most 50 characters); got {name!r}."
            )
        if not question_type.verbose_name:
            raise InvalidQuestionType(f"{question_type.__qualname__} needs a verbose_name.")
        existing = self._types.get(name)
        if existing is not None and existing is not question_type and not override:
            raise InvalidQuestionType(
                f"A question type named {name!r} is already registered ({existing.__module__}."
                f"{existing.__qualname__}); pass override=True to replace it."
            )
        self._types[name] = question_type
        return question_type

    def unregister(self, name: str) -> None:
        self._scan()
        self._types.pop(name, None)

    def _scan(self) -> None:
        if self._scanned:
            return
        # Set first so that a hook looking something up does not recurse.
        self._scanned = True
        from wagtail import hooks

        for fn in hooks.get_hooks(self.hook_name):
            fn(self)

    def _allowed(self) -> set[str] | None:
        from feedback.conf import get_setting

        allowed = get_setting("QUESTION_TYPES")
        return None if allowed is None else set(allowed)

    def get(self, name: str) -> type[QuestionType]:
        """The type registered under ``name``; raises :class:`UnknownQuestionType`."""
        self._scan()
        try:
            return self._types[name]
        except KeyError:
            raise UnknownQuestionType(f"No feedback question type named {name!r} is registered.") from None

    def is_registered(self, name: str) -> bool:
        self._scan()
        return name in self._types

    def __iter__(self) -> Iterator[type[QuestionType]]:
        """Types available to editors (registered and allowed), in registration order."""
        self._scan()
        allowed = self._allowed()
        return iter([t for n, t in self._types.items() if allowed is None or n in allowed])

    def choices(self) -> list[tuple[str, str]]:
        return [(t.name, str(t.verbose_name)) for t in self]

    def reset(self) -> None:
        """Forget everything and scan the hooks again on next use (for tests)."""
        self._types.clear()
        self._scanned = False


#: The registry the engine uses.
registry = QuestionTypeRegistry()


def question_type_choices() -> list[tuple[str, str]]:
    """Callable ``choices`` for ``Question.type``: no migration per plugin."""
    return registry.choices()
