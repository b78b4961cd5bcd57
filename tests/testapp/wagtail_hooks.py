from wagtail import hooks

from .question_types import ThumbsQuestion


@hooks.register("register_feedback_question_types")
def register_thumbs(registry):  # type: ignore[no-untyped-def]
    registry.register(ThumbsQuestion)
