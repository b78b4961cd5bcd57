"""Six months of feedback for the demo site, so that every report, chart,
alert and export has something to show on the first ``make run``.

Votes and comments on every demo page in all four languages, with a rhythm
(fewer at weekends), one page that clearly gets worse in the last weeks, one
that improved after an edit (a real published revision, dated two months
ago), widget impressions for the response rate, some comments handled or
marked spam. Inserted in bulk; the rollups are then built by the engine's own
catch-up, and the alerts run once. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from feedback.models import Answer, FeedbackForm, PageDayImpressions, Response
from feedback.workers.aggregation import catch_up
from feedback.workers.alerts import run_alerts

MARK = "demo-history"  # client_hash of the generated responses
DAYS = 182

NO_COMMENTS = {
    "sv": [
        "Jag hittade inte öppettiderna.",
        "Det framgår inte vad det kostar.",
        "Svårt att förstå vem man ska kontakta.",
        "Länken till e-tjänsten fungerar inte.",
        "Ring mig på [telefonnummer], jag behöver hjälp.",
    ],
    "nb": ["Jeg savnet kontaktinformasjon.", "Teksten var vanskelig å forstå.", "Hva koster det?"],
    "da": ["Jeg manglede et telefonnummer.", "Svær at finde rundt i.", "Hvem skal jeg kontakte?"],
    "en": ["I could not find the opening hours.", "Please explain the fees.", "Who do I contact?"],
}
YES_COMMENTS = {
    "sv": ["Tydlig och bra sida.", "Tack, precis det jag sökte!"],
    "nb": ["Veldig nyttig side."],
    "da": ["Rigtig god side."],
    "en": ["Clear and helpful, thanks."],
}
#: Votes per day on a weekday, per language.
RATE = {"sv": 7, "nb": 2, "da": 2, "en": 1}


def history_exists() -> bool:
    return Response.objects.filter(client_hash=MARK).exists()


def _share(profile: str, days_ago: int) -> float:
    """The helpful share of a page on a day, by its story."""
    if profile == "worsening":
        return 0.86 if days_ago > 21 else 0.42
    if profile == "improving":
        return 0.48 if days_ago > 60 else 0.85
    return 0.78


def ensure_history(stdout: Any = None, days: int = DAYS, seed: int = 20261204) -> int:
    """Create the history unless it exists; returns how many responses were added."""
    if history_exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    pages = list(Page.objects.filter(depth__gte=2, live=True).specific().order_by("path"))
    source_pages = [p for p in pages if p.locale.language_code == "sv" and p.depth >= 3]
    profiles = {}
    for index, page in enumerate(source_pages):
        profiles[page.translation_key] = ("worsening", "improving")[index] if index < 2 else "steady"
    today = timezone.localdate()
    responses: list[Response] = []
    answers: list[tuple[int, str, str, str]] = []  # (response index, key, choice, text)
    impressions: list[PageDayImpressions] = []
    forms = {f.locale_id: f for f in FeedbackForm.objects.filter(is_default=True).prefetch_related("questions")}
    for page in pages:
        form = forms.get(page.locale_id)
        if form is None:
            continue
        language = page.locale.language_code
        profile = profiles.get(page.translation_key, "steady")
        for days_ago in range(days, -1, -1):
            day = today - datetime.timedelta(days=days_ago)
            weekend = day.weekday() >= 5
            expected = RATE.get(language, 1) * (0.4 if weekend else 1.0)
            count = max(0, int(rng.gauss(expected, expected**0.5)))
            impressions.append(PageDayImpressions(page_id=page.pk, day=day, count=count * 30 + rng.randint(0, 20)))
            for _ in range(count):
                helpful = rng.random() < _share(profile, days_ago)
                moment = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(rng.randint(7, 22), rng.randint(0, 59)))
                )
                if moment > timezone.now():
                    continue
                status = Response.Status.NEW
                responses.append(
                    Response(
                        page=page,
                        source_page_id=page.pk,
                        page_path=page.url_path,
                        page_url=page.get_full_url() or "",
                        page_title=page.title,
                        page_translation_key=page.translation_key,
                        language_code=language,
                        form=form,
                        form_translation_key=form.translation_key,
                        submitted_at=moment,
                        client_hash=MARK,
                        status=status,
                    )
                )
                index = len(responses) - 1
                answers.append((index, "helpful", "yes" if helpful else "no", ""))
                pool = YES_COMMENTS if helpful else NO_COMMENTS
                if rng.random() < (0.15 if helpful else 0.6):
                    answers.append((index, "comment" if helpful else "missing", "", rng.choice(pool[language])))
    with transaction.atomic():
        created = Response.objects.bulk_create(responses, batch_size=2000)
        questions = {(q.form_id, q.key): q for f in forms.values() for q in f.questions.all()}
        rows = []
        for index, key, choice, text in answers:
            response = created[index]
            question = questions.get((response.form_id, key))
            if question is None:
                continue
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    question_key=key,
                    question_type=question.type,
                    choice=choice,
                    text=text,
                )
            )
        Answer.objects.bulk_create(rows, batch_size=5000)
        # Some comments were dealt with, a few were spam.
        commented = list(
            Answer.objects.filter(response__client_hash=MARK).exclude(text="").values_list("response_id", flat=True)
        )
        rng.shuffle(commented)
        handled, spam = commented[: len(commented) // 4], commented[len(commented) // 4 : len(commented) // 4 + 8]
        Response.objects.filter(pk__in=handled).update(status=Response.Status.HANDLED)
        Response.objects.filter(pk__in=spam).update(status=Response.Status.SPAM)
        PageDayImpressions.objects.bulk_create(impressions, batch_size=2000, ignore_conflicts=True)
        _publish_the_edit(source_pages[1] if len(source_pages) > 1 else None, today - datetime.timedelta(days=60))
    catch_up(full=True)
    run = run_alerts()
    if stdout is not None:
        stdout.write(f"Loaded {len(created)} responses over {days} days of demo history; {run.opened} alert(s) raised.")
    return len(created)


def _publish_the_edit(page: Page | None, day: datetime.date) -> None:
    """The improving page was rewritten two months ago: a real revision, dated then."""
    if page is None:
        return
    revision = page.save_revision(log_action=True)
    revision.publish(log_action=True)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))
    PageLogEntry.objects.filter(page=page, revision=revision).update(timestamp=moment)
