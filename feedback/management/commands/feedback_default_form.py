"""Create the default "Was this helpful?" form in the site's content languages.

The form is created in the site's default content language and translated
into the other languages of ``WAGTAIL_CONTENT_LANGUAGES`` for which the
engine has a text (Swedish, Norwegian Bokmål, Danish, English); no locale is
created that the site does not use. Idempotent: an existing default form is
kept, and only missing translations are created. Translations go through wagtail-localize (a translation source
plus string translations), so editors can keep editing them in the admin and
a later sync does not overwrite them with Swedish.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale

from feedback.models import FeedbackForm, Question

SOURCE_LANGUAGE = "sv"

NO_PERSONAL_DETAILS = (
    "Skriv inte personuppgifter som namn, personnummer, telefonnummer eller e-postadress. "
    "Vi kan inte svara på frågor här."
)

FORM = {
    "title": "Tyck till om sidan",
    "thank_you_text": "Tack för ditt svar!",
    "privacy_notice": "Svaren är anonyma. Skriv inte personuppgifter.",
    "submit_label": "Skicka",
}

QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "helpful",
        "type": "yes_no",
        "label": "Hade du nytta av innehållet på den här sidan?",
        "required": True,
    },
    {
        "key": "missing",
        "type": "long_text",
        "label": "Vad saknade du?",
        "help_text": NO_PERSONAL_DETAILS,
        "required": True,
        "condition_key": "helpful",
        "condition_value": "no",
    },
    {
        "key": "comment",
        "type": "long_text",
        "label": "Vill du lägga till något?",
        "help_text": NO_PERSONAL_DETAILS,
        "required": False,
        "condition_key": "helpful",
        "condition_value": "yes",
    },
]

#: Swedish source text -> translation, per language.
TRANSLATIONS: dict[str, dict[str, str]] = {
    "nb": {
        "Tyck till om sidan": "Si din mening om siden",
        "Tack för ditt svar!": "Takk for svaret ditt!",
        "Svaren är anonyma. Skriv inte personuppgifter.": "Svarene er anonyme. Ikke skriv personopplysninger.",
        "Skicka": "Send",
        "Hade du nytta av innehållet på den här sidan?": "Hadde du nytte av innholdet på denne siden?",
        "Vad saknade du?": "Hva savnet du?",
        "Vill du lägga till något?": "Vil du legge til noe?",
        NO_PERSONAL_DETAILS: (
            "Ikke skriv personopplysninger som navn, fødselsnummer, telefonnummer eller e-postadresse. "
            "Vi kan ikke svare på spørsmål her."
        ),
    },
    "da": {
        "Tyck till om sidan": "Sig din mening om siden",
        "Tack för ditt svar!": "Tak for dit svar!",
        "Svaren är anonyma. Skriv inte personuppgifter.": "Svarene er anonyme. Skriv ikke personoplysninger.",
        "Skicka": "Send",
        "Hade du nytta av innehållet på den här sidan?": "Fik du gavn af indholdet på denne side?",
        "Vad saknade du?": "Hvad manglede du?",
        "Vill du lägga till något?": "Vil du tilføje noget?",
        NO_PERSONAL_DETAILS: (
            "Skriv ikke personoplysninger som navn, CPR-nummer, telefonnummer eller e-mailadresse. "
            "Vi kan ikke besvare spørgsmål her."
        ),
    },
    "en": {
        "Tyck till om sidan": "Tell us what you think of this page",
        "Tack för ditt svar!": "Thank you for your answer!",
        "Svaren är anonyma. Skriv inte personuppgifter.": "Answers are anonymous. Do not write personal details.",
        "Skicka": "Send",
        "Hade du nytta av innehållet på den här sidan?": "Was the content on this page useful to you?",
        "Vad saknade du?": "What was missing?",
        "Vill du lägga till något?": "Would you like to add anything?",
        NO_PERSONAL_DETAILS: (
            "Do not write personal details such as your name, identity number, phone number or e-mail address. "
            "We cannot answer questions here."
        ),
    },
}


#: Every language with a built-in text (Swedish is the source text itself).
TEXTS: dict[str, dict[str, str]] = {SOURCE_LANGUAGE: {}, **TRANSLATIONS}
TEXT_FIELDS = {"label", "help_text"}


def content_languages() -> list[str]:
    """The site's content languages, its default first (Wagtail's own reading
    of ``WAGTAIL_CONTENT_LANGUAGES`` and ``LANGUAGE_CODE``)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return [default, *(code for code in get_content_languages() if code != default)]


class Command(BaseCommand):
    help = "Create the default “Was this helpful?” feedback form in the site's content languages."

    def handle(self, *args: Any, **options: Any) -> None:
        languages = content_languages()
        source_language = languages[0]
        with transaction.atomic():
            source = self.source_form(source_language)
            for language in languages[1:]:
                if language not in TEXTS:
                    self.stdout.write(f"No built-in text in {language}: translate the form in the admin.")
                elif not apps.is_installed("wagtail_localize"):
                    self.stdout.write(f"Not translated into {language}: wagtail-localize is not installed.")
                else:
                    self.translate(source, source_language, language)

    def locale(self, language: str) -> Locale:
        locale, _created = Locale.objects.get_or_create(language_code=language)
        return locale

    def source_form(self, language: str) -> FeedbackForm:
        locale = self.locale(language)
        form = FeedbackForm.objects.filter(is_default=True, locale=locale).first()
        if form is not None:
            self.stdout.write(f"The default feedback form exists already: {form} (id {form.pk}).")
            return form
        text = TEXTS.get(language, {})
        form = FeedbackForm(locale=locale, is_default=True, **{k: text.get(v, v) for k, v in FORM.items()})
        for order, data in enumerate(QUESTIONS):
            data = {k: text.get(v, v) if isinstance(v, str) and k in TEXT_FIELDS else v for k, v in data.items()}
            form.questions.add(Question(locale=locale, sort_order=order, **data))
        form.save()
        self.stdout.write(self.style.SUCCESS(f"Created the default feedback form “{form}” (id {form.pk})."))
        return form

    def translate(self, source: FeedbackForm, source_language: str, language: str) -> None:
        from wagtail_localize.models import StringTranslation, Translation, TranslationSource
        from wagtail_localize.operations import translate_object

        locale = self.locale(language)
        if source.get_translation_or_none(locale) is not None:
            self.stdout.write(f"The {language} translation exists already.")
            return
        translate_object(source, [locale])
        translation_source = TranslationSource.objects.get_for_instance(source)
        # Source text (in the source form's language) -> text in ``language``.
        table = {TEXTS[source_language].get(sv, sv): TEXTS[language].get(sv, sv) for sv in TRANSLATIONS["en"]}
        for segment in translation_source.stringsegment_set.select_related("string", "context"):
            text = table.get(segment.string.data)
            if text:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
                )
        Translation.objects.get(source=translation_source, target_locale=locale).save_target()
        self.stdout.write(self.style.SUCCESS(f"Translated the default feedback form into {language}."))
