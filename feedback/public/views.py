"""The public submission endpoint: one view for the plain HTML form and the JSON API.

The page HTML carries no per-visitor token or cookie, so it stays cacheable.
Instead of Django's CSRF token the view checks where the request comes from
(``Origin``, or ``Sec-Fetch-Site`` when there is no ``Origin``) and trusts a
signed (page, form) token rendered with the widget.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from wagtail import hooks
from wagtail.models import Site

from feedback.conf import get_setting
from feedback.public import ratelimit, targets
from feedback.public.placement import form_is_placed
from feedback.public.privacy import client_key, vote_client_key
from feedback.public.restrictions import request_may_view
from feedback.public.submission import (
    HONEYPOT_FIELD,
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

logger = logging.getLogger("feedback.public.views")


class SubmissionError(Exception):
    """A request the endpoint refuses, with a translated message and a status."""

    def __init__(self, message: Any, status: int = 400, headers: dict[str, str] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.headers = headers or {}


def _host_name(host: str) -> str:
    """``example.com:8000`` → ``example.com``; ``[::1]:80`` → ``::1``."""
    return (urlsplit(f"//{host}").hostname or "").lower()


def allowed_origin_hosts(request: HttpRequest) -> set[str]:
    """Host names a submission may come from: the request's own host, every
    Wagtail Site and the concrete names in ``ALLOWED_HOSTS``."""
    hosts = {_host_name(request.get_host())}
    # Cached by Wagtail in the default cache: no query on the hot path.
    for root in Site.get_site_root_paths():
        if root.root_url and urlsplit(root.root_url).hostname:
            hosts.add(urlsplit(root.root_url).hostname.lower())
    for entry in settings.ALLOWED_HOSTS:
        if entry and entry != "*" and not entry.startswith("."):
            hosts.add(_host_name(entry))
    return hosts


def origin_is_allowed(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin")
    if origin is not None:
        try:
            host = urlsplit(origin).hostname
        except ValueError:
            return False
        return bool(host) and host.lower() in allowed_origin_hosts(request)
    # Browsers that send no Origin on a POST send Fetch metadata instead.
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    # Neither header: not a cross-site browser request (e.g. curl, a server).
    return True


def honeypot_filled(source: Any) -> bool:
    """Anything at all in the hidden field: ``0``, ``false``, ``[]`` and ``{}``
    count as filled (only a bot sends them); a missing field or ``""`` does not."""
    if HONEYPOT_FIELD not in source:
        return False
    value = source.get(HONEYPOT_FIELD)
    return value is not None and value != ""


@method_decorator(csrf_exempt, name="dispatch")
class SubmitView(View):
    """POST a visitor's answers. Override a method to change one step."""

    http_method_names = ["post"]
    form_class = VisitorForm

    # --- entry ----------------------------------------------------------------
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.wants_json = self.client_wants_json(request)
        try:
            response = super().dispatch(request, *args, **kwargs)
        except SubmissionError as error:
            response = self.error_response(request, error)
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

        try:
            # The targets' shared version comes back in the rate limit's round trip.
            reservation = ratelimit.reserve(client_key(request), read=(targets.VERSION_KEY,))
        except ratelimit.RateLimited as limited:
            found = targets.get(page_id, form_id)  # for the way back to the page
            self.target = found[0] if found else None
            raise SubmissionError(
                _("You have sent a lot of feedback in a short time. Please wait a few minutes and try again."),
                429,
                {"Retry-After": str(limited.retry_after)},
            )
        self.vote_stored = False
        try:
            found = targets.get(page_id, form_id, version=(reservation.read or {}).get(targets.VERSION_KEY))
            if found is None:
                # 410 Gone: the signed token proves this page and form existed; they
                # have since been unpublished or deleted.
                raise SubmissionError(_("This page or form is no longer available."), 410)
            target, restrictions = found
            self.target = target
            if not form_is_placed(target.page, target.form):
                raise SubmissionError(_("This form does not belong to this page. Reload the page and try again."), 400)
            if not request_may_view(target.page, request, restrictions):
                raise SubmissionError(_("This page is not open to you, so feedback on it cannot be sent."), 403)
            with translation.override(target.page.locale.language_code):
                return self.handle(request, payload, target, vote_client_key(request), rendered_at)
        finally:
            if not self.vote_stored:
                # Refused, invalid, a bot, a duplicate or an error: the attempt costs nothing.
                reservation.refund()

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
            raise SubmissionError(_("This form does not belong to this page. Reload the page and try again."), 400)
        # The ids sent next to the token, when present, must be the signed ones.
        for name, expected in (("page", page_id), ("form", form_id)):
            value = payload.get(name)
            if value not in (None, "") and str(value) != str(expected):
                raise SubmissionError(_("This form does not belong to this page. Reload the page and try again."), 400)
        return page_id, form_id, rendered_at

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
            try:
                return json_form(target.questions, payload.get("answers", {}))
            except BadAnswers as error:
                raise _AnswerErrors(error.errors)
        return self.form_class(target.questions, data=payload["data"], auto_id=widget_auto_id(target.form.pk))

    def handle(
        self, request: HttpRequest, payload: dict[str, Any], target: Target, key: str, rendered_at: int
    ) -> HttpResponse:
        if self.is_bot(payload, rendered_at):
            # Looks like success, so the bot learns nothing; nothing is stored.
            return self.success_response(request, target)
        try:
            form = self.build_form(payload, target)
        except _AnswerErrors as error:
            return JsonResponse({"errors": error.errors}, status=400)
        if not form.is_valid():
            return self.invalid_response(request, target, form)
        values = form.stored_values()
        if not values:
            form.add_error(None, _("Answer at least one question before sending."))
            return self.invalid_response(request, target, form)
        if self.too_fast(rendered_at):
            # Never a silent drop: a person who was quick sees the answers kept and sends again.
            form.add_error(None, _("Your answers were sent very quickly. Check them and send them again."))
            return self.invalid_response(request, target, form)

        fingerprint = ratelimit.vote_fingerprint(
            target.page.pk, target.form.pk, [(q.key, f"{v.number}|{v.choice}|{v.text}") for q, v in values]
        )
        if ratelimit.is_duplicate(key, fingerprint):
            return self.success_response(request, target)
        # Exports show the page's canonical address as Wagtail builds it, never the request's host.
        canonical_url = target.page_url or target.page.get_full_url() or ""
        try:
            save_response(target=target, values=values, client_hash=key, page_url=canonical_url)
        except Exception:
            ratelimit.forget_vote(key, fingerprint)
            raise
        self.vote_stored = True
        return self.success_response(request, target)

    # --- responses -------------------------------------------------------------
    def page_url(self, request: HttpRequest, target: Target) -> str:
        """Where to send the visitor back: Wagtail decides (``get_url`` with the
        request): relative when the request's site is the page's site or there
        is only one site, so the visitor stays on the host they used."""
        return target.page.get_url(request) or ""

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
            target = getattr(self, "target", None)
            context = {"message": error.message, "back_url": self.page_url(request, target) if target else ""}
            with translation.override(target.page.locale.language_code if target else translation.get_language()):
                response = TemplateResponse(request, "feedback/message.html", context, status=error.status)
                response.render()
        for name, value in error.headers.items():
            response[name] = value
        return response

    def render_page(
        self,
        request: HttpRequest,
        target: Target,
        form: VisitorForm,
        *,
        status: int,
    ) -> HttpResponse:
        """Serve the page again (as a GET, through Wagtail's serve hooks so view
        restrictions apply) with the bound form, so the widget shows the errors."""
        page = target.page.specific
        request.feedback_submission = BoundSubmission(  # type: ignore[attr-defined]
            target.page.pk, target.form.pk, form, rendered_at=getattr(self, "rendered_at", None)
        )
        request.method = "GET"
        chain = _serve_chain
        for fn in reversed(hooks.get_hooks("on_serve_page")):
            chain = fn(chain)
        response = None
        for fn in hooks.get_hooks("before_serve_page"):
            result = fn(page, request, (), {})
            if isinstance(result, HttpResponse):
                response = result
                break
        if response is None:
            response = chain(page, request, (), {})
        if hasattr(response, "render"):
            response.render()  # while the page's language is active
        if response.status_code == 200:
            response.status_code = status
        return response


def _serve_chain(page, request, args, kwargs):  # type: ignore[no-untyped-def]
    return page.serve(request, *args, **kwargs)


class _AnswerErrors(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


submit = SubmitView.as_view()
