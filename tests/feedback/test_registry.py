"""The question-type registry and its system check."""

import pytest
from django.core import checks
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from feedback.models import Question
from feedback.question_types import InvalidQuestionType, QuestionTypeRegistry, UnknownQuestionType, registry
from feedback.question_types.yes_no import YesNoQuestion
from tests.factories import make_form


class Smiley(YesNoQuestion):
    name = "smiley"
    verbose_name = _("Smiley")


def test_registry_fills_itself_from_the_hook():
    fresh = QuestionTypeRegistry()
    with hooks.register_temporarily("register_feedback_question_types", lambda r: r.register(Smiley)):
        assert fresh.get("smiley") is Smiley
    assert fresh.get("yes_no") is YesNoQuestion  # built-ins come through the same hook


@pytest.mark.parametrize(
    "bad",
    [
        object,
        type("NoName", (YesNoQuestion,), {"name": ""}),
        type("Spaces", (YesNoQuestion,), {"name": "has space"}),
        type("NoLabel", (YesNoQuestion,), {"name": "nolabel", "verbose_name": ""}),
    ],
)
def test_register_rejects_invalid_types(bad):
    with pytest.raises(InvalidQuestionType):
        QuestionTypeRegistry().register(bad)


def test_duplicate_names_need_override():
    fresh = QuestionTypeRegistry()
    fresh.register(Smiley)
    other = type("OtherSmiley", (Smiley,), {})
    with pytest.raises(InvalidQuestionType, match="already registered"):
        fresh.register(other)
    fresh.register(other, override=True)
    assert fresh.get("smiley") is other


def test_unknown_name_raises_named_error():
    with pytest.raises(UnknownQuestionType, match="nonexistent"):
        registry.get("nonexistent")


def test_allow_list_limits_what_editors_can_choose(settings):
    settings.WAGTAIL_FEEDBACK_QUESTION_TYPES = ["yes_no", "long_text"]
    assert [name for name, _label in registry.choices()] == ["yes_no", "long_text"]
    assert registry.get("nps")  # stored answers of other types can still be read


@pytest.mark.django_db
def test_system_check_warns_about_unregistered_types_in_use():
    form = make_form()
    Question.objects.filter(form=form).update(type="vanished")
    warnings = [m for m in checks.run_checks(databases=["default"]) if m.id == "feedback.W001"]
    assert len(warnings) == 1 and "vanished" in warnings[0].msg


def test_first_use_from_many_threads_sees_the_whole_registry():
    """Ten requests right after a restart: none may see a half-scanned registry
    (it used to answer "unknown type" to all but the first)."""
    import threading
    import time

    def slow_hook(registry):  # a hook that takes a moment, as a real import does
        time.sleep(0.2)
        registry.register(Smiley)

    fresh = QuestionTypeRegistry()
    barrier = threading.Barrier(10)
    found: list[object] = []

    def lookup() -> None:
        barrier.wait()
        try:
            found.append(fresh.get("smiley"))
        except UnknownQuestionType as error:
            found.append(error)

    with hooks.register_temporarily("register_feedback_question_types", slow_hook):
        threads = [threading.Thread(target=lookup) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert found == [Smiley] * 10
