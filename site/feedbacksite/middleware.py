"""Project middleware."""

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# URLs outside i18n_patterns: their 404s must stay 404s.
NON_PAGE_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/feedback/", "/static/", "/media/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the language redirect for non-page URLs.

    With Wagtail's catch-all inside ``i18n_patterns`` every path is "valid"
    under a language prefix, so Django would answer a 404 at ``/admin/x/``
    with a redirect to ``/sv/admin/x/`` (another 404).
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 404 and request.path_info.startswith(NON_PAGE_PREFIXES):
            return response
        return super().process_response(request, response)
