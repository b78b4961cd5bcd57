"""Helpers of the submission tests: a vote's body and how it is sent."""

from __future__ import annotations

import json
import re
from typing import Any

from feedback.public.submission import make_token

SUBMIT = "/feedback/submit/"

DEFAULT_QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True, "label": "Hade du nytta av innehållet?"},
    {
        "key": "missing",
        "type": "long_text",
        "required": True,
        "label": "Vad saknade du?",
        "help_text": "Skriv inte personuppgifter.",
        "condition_key": "helpful",
        "condition_value": "no",
    },
    {
        "key": "comment",
        "type": "long_text",
        "required": False,
        "label": "Vill du lägga till något?",
        "condition_key": "helpful",
        "condition_value": "yes",
    },
]


def token_of(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "no widget token in the page"
    return found.group(1)


def post_json(client, body: Any, **extra: Any):  # type: ignore[no-untyped-def]
    return client.post(SUBMIT, json.dumps(body), content_type="application/json", **extra)


def vote(page, form, **answers: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"page": page.pk, "form": form.pk, "token": make_token(page.pk, form.pk), "answers": answers}
