"""The floor: parse the vote's JSON and insert one row, nothing else."""

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from feedback.models import Response

_rows: dict[int, dict[str, Any]] = {}


def _row(page_id: int, form_id: int) -> dict[str, Any]:
    # Looked up once per process, so each request is the one INSERT.
    if page_id not in _rows:
        from wagtail.models import Page

        from feedback.models import FeedbackForm

        page = Page.objects.select_related("locale").get(pk=page_id)
        form = FeedbackForm.objects.get(pk=form_id)
        _rows[page_id] = {
            "page_id": page.pk,
            "source_page_id": page.pk,
            "page_path": page.url_path,
            "page_url": page.url,
            "page_title": page.title,
            "page_translation_key": page.translation_key,
            "language_code": page.locale.language_code,
            "form_id": form.pk,
            "form_translation_key": form.translation_key,
        }
    return _rows[page_id]


@csrf_exempt
def bare_insert(request: HttpRequest) -> JsonResponse:
    payload = json.loads(request.body)
    Response.objects.create(**_row(int(payload["page"]), int(payload["form"])), client_hash="bench")
    return JsonResponse({"status": "ok"}, status=201)
