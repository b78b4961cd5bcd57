"""The public submission endpoint: one view for the plain HTML form and the JSON API.

The page HTML carries no per-visitor token or cookie, so it stays cacheable.
Instead of Django's CSRF token the view checks where the request comes from
(``Origin``, or ``Sec-Fetch-Site`` when there is no ``Origin``, see
:mod:`feedback.public.guards`) and trusts a signed (page, form) token
rendered with the widget.

A usual vote costs one Redis round trip before its transaction: when this
process keeps the vote's target (:mod:`feedback.public.targets`), every check
that needs no Redis runs first, then the rate limit, the target's shared
version and the duplicate check go in one pipeline. Anything else (a target
not kept or changed meanwhile, an invalid vote, a bot) takes the checked path,
in the order that decides the answer: rate limit, target, placement, view
restrictions, bot, validation, duplicate.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from feedback.conf import get_setting
from feedback.models import Question
from feedback.public import ratelimit, targets, vote_check
from feedback.public.guards import honeypot_filled, origin_is_allowed
from feedback.public.placement import form_is_placed
from feedback.public.privacy import client_key, vote_client_key
from feedback.public.restrictions import request_may_view
from feedback.public.submission import (
    THANKS_PARAM,
    BadAnswers,
    BadToken,
    BoundSubmission,
    Target,
    VisitorForm,
    json_form,
    read_token,
    save_response,
    thanks_marker,
    widget_auto_id,
)
from feedback.question_types.base import StoredValue
from feedback.workers.queueing import Claim, release

logger = logging.getLogger("feedback.public.views")


class SubmissionError(Exception):
    """A request the endpoint refuses, with a translated message and a status."""

    def __init__(self, message: Any, status: int = 400, headers: dict[str, str] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.headers = headers or {}


@dataclass
class Checked:
    """A submission after every check that needs no Redis: a vote to store
    (``fingerprint`` set), or why not (a bot, answers of the wrong shape, or
    a form with its errors)."""

    values: list[tuple[Question, StoredValue]] = field(default_factory=list)
    fingerprint: str = ""
    bot: bool = False
    errors: dict[str, list[str]] | None = None
    form: VisitorForm | None = None


WRONG_PAGE = _("This form does not belong to this page. Reload the page and try again.")


def rate_limited(limited: ratelimit.RateLimited) -> SubmissionError:
    return SubmissionError(
        _("You have sent a lot of feedback in a short time. Please wait a few minutes and try again."),
        429,
        {"Retry-After": str(limited.retry_after)},
    )


@method_decorator(csrf_exempt, name="dispatch")
class SubmitView(View):
    """POST a visitor's answers. Override a method to change one step."""

    http_method_names = ["post"]
    form_class = VisitorForm

    # --- entry ----------------------------------------------------------------
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.wants_json = self.client_wants_json(request)
        self.target: Target | None = None
        self.reservation: ratelimit.Reservation | None = None
        self.vote_stored = False
        try:
            response = super().dispatch(request, *args, **kwargs)
        except SubmissionError as error:
            response = self.error_response(request, error)
        finally:
            if self.reservation is not None and not self.vote_stored:
                # Refused, invalid, a bot, a duplicate or an error: the attempt costs nothing.
                self.reservation.refund()
        # Answers to a POST are personal and must never be cached.
        patch_cache_control(response, no_store=True)
        patch_vary_headers(response, ["Accept", "Content-Type"])
        return response

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = self.error_response(request, SubmissionError(_("Send feedback with a POST request."), 405))
        response["Allow"] = "POST"
        return response

    def client_wants_json(self, request: HttpRequest) -> bool:
        return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")

    def post(self, request: HttpRequest) -> HttpResponse:
        self.check_size(request)
        if not origin_is_allowed(request):
            raise SubmissionError(_("Feedback can only be sent from this website's own pages."), 403)
        payload = self.parse(request)
        page_id, form_id, rendered_at = self.check_token(payload)
        self.rendered_at = rendered_at
        entry = targets.cached(page_id, form_id)
        if entry is not None:
            response = self.vote_on_kept_target(request, payload, entry)
            if response is not None:
                return response
        return self.vote_checked(request, payload, page_id, form_id)

    def vote_on_kept_target(
        self, request: HttpRequest, payload: dict[str, Any], entry: targets.CachedTarget
    ) -> HttpResponse | None:
        """The usual vote, with one Redis round trip before its transaction;
        ``None`` when :meth:`vote_checked` must answer instead."""
        target = entry.target
        if not form_is_placed(target.page, target.form) or not request_may_view(
            target.page, request, entry.restrictions
        ):
            return None
        with translation.override(target.page.locale.language_code):
            checked = self.check_answers(payload, target, self.rendered_at)
            if not checked.fingerprint:
                return None  # answered in the checked path's order (e.g. 429 before 400)
            key = vote_client_key(request)
            self.target = target  # (for the way back if the rate limit refuses)
            try:
                check = vote_check.check_vote(
                    client_key(request), key, checked.fingerprint, targets.VERSION_KEY, entry.version, target.page.pk
                )
            except ratelimit.RateLimited as limited:
                raise rate_limited(limited)
            if check.status == vote_check.DUPLICATE:
                return self.success_response(request, target)
            self.reservation = check.reservation
            if check.status != vote_check.OK:
                return None  # changed meanwhile, or Redis not reached: checked again on the current target
            return self.store(request, target, checked, key, check.claim)

    def vote_checked(self, request: HttpRequest, payload: dict[str, Any], page_id: int, form_id: int) -> HttpResponse:
        """Every check in order, the target loaded (or found kept) after the rate limit."""
        reservation = self.reservation if self.reservation is not None else self.reserve(request, page_id, form_id)
        # The targets' shared version came back in the rate limit's round trip.
        found = targets.get(page_id, form_id, version=(reservation.read or {}).get(targets.VERSION_KEY))
        if found is None:
            # 410 Gone: the signed token proves this page and form existed; they
            # have since been unpublished or deleted.
            raise SubmissionError(_("This page or form is no longer available."), 410)
        target, restrictions = found
        self.target = target
        if not form_is_placed(target.page, target.form):
            raise SubmissionError(WRONG_PAGE, 400)
        if not request_may_view(target.page, request, restrictions):
            raise SubmissionError(_("This page is not open to you, so feedback on it cannot be sent."), 403)
        with translation.override(target.page.locale.language_code):
            return self.handle(request, payload, target, vote_client_key(request), self.rendered_at)

    # --- steps ---------------------------------------------------------------
    def check_size(self, request: HttpRequest) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise SubmissionError(_("The request is malformed."), 400)
        if length > int(get_setting("MAX_BODY_BYTES")):
            raise SubmissionError(_("The feedback is too large to be sent."), 413)

    def parse(self, request: HttpRequest) -> dict[str, Any]:
        """The request body as a dict: ``{"page", "form", "token", "answers", ...}``
        for JSON; the QueryDict of the form otherwise."""
        if request.content_type == "application/json":
            try:
                payload = json.loads(request.body)
            except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
                raise SubmissionError(_("The request body is not valid JSON."), 400)
            if not isinstance(payload, dict):
                raise SubmissionError(_("The request body must be a JSON object."), 400)
            self.json_payload = True
            return payload
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            self.json_payload = False
            try:
                return {"data": request.POST, **{k: request.POST.get(k) for k in ("page", "form", "token")}}
            except Exception:  # malformed multipart and the like
                raise SubmissionError(_("The request is malformed."), 400)
        raise SubmissionError(_("Send feedback as a form or as JSON (application/json)."), 415)

    def check_token(self, payload: dict[str, Any]) -> tuple[int, int, int]:
        try:
            page_id, form_id, rendered_at = read_token(payload.get("token"))
        except BadToken:
            raise SubmissionError(WRONG_PAGE, 400)
        # The ids sent next to the token, when present, must be the signed ones.
        for name, expected in (("page", page_id), ("form", form_id)):
            value = payload.get(name)
            if value not in (None, "") and str(value) != str(expected):
                raise SubmissionError(WRONG_PAGE, 400)
        return page_id, form_id, rendered_at

    def reserve(self, request: HttpRequest, page_id: int, form_id: int) -> ratelimit.Reservation:
        """Count the submission (reading the targets' version in the same round trip) or refuse it."""
        try:
            self.reservation = ratelimit.reserve(client_key(request), read=(targets.VERSION_KEY,))
        except ratelimit.RateLimited as limited:
            found = targets.get(page_id, form_id)  # for the way back to the page
            self.target = found[0] if found else None
            raise rate_limited(limited)
        return self.reservation

    def is_bot(self, payload: dict[str, Any], rendered_at: int) -> bool:
        """Honeypot filled in: answered like a success, nothing stored."""
        source = payload if self.json_payload else payload["data"]
        return honeypot_filled(source)

    def too_fast(self, rendered_at: int) -> bool:
        """Sent faster than a person can read the form, counted from when the
        form was first shown (a form shown again with errors keeps that time).
        Cached pages may be old, so only "too fast" is checked, never "too old"."""
        return time.time() - rendered_at < float(get_setting("MIN_SUBMIT_SECONDS"))

    def build_form(self, payload: dict[str, Any], target: Target) -> VisitorForm:
        if self.json_payload:
            return json_form(target.questions, payload.get("answers", {}), target.prototype)
        return self.form_class(
            target.questions, data=payload["data"], auto_id=widget_auto_id(target.form.pk), prototype=target.prototype
        )

    def check_answers(self, payload: dict[str, Any], target: Target, rendered_at: int) -> Checked:
        """Bot, validation (with the PII policy), at least one answer, not too fast."""
        if self.is_bot(payload, rendered_at):
            return Checked(bot=True)
        try:
            form = self.build_form(payload, target)
        except BadAnswers as error:
            return Checked(errors=error.errors)
        if not form.is_valid():
            return Checked(form=form)
        values = form.stored_values()
        if not values:
            form.add_error(None, _("Answer at least one question before sending."))
            return Checked(form=form)
        if self.too_fast(rendered_at):
            # Never a silent drop: a person who was quick sees the answers kept and sends again.
            form.add_error(None, _("Your answers were sent very quickly. Check them and send them again."))
            return Checked(form=form)
        fingerprint = ratelimit.vote_fingerprint(
            target.page.pk, target.form.pk, [(q.key, f"{v.number}|{v.choice}|{v.text}") for q, v in values]
        )
        return Checked(values=values, fingerprint=fingerprint)

    def handle(
        self, request: HttpRequest, payload: dict[str, Any], target: Target, key: str, rendered_at: int
    ) -> HttpResponse:
        checked = self.check_answers(payload, target, rendered_at)
        if checked.bot:
            # Looks like success, so the bot learns nothing; nothing is stored.
            return self.success_response(request, target)
        if checked.errors is not None:
            return JsonResponse({"errors": checked.errors}, status=400)
        if checked.form is not None:
            return self.invalid_response(request, target, checked.form)
        if ratelimit.is_duplicate(key, checked.fingerprint):
            return self.success_response(request, target)
        return self.store(request, target, checked, key)

    def store(
        self, request: HttpRequest, target: Target, checked: Checked, key: str, claim: Claim | None = None
    ) -> HttpResponse:
        # Exports show the page's canonical address as Wagtail builds it, never the request's host.
        canonical_url = target.page_url or target.page.get_full_url() or ""
        try:
            save_response(target=target, values=checked.values, client_hash=key, page_url=canonical_url, claim=claim)
        except Exception:
            ratelimit.forget_vote(key, checked.fingerprint)
            release(claim)
            raise
        self.vote_stored = True
        return self.success_response(request, target)

    # --- responses -------------------------------------------------------------
    def page_url(self, request: HttpRequest, target: Target) -> str:
        """Where to send the visitor back: Wagtail decides (``get_url`` with the
        request): relative when the request's site is the page's site or there
        is only one site, so the visitor stays on the host they used. Kept with
        the target per host (finding the request's site is a query)."""
        host = (request.get_host(), request.get_port())
        url = target.urls.get(host)
        if url is None:
            url = target.page.get_url(request) or ""
            if len(target.urls) < 16:
                target.urls[host] = url
        return url

    def success_response(self, request: HttpRequest, target: Target) -> HttpResponse:
        message = target.form.thank_you_message()
        if self.wants_json:
            return JsonResponse({"status": "ok", "message": message}, status=201)
        url = self.page_url(request, target) or "/"
        return HttpResponseRedirect(
            f"{url}?{THANKS_PARAM}={thanks_marker(target.form.pk)}#feedback-{target.form.pk}", status=303
        )

    def invalid_response(self, request: HttpRequest, target: Target, form: VisitorForm) -> HttpResponse:
        if self.wants_json:
            return JsonResponse({"errors": form.error_dict()}, status=400)
        return self.render_page(request, target, form, status=400)

    def error_response(self, request: HttpRequest, error: SubmissionError) -> HttpResponse:
        if self.wants_json:
            response: HttpResponse = JsonResponse({"errors": {"__all__": [str(error.message)]}}, status=error.status)
        else:
            # A plain page with the message and a way back: cheap, even for a flood.
            target = self.target
            context = {"message": error.message, "back_url": self.page_url(request, target) if target else ""}
            with translation.override(target.page.locale.language_code if target else translation.get_language()):
                response = TemplateResponse(request, "feedback/message.html", context, status=error.status)
                response.render()
        for name, value in error.headers.items():
            response[name] = value
        return response

    def render_page(self, request: HttpRequest, target: Target, form: VisitorForm, *, status: int) -> HttpResponse:
        """Serve the page again with the bound form, so the widget shows the
        errors: its address resolved and served as a GET by the view that
        serves it (Wagtail's ``serve``: routing, serve hooks, view restrictions)."""
        request.feedback_submission = BoundSubmission(  # type: ignore[attr-defined]
            target.page.pk, target.form.pk, form, rendered_at=getattr(self, "rendered_at", None)
        )
        method, request.method = request.method, "GET"
        try:
            match = resolve(urlsplit(self.page_url(request, target)).path)
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()  # while the page's language is active
        except Http404:
            response = None
        finally:
            request.method = method
        if response is None or response.status_code == 404:
            # Not served at this address (another site's page): the errors on a plain page.
            message = " ".join(str(m) for errors in form.error_dict().values() for m in errors)
            return self.error_response(request, SubmissionError(message, status))
        if response.status_code == 200:
            response.status_code = status
        return response


submit = SubmitView.as_view()
