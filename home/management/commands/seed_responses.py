"""Add realistic synthetic responses to a page, then aggregate it.

``manage.py seed_responses --page ID --count N [--days 90] [--form ID] [--seed 1]``
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from feedback.models import Answer, FeedbackForm, Question, Response
from feedback.question_types import UnknownQuestionType
from feedback.workers.aggregation import rebuild_page

BATCH = 2000
COMMENTS = {
    "sv": ["Tydlig och bra sida.", "Jag hittade inte öppettiderna.", "Mer information om avgifter, tack.", "Toppen!"],
    "nb": ["Veldig nyttig side.", "Jeg savnet kontaktinformasjon.", "Teksten var vanskelig å forstå."],
    "da": ["Rigtig god side.", "Jeg manglede en telefonnummer.", "Svær at finde rundt i."],
    "en": ["Clear and helpful.", "I could not find the opening hours.", "Please add a map.", "Great, thanks!"],
}


def synthetic_value(question: Question, rng: random.Random) -> Any:
    """A plausible cleaned value for the question, or None to leave it unanswered."""
    qtype = question.question_type
    if qtype.helpful_values:
        return qtype.helpful_values[0] if rng.random() < 0.7 else qtype.helpful_values[1]
    if qtype.is_free_text:
        if rng.random() > 0.3:
            return None
        language = rng.choice(list(COMMENTS))
        return rng.choice(COMMENTS[language])
    keys = [key for key, _label in qtype.get_value_labels()]
    if not keys or rng.random() < 0.2:
        return None
    if question.type == "multiple_choice":
        return rng.sample(keys, rng.randint(1, min(3, len(keys))))
    # Skewed towards the upper end, like most real ratings.
    key = keys[min(len(keys) - 1, int(len(keys) * rng.random() ** 0.6))]
    return int(key) if key.lstrip("-").isdigit() else key


class Command(BaseCommand):
    help = "Add N synthetic feedback responses to a page (bulk inserts), then aggregate the page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--page", type=int, required=True, help="Page id.")
        parser.add_argument("--count", type=int, required=True, help="Number of responses.")
        parser.add_argument("--days", type=int, default=90, help="Spread over the last N days (default 90).")
        parser.add_argument("--form", type=int, help="Form id (default: the default form in the page's language).")
        parser.add_argument("--seed", type=int, help="Random seed for repeatable data.")

    def handle(self, *args: Any, **options: Any) -> None:
        page = Page.objects.filter(pk=options["page"]).select_related("locale").first()
        if page is None:
            raise CommandError(_("No page with id %(id)s.") % {"id": options["page"]})
        if options["count"] < 1 or options["days"] < 1:
            raise CommandError(_("--count and --days must be positive."))
        if options["form"]:
            form = FeedbackForm.objects.filter(pk=options["form"]).first()
        else:
            form = FeedbackForm.get_default(locale=page.locale)
        if form is None:
            raise CommandError(_("No feedback form found; create a default form or pass --form."))
        questions = []
        for question in form.questions.order_by("sort_order"):
            try:
                question.question_type  # noqa: B018  (skip types whose plugin is gone)
            except UnknownQuestionType:
                continue
            if question.type != "email":  # never invent contact details
                questions.append(question)

        rng = random.Random(options["seed"])  # noqa: S311 - synthetic data, not security
        now = timezone.now()
        span = timedelta(days=options["days"]).total_seconds()
        done = 0
        while done < options["count"]:
            size = min(BATCH, options["count"] - done)
            with transaction.atomic():
                responses = Response.objects.bulk_create(
                    [
                        Response(
                            page=page,
                            source_page_id=page.pk,
                            page_path=page.url_path,
                            page_url=page.get_url() or "",
                            page_title=page.title,
                            page_translation_key=page.translation_key,
                            language_code=page.locale.language_code,
                            form=form,
                            form_translation_key=form.translation_key,
                            submitted_at=now - timedelta(seconds=rng.random() * span),
                            client_hash=secrets.token_hex(16),
                        )
                        for _ in range(size)
                    ]
                )
                answers = []
                for response in responses:
                    for question in questions:
                        value = synthetic_value(question, rng)
                        if value is None:
                            continue
                        answers += [
                            Answer.from_stored(response, question, stored)
                            for stored in question.question_type.to_stored(value)
                        ]
                Answer.objects.bulk_create(answers, batch_size=BATCH)
            done += size
        result = rebuild_page(page.pk)
        self.stdout.write(
            _("Added %(count)s responses to “%(page)s”; %(days)s days aggregated.")
            % {"count": done, "page": page.title, "days": len(result.days)}
        )
