"""Template tags placing the visitor's feedback widget on a page.

``{% feedback_for_page page %}``
    The site's default form at the end of ``page`` when
    ``page.shows_default_feedback()`` says so (see FeedbackPageMixin).
``{% feedback_form form page %}``
    A given form (``None``: the default form in the page's language).

The HTML is the same for every visitor (no token, no cookie), so pages stay
cacheable; the thank-you text is chosen by the ``?feedback=thanks-<id>`` marker.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from feedback import conditions
from feedback.mixins import default_feedback_shown
from feedback.models import FeedbackForm
from feedback.public.submission import (
    HONEYPOT_FIELD,
    THANKS_PARAM,
    BoundSubmission,
    VisitorForm,
    make_token,
    takes_list,
    thanks_marker,
    widget_auto_id,
)

register = template.Library()


def first_input_id(bound_field: forms.BoundField) -> str:
    """The id of the control an error-summary link should focus.

    Widgets that render several inputs (radio and checkbox lists, multi-widgets)
    number them ``<id>_0``, ``<id>_1``…; Django's naming, not a question type's.
    """
    widget = bound_field.field.widget
    several = isinstance(widget, forms.MultiWidget) or (
        isinstance(widget, forms.widgets.ChoiceWidget) and widget.input_type in ("radio", "checkbox")
    )
    return f"{bound_field.auto_id}_0" if several else bound_field.auto_id


def _render_counter(request: Any, form_id: int) -> str:
    """A suffix keeping ids unique when one form appears twice on a page."""
    if request is None:
        return ""
    seen: dict[int, int] = request.__dict__.setdefault("_feedback_widgets", {})
    seen[form_id] = seen.get(form_id, 0) + 1
    return "" if seen[form_id] == 1 else f"-{seen[form_id]}"


def _first_widget_on_page(request: Any) -> bool:
    if request is None:
        return True
    first = not request.__dict__.get("_feedback_assets", False)
    request.__dict__["_feedback_assets"] = True
    return first


def localized_form(form: FeedbackForm, page: Page) -> FeedbackForm:
    """The form in the page's language: its translation, else the site's default
    form in that language (never another language's questions inside this
    page's buttons and messages), else the form as it is."""
    if form.locale_id == page.locale_id:
        return form
    translated = form.get_translation_or_none(page.locale)
    if translated is not None:
        return translated
    return FeedbackForm.objects.filter(is_default=True, locale_id=page.locale_id).first() or form


def render_widget(
    context: dict[str, Any], form: FeedbackForm | None, page: Page | None, *, preview: bool = False
) -> SafeString:
    """The widget HTML for ``form`` on ``page`` (empty when there is nothing to show).

    ``preview`` renders ``form`` without a page (the snippet preview): it cannot be sent.
    """
    if not preview:
        if page is None or not getattr(page, "pk", None):
            return mark_safe("")  # noqa: S308 - an empty string
        if form is None:
            form = FeedbackForm.get_default(page.locale)
            if form is None:
                return mark_safe("")  # noqa: S308 - an empty string
        form = localized_form(form, page)
    if form is None:
        return mark_safe("")  # noqa: S308 - an empty string
    request = context.get("request")
    language = page.locale.language_code if page is not None else form.locale.language_code

    with translation.override(language):
        submission = getattr(request, "feedback_submission", None)
        bound: VisitorForm | None = None
        message = None
        rendered_at = None  # after an error, the form keeps its first render time
        if isinstance(submission, BoundSubmission) and page is not None and submission.matches(page.pk, form.pk):
            bound, message, rendered_at = submission.form, submission.message, submission.rendered_at
        suffix = _render_counter(request, form.pk)
        visitor_form = bound or VisitorForm(list(form.questions.all()), auto_id=widget_auto_id(form.pk, suffix))
        thanks = (
            not preview
            and bound is None
            and request is not None
            and request.GET.get(THANKS_PARAM) == thanks_marker(form.pk)
        )

        items = _question_items(visitor_form)
        errors = []
        if visitor_form.is_bound:
            errors = [
                {"href": f"#{item['first_input_id']}", "message": error}
                for item in items
                for error in item["field"].errors
            ]
        widget_id = f"feedback-{form.pk}{suffix}"
        html = render_to_string(
            "feedback/widget.html",
            {
                "feedback_form": form,
                "page": page,
                "widget_id": widget_id,
                # The fragment: a no-JS error page opens scrolled to (and focused on) its error summary.
                "action": "" if preview else f"{reverse('feedback:submit')}#{widget_id}-errors",
                # After an error, the form keeps its first render time: the bot check's clock
                # must not restart while a person corrects a mistake.
                "token": "" if preview or page is None else make_token(page.pk, form.pk, rendered_at),
                "preview": preview,
                "questions": items,
                "non_field_errors": list(visitor_form.non_field_errors()) if visitor_form.is_bound else [],
                "errors": errors,
                "message": message,
                "thanks": thanks,
                "thank_you_text": form.thank_you_message(),
                "submit_label": form.submit_label or _("Send"),
                "honeypot_name": HONEYPOT_FIELD,
                "include_assets": _first_widget_on_page(request),
            },
            request=request,
        )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def _question_items(visitor_form: VisitorForm) -> list[dict[str, Any]]:
    items = []
    for question in visitor_form.questions:
        qtype = question.question_type
        bound_field = visitor_form[question.key]
        condition_note = ""
        if question.is_conditional:
            parent = visitor_form.by_key.get(question.condition_key)
            if parent is not None:
                condition_note = conditions.describe(
                    question.condition_operator, question.condition_value, parent.question_type
                )
        type_context = {
            "field": bound_field,
            "question": question,
            "question_type": qtype,
            "optional": not question.required,
        }
        items.append(
            {
                "question": question,
                "field": bound_field,
                "first_input_id": first_input_id(bound_field),
                "takes_list": takes_list(bound_field.field.widget),
                "condition_note": condition_note,
                "html": render_to_string(qtype.template_name, type_context),
            }
        )
    return items


@register.simple_tag(takes_context=True)
def feedback_form(context: dict[str, Any], form: FeedbackForm | None, page: Page | None = None) -> SafeString:
    """Render ``form`` (or the default form when ``None``) for ``page``."""
    return render_widget(context, form, page if page is not None else context.get("page"))


@register.simple_tag(takes_context=True)
def feedback_for_page(context: dict[str, Any], page: Page | None = None) -> SafeString:
    """The default form at the end of ``page``, if the page and the site settings
    want it: on any page model (``FeedbackPageMixin`` adds a per-page switch)."""
    page = page if page is not None else context.get("page")
    if not isinstance(page, Page):
        return mark_safe("")  # noqa: S308 - an empty string
    shows = getattr(page, "shows_default_feedback", None)
    shown = shows(context.get("request")) if shows is not None else default_feedback_shown(page, context.get("request"))
    if not shown:
        return mark_safe("")  # noqa: S308 - an empty string
    return render_widget(context, None, page)


@register.simple_tag(takes_context=True)
def feedback_title_prefix(context: dict[str, Any]) -> str:
    """ "Fel: " (translated "Error: ") for the page's ``<title>`` when it shows a
    feedback form with errors, as GOV.UK's error pattern asks; "" otherwise."""
    request = context.get("request")
    submission = getattr(request, "feedback_submission", None)
    if isinstance(submission, BoundSubmission) and submission.form is not None and submission.form.errors:
        return _("Error:") + " "
    return ""


@register.simple_tag(takes_context=True)
def feedback_preview(context: dict[str, Any], form: FeedbackForm) -> SafeString:
    """``form`` as visitors see it, without a page (the snippet preview); not sendable."""
    return render_widget(context, form, None, preview=True)
