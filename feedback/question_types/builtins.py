"""The built-in question types, registered through the same hook as any plugin."""

from . import QuestionTypeRegistry
from .choices import MultipleChoiceQuestion, SingleChoiceQuestion
from .scales import NPSQuestion, RatingQuestion, SatisfactionQuestion
from .text import EmailQuestion, LongTextQuestion, ShortTextQuestion
from .yes_no import YesNoQuestion

BUILTIN_TYPES = (
    YesNoQuestion,
    RatingQuestion,
    SatisfactionQuestion,
    NPSQuestion,
    SingleChoiceQuestion,
    MultipleChoiceQuestion,
    ShortTextQuestion,
    LongTextQuestion,
    EmailQuestion,
)


def register_builtin_types(registry: QuestionTypeRegistry) -> None:
    for question_type in BUILTIN_TYPES:
        registry.register(question_type)
