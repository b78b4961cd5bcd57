"""The visitor's form: built from a FeedbackForm's questions, validated with
conditions, and saved as one Response with its Answers in one transaction.

Every question is handled through its question type (``formfield()``,
``to_stored()``, ``template_name``); nothing here knows a particular type.
"""

from __future__ import annotations

import copy
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from feedback import conditions
from feedback.models import Answer, FeedbackForm, Question, Response
from feedback.public.inserts import VoteRows
from feedback.public.privacy import apply_pii_policy
from feedback.question_types import UnknownQuestionType
from feedback.question_types.base import QuestionType, StoredValue
from feedback.workers.jobs import aggregate_job_options, enqueue_aggregation
from feedback.workers.queueing import Claim, enqueue_on_commit

FIELD_PREFIX = "q"
HONEYPOT_FIELD = "website"
THANKS_PARAM = "feedback"
SIGNING_SALT = "feedback.widget"
MAX_TOKEN_LENGTH = 300
AGGREGATE_JOB = "feedback.workers.jobs.aggregate_page_job"


class BadToken(Exception):
    """The widget token is missing, malformed or not signed by this site."""


def make_token(page_id: int, form_id: int, rendered_at: float | None = None) -> str:
    """Signed (page, form, render time): proves the form is placed on the page.

    It carries no visitor data, so the page HTML stays cacheable. The render
    time is only used to catch submissions that come impossibly fast.
    """
    return signing.dumps([page_id, form_id, int(rendered_at or time.time())], salt=SIGNING_SALT, compress=False)


#: Tokens this process has verified (every visitor of a cached page sends the same one).
_verified: OrderedDict[tuple[str, str], tuple[int, int, int]] = OrderedDict()
MAX_VERIFIED = 4096


def read_token(token: Any) -> tuple[int, int, int]:
    """(page id, form id, render time) from a token; raises :class:`BadToken`."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadToken
    known = _verified.get((token, settings.SECRET_KEY))
    if known is not None:
        return known
    try:
        value = signing.loads(token, salt=SIGNING_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise BadToken
    if not (isinstance(value, list) and len(value) == 3 and all(type(v) is int for v in value)):
        raise BadToken
    _verified[(token, settings.SECRET_KEY)] = result = (value[0], value[1], value[2])
    if len(_verified) > MAX_VERIFIED:
        _verified.popitem(last=False)
    return result


@dataclass
class Target:
    """What a submission is about: a live page and a form with its questions."""

    page: Page
    form: FeedbackForm
    questions: list[Question]
    #: The page's canonical address as Wagtail builds it (stored with each vote).
    page_url: str = ""
    #: The page's address for a request's (host, port), as Wagtail gives it.
    urls: dict[tuple[str, str], str] = field(default_factory=dict)

    @cached_property
    def prototype(self) -> FormPrototype:
        """The visitor form's fields, built once for as long as the target is kept."""
        return FormPrototype(self.questions)


def usable_questions(questions: Iterable[Question]) -> list[Question]:
    """Questions whose type is registered (others are skipped, not fatal)."""
    result = []
    for question in questions:
        try:
            question.question_type  # noqa: B018 - resolves the plugin
        except UnknownQuestionType:
            continue
        result.append(question)
    return result


