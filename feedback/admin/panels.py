"""Editor panels for feedback forms: questions inline, the type chooser with
icons, and the options of the chosen type only."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel
from wagtail.admin.panels.base import get_form_for_model

from feedback import conditions
from feedback.question_types import UnknownQuestionType, registry

OPTION_PREFIX = "options__"


def option_field_name(type_name: str, option: str) -> str:
    return f"{OPTION_PREFIX}{type_name}__{option}"


class QuestionTypeWidget(forms.RadioSelect):
    """Radio buttons that show each registered type with its icon and description."""

    template_name = "feedback/admin/widgets/question_type.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        types = {t.name: t for t in registry}
        for group in context["widget"]["optgroups"]:
            for option in group[1]:
                qtype = types.get(option["value"])
                option["icon"] = qtype.icon if qtype else "help"
                option["description"] = qtype.description if qtype else ""
        return context


class QuestionAdminForm(WagtailAdminModelForm):
    """Adds every registered type's option fields; only the chosen type's
    options are validated and stored in ``Question.options``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.required_options: set[str] = set()
        current = self.instance.type
        for qtype in registry:
            initial = qtype.option_initial(self.instance.options or {}) if current == qtype.name else {}
            for name, field in qtype.option_fields().items():
                field_name = option_field_name(qtype.name, name)
                if field.required:
                    self.required_options.add(field_name)
                field.required = False
                if name in initial:
                    field.initial = initial[name]
                self.fields[field_name] = field
        if "condition_key" in self.fields:
            # A list of the questions (question-options.js adds those not saved yet).
            self.fields["condition_key"].widget = forms.Select(
                choices=self.condition_choices(), attrs={"data-feedback-condition-question": ""}
            )

    def condition_choices(self) -> list[tuple[str, str]]:
        choices = [("", str(_("Always show this question")))]
        if self.instance.form_id:
            siblings = type(self.instance).objects.filter(form_id=self.instance.form_id)
            if self.instance.sort_order is not None:
                siblings = siblings.filter(sort_order__lt=self.instance.sort_order)
            for key, label in siblings.exclude(pk=self.instance.pk).values_list("key", "label"):
                choices.append((key, f"{label} ({key})"))
        current = self.initial.get("condition_key") or self.data.get(self.add_prefix("condition_key"))
        if current and current not in dict(choices):
            choices.append((current, current))
        return choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        type_name = cleaned.get("type")
        if not type_name:
            return cleaned
        try:
            qtype = registry.get(type_name)
        except UnknownQuestionType:
            self.add_error("type", str(UnknownQuestionType(type_name)))
            return cleaned
        options: dict[str, Any] = {}
        for name, field in qtype.option_fields().items():
            field_name = option_field_name(type_name, name)
            value = cleaned.get(field_name)
            if field_name in self.required_options and value in (None, "", [], ()):
                self.add_error(field_name, field.error_messages["required"])
            options[name] = value
        if not self.errors:
            try:
                self.instance.options = qtype.clean_options(options)
            except ValidationError as error:
                first = next(iter(qtype.option_fields()), None)
                self.add_error(option_field_name(type_name, first) if first else "type", error)
        return cleaned


class QuestionsPanel(InlinePanel):
    """InlinePanel whose child form is :class:`QuestionAdminForm`."""

    def get_form_options(self) -> dict[str, Any]:
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        # The option fields are claimed by QuestionOptionsPanel (so Wagtail does
        # not render them a second time as "missing" fields, whose empty copies
        # the server then read) but are not model fields: the form adds them.
        formset["fields"] = [name for name in formset["fields"] if not name.startswith(OPTION_PREFIX)]
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=QuestionAdminForm,
            fields=formset["fields"],
            widgets=formset["widgets"],
        )
        return options


class QuestionTypePanel(FieldPanel):
    def __init__(self, field_name: str = "type", **kwargs: Any) -> None:
        kwargs.setdefault("widget", QuestionTypeWidget)
        super().__init__(field_name, **kwargs)


class QuestionOptionsPanel(Panel):
    """Renders the option fields of every type; a small script shows only
    those of the type chosen in the same question."""

    def get_form_options(self) -> dict[str, Any]:
        """Claim every type's option fields, so that Wagtail renders them here only."""
        return {"fields": [option_field_name(t.name, name) for t in registry for name in t.option_fields()]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "feedback/admin/panels/question_options.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            groups = []
            for qtype in registry:
                fields = [self.form[option_field_name(qtype.name, n)] for n in qtype.option_fields()]
                if fields:
                    groups.append({"type_name": qtype.name, "fields": fields})
            context["groups"] = groups
            return context


class FeedbackFormAdminForm(WagtailAdminModelForm):
    """Checks what only the whole form can: unique keys and valid conditions."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        formset = self.formsets.get("questions")
        if formset is None or not hasattr(formset, "cleaned_data"):
            return cleaned
        earlier: dict[str, Any] = {}
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            key, condition_key = data.get("key"), data.get("condition_key")
            if key in earlier:
                form.add_error("key", _("Another question already has the key “%(key)s”.") % {"key": key})
            if condition_key:
                self._check_condition(form, earlier.get(condition_key), condition_key, data)
            elif data.get("condition_value"):
                form.add_error("condition_key", _("Choose the question the condition depends on."))
            if key and data.get("type"):
                form.instance.type = data["type"]
                earlier[key] = form.instance
        return cleaned

    def _check_condition(self, form: forms.Form, target: Any, key: str, data: dict[str, Any]) -> None:
        if target is None:
            form.add_error("condition_key", _("“%(key)s” is not the key of an earlier question.") % {"key": key})
            return
        try:
            target_type = registry.get(target.type)(target)
        except UnknownQuestionType:
            return
        if not target_type.condition_operators:
            form.add_error("condition_key", _("Questions of this type cannot be used in a condition."))
            return
        operator = data.get("condition_operator") or conditions.ONE_OF
        if operator not in target_type.condition_operators:
            form.add_error("condition_operator", conditions.errors(operator, "", target_type)[0])
            return
        for message in conditions.errors(operator, data.get("condition_value") or "", target_type):
            form.add_error("condition_value", message)


class FeedbackFallbackPanel(Panel):
    """In the page editor: which placed forms have no version in the page's
    language, so visitors see the site's default form in that language instead."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "feedback/admin/panels/fallback.html"

        def fallbacks(self) -> list[str]:
            # Imported here: feedback.models imports this module (the form
            # editor's panels), and placement imports feedback.models.
            from feedback.models import FeedbackForm
            from feedback.public.placement import _block_forms, stream_fields

            page = self.instance
            if page is None or not getattr(page, "locale_id", None):
                return []
            found: set[int] = set()
            for field in stream_fields(type(page)):
                value = getattr(page, field.attname, None)
                _block_forms(field.stream_block, getattr(value, "raw_data", value), found)
            forms = FeedbackForm.objects.filter(pk__in=found - {0}).exclude(locale_id=page.locale_id)
            return [str(form.title) for form in forms if form.get_translation_or_none(page.locale) is None]

        def is_shown(self) -> bool:
            return super().is_shown() and bool(self.fallbacks())

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["fallbacks"] = self.fallbacks()
            context["language"] = self.instance.locale.get_display_name()
            return context
