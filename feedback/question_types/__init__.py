"""The question-type registry, filled lazily through a Wagtail hook.

Every type, built-in or third-party, arrives the same way: a function
registered for the ``register_feedback_question_types`` hook receives the
registry and calls :meth:`QuestionTypeRegistry.register`.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from feedback.conf import get_setting
from feedback.registry import HookRegistry

from .base import QuestionType

__all__ = [
    "QuestionType",
    "QuestionTypeRegistry",
    "UnknownQuestionType",
    "InvalidQuestionType",
    "registry",
]

HOOK_NAME = "register_feedback_question_types"


class UnknownQuestionType(LookupError):
    """Raised when no registered question type has the requested name."""


class InvalidQuestionType(ImproperlyConfigured):
    """Raised when something that is not a valid question type is registered."""


class QuestionTypeRegistry(HookRegistry[type[QuestionType]]):
    base_class = QuestionType
    kind = "question type"
    unknown_error = UnknownQuestionType
    invalid_error = InvalidQuestionType

    def __init__(self, hook_name: str = HOOK_NAME) -> None:
        super().__init__(hook_name)

    def available(self, name: str) -> bool:
        """Editors may choose only allowed types (``WAGTAIL_FEEDBACK_QUESTION_TYPES``);
        stored answers of other registered types can still be read."""
        allowed = get_setting("QUESTION_TYPES")
        return allowed is None or name in allowed


#: The registry the engine uses.
registry = QuestionTypeRegistry()


def question_type_choices() -> list[tuple[str, str]]:
    """Callable ``choices`` for ``Question.type``: no migration per plugin."""
    return registry.choices()