class FormPrototype:
    """The usable questions and a form field for each: a visitor form gets a
    copy of the fields (as Django copies a form class's declared fields)
    instead of asking every question type again."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = usable_questions(questions)
        self.by_key = {q.key: q for q in self.questions}
        self.fields: dict[str, forms.Field] = {}
        for question in self.questions:
            formfield = question.question_type.formfield()
            if question.is_conditional:
                formfield.required = False
            self.fields[question.key] = formfield


class VisitorForm(forms.Form):
    """A Django form with one field per question, keyed by the question's key.

    Conditional questions are never required at field level: :meth:`clean`
    requires them only when their condition holds and drops answers to
    questions whose condition does not hold.
    """

    prefix = FIELD_PREFIX
    # Validation messages come from the server (or the JSON API), translated
    # and consistent, instead of the browser's own bubbles.
    use_required_attribute = False
    #: Whether the form uses the kept target's fields as they are instead of
    #: copies: for a form that is only validated, never rendered (validating
    #: reads a field and never changes it, see ``QuestionType.formfield``).
    shares_fields = False

    def __init__(
        self, questions: Sequence[Question], *args: Any, prototype: FormPrototype | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._stored: dict[str, list[StoredValue]] = {}
        if prototype is None:
            prototype = FormPrototype(questions)
            self.fields.update(prototype.fields)  # (built for this form alone)
        elif self.shares_fields:
            self.fields.update(prototype.fields)
        else:
            self.fields.update(copy.deepcopy(prototype.fields))
        self.questions = prototype.questions
        self.by_key = prototype.by_key

    # --- conditions -------------------------------------------------------
    def condition_holds(self, question: Question, values: Mapping[str, Any], _depth: int = 0) -> bool:
        """Whether ``question`` is shown given the answers in ``values``."""
        if not question.is_conditional:
            return True
        parent = self.by_key.get(question.condition_key)
        if parent is None or parent is question or _depth > 20:
            return False
        if not self.condition_holds(parent, values, _depth + 1):
            return False
        value = values.get(parent.key)
        qtype = parent.question_type
        stored = [] if qtype.is_empty(value) else qtype.to_stored(value)
        return conditions.holds(question.condition_operator, question.condition_value, qtype, stored)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        errors = self.errors  # (the dict full_clean() is filling)
        for question in self.questions:
            key = question.key
            if not self.condition_holds(question, cleaned):
                # Not shown: ignore whatever was sent, including invalid values.
                cleaned.pop(key, None)
                errors.pop(key, None)
                continue
            if key in errors:
                continue
            qtype = question.question_type
            value = cleaned.get(key)
            if question.is_conditional and question.required and qtype.is_empty(value):
                field = self.fields[key]
                self.add_error(key, ValidationError(field.error_messages["required"], code="required"))
                continue
            self._stored[key] = self._apply_pii_policy(key, qtype, value)
        return cleaned

    def _apply_pii_policy(self, key: str, qtype: QuestionType, value: Any) -> list[StoredValue]:
        """The stored values with the PII policy applied to their text, for every
        type (a plugin's compound value may carry text too)."""
        stored = [] if qtype.is_empty(value) else qtype.to_stored(value)
        if qtype.stores_personal_data:
            return stored
        result: list[StoredValue] = []
        for item in stored:
            if item.text:
                try:
                    item = replace(item, text=apply_pii_policy(item.text))
                except ValidationError as error:
                    self.add_error(key, error)
            result.append(item)
        return result

    # --- results ------------------------------------------------------------
    def stored_values(self) -> list[tuple[Question, StoredValue]]:
        """The values to store, in question order (after ``is_valid()``)."""
        result: list[tuple[Question, StoredValue]] = []
        for question in self.questions:
            if question.key in self.cleaned_data:
                result.extend((question, stored) for stored in self._stored.get(question.key, []))
        return result

    def error_dict(self) -> dict[str, list[str]]:
        """Errors keyed by question key ("__all__" for the form), as plain strings."""
        return {key: [str(message) for message in errors] for key, errors in self.errors.items()}


class JSONVisitorForm(VisitorForm):
    """The same form fed from the JSON API: each answer is given to the field
    as the widget would have produced it (a string, or a list for fields that
    take several values). It is never rendered, so it shares the kept
    target's fields (copying them was nearly a tenth of a vote's CPU time)."""

    shares_fields = True

    def _widget_data_value(self, widget: forms.Widget, html_name: str) -> Any:
        return self.data.get(html_name)


JSON_SCALARS = (str, int, float, bool)


class BadAnswers(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def json_form(questions: Sequence[Question], answers: Any, prototype: FormPrototype | None = None) -> JSONVisitorForm:
    """Build the form from a JSON ``answers`` object; raises :class:`BadAnswers`
    for keys that are not questions of the form and values of the wrong shape."""
    if not isinstance(answers, dict):
        raise BadAnswers({"__all__": [str(_("“answers” must be an object keyed by question."))]})
    form = JSONVisitorForm(questions, data={}, prototype=prototype)
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for key, value in answers.items():
        if key not in form.by_key:
            errors[str(key)[:60]] = [str(_("This form has no such question."))]
        elif value is None or isinstance(value, JSON_SCALARS):
            data[form.add_prefix(key)] = value if isinstance(value, str) or value is None else _json_scalar(value)
        elif (
            isinstance(value, list)
            and takes_list(form.fields[key].widget)
            and all(v is None or isinstance(v, JSON_SCALARS) for v in value)
        ):
            data[form.add_prefix(key)] = [v if v is None or isinstance(v, str) else _json_scalar(v) for v in value]
        else:
            errors[key] = [str(_("This answer has the wrong format."))]
    if errors:
        raise BadAnswers(errors)
    form.data = data  # (still unvalidated: the fields read it when the form is cleaned)
    return form


def takes_list(widget: forms.Widget) -> bool:
    """Whether the widget sends several values (checkboxes, multi-widgets)."""
    return isinstance(widget, forms.MultiWidget) or bool(getattr(widget, "allow_multiple_selected", False))


def _json_scalar(value: Any) -> Any:
    # Booleans keep their type (a consent box); numbers become the string a browser would send.
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def save_response(
    *,
    target: Target,
    values: Sequence[tuple[Question, StoredValue]],
    client_hash: str,
    page_url: str,
    claim: Claim | None = None,
) -> Response:
    """Store one Response and its Answers atomically; enqueue aggregation after
    commit (``claim``: the page's aggregation was claimed, or found queued,
    in the vote's round trip before the transaction)."""
    page, form = target.page, target.form
    # Everything but the statements is prepared first: on SQLite the other
    # web processes wait for the write lock while the transaction is open.
    response = Response(
        page_id=page.pk,  # (ids: setting the related objects costs more and nothing reads them)
        source_page_id=page.pk,
        page_path=page.url_path[:255],
        page_url=(page_url or "")[:500],
        page_title=page.title[:255],
        page_translation_key=page.translation_key,
        language_code=page.locale.language_code,
        form_id=form.pk,
        form_translation_key=form.translation_key,
        client_hash=client_hash,
    )
    rows = VoteRows(response, [Answer.from_stored(response, question, value) for question, value in values])
    options = {**aggregate_job_options(page.pk), "coalesce_key": claim.key, "claim": claim} if claim else {}
    with transaction.atomic(using=rows.alias):
        rows.insert()
        # Best effort after commit: a Redis outage never fails the vote.
        if claim is None:
            enqueue_aggregation(page.pk)
        else:
            enqueue_on_commit("aggregate", AGGREGATE_JOB, page.pk, None, **options)
    return response


def thanks_marker(form_id: int) -> str:
    """The query-string value (``?feedback=…``) that shows the thank-you text of a form.

    Chosen by query string, not cookie or session, so every variant of the page
    stays cacheable."""
    return f"thanks-{form_id}"


def widget_auto_id(form_id: int, suffix: str = "") -> str:
    """The id pattern of a widget's fields (the same when errors are re-rendered)."""
    return f"feedback-{form_id}{suffix}-%s"


class BoundSubmission:
    """A failed submission handed to the template tag through the request."""

    def __init__(
        self,
        page_id: int,
        form_id: int,
        form: VisitorForm | None,
        message: Any = None,
        rendered_at: int | None = None,
    ) -> None:
        self.page_id = page_id
        self.form_id = form_id
        self.form = form
        self.message = message
        #: When the form was first rendered (from the sent token), kept in the re-rendered form.
        self.rendered_at = rendered_at

    def matches(self, page_id: int, form_id: int) -> bool:
        return self.page_id == page_id and self.form_id == form_id
