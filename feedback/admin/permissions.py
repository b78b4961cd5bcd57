"""Who may see, export and moderate which page's feedback.

The rules, in one place so every view (and the download view, at download
time) asks the same questions:

* superusers may do everything;
* the model permission ``feedback.view_feedback_reports`` means "reports of
  every page" (this is how the "Communications staff" group is granted all
  pages; no page-level grant is needed);
* anyone else sees the feedback of exactly the pages they may edit, following
  Wagtail's page permission policy;
* exporting needs view access plus ``feedback.export_feedback`` or edit
  rights on the page; a site-wide or per-form export needs the model
  permissions for all pages;
* moderating (marking a response handled or spam) needs view access plus
  ``feedback.moderate_feedback`` (Communications staff); editing a page is
  not enough;
* erasing a response (a GDPR request) is its own permission,
  ``feedback.erase_feedback``, given to Communications staff; it needs view
  access too.

A site narrows or widens these rules by overriding one function through the
``filter_feedback_pages_for_user`` hook (like Wagtail's
``filter_form_submissions_for_user``).

The admin views ask through :data:`feedback_permission_policy`, a Wagtail
permission policy, so that Wagtail's ``PermissionCheckedMixin`` can check them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

VIEW_ALL = "feedback.view_feedback_reports"
EXPORT = "feedback.export_feedback"
MODERATE = "feedback.moderate_feedback"
ERASE = "feedback.erase_feedback"
ADMIN_ACCESS = "wagtailadmin.access_admin"


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view_all_pages(user: Any) -> bool:
    """Reports of every page, including deleted ones (kept in the rollups)."""
    return _active(user) and (user.is_superuser or user.has_perm(VIEW_ALL))


def editable_pages(user: Any) -> QuerySet[Page]:
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def pages_user_can_view_feedback(user: Any) -> QuerySet[Page] | None:
    """Pages whose feedback ``user`` may see; ``None`` means every page."""
    if not _active(user):
        return Page.objects.none()
    if can_view_all_pages(user):
        return None
    pages = editable_pages(user)
    for fn in hooks.get_hooks("filter_feedback_pages_for_user"):
        pages = fn(user, pages)
    return pages


def restrict_to_user(queryset: QuerySet, user: Any, field: str = "page_id") -> QuerySet:
    """``queryset`` narrowed to the rows whose page (``field``) the user sees the feedback of."""
    pages = pages_user_can_view_feedback(user)
    if pages is None:
        return queryset
    return queryset.filter(**{f"{field}__in": pages.values("id")})


def user_can_view_any_feedback(user: Any) -> bool:
    """Whether menu items, the dashboard panel and the site-wide report show."""
    if not _active(user) or not user.has_perm(ADMIN_ACCESS):
        return False
    pages = pages_user_can_view_feedback(user)
    return pages is None or pages.exists()


def _can_edit(user: Any, page: Page) -> bool:
    return page.permissions_for_user(user).can_edit()


def user_can_view_page_feedback(user: Any, page: Page) -> bool:
    if not _active(user) or not user.has_perm(ADMIN_ACCESS):
        return False
    if can_view_all_pages(user):
        return True
    if hooks.get_hooks("filter_feedback_pages_for_user"):
        pages = pages_user_can_view_feedback(user)
        return pages is not None and pages.filter(pk=page.pk).exists()
    # Same answer as the listing query, but cached per user by Wagtail.
    return _can_edit(user, page)


def user_can_view_feedback_of(user: Any, page: Page | None) -> bool:
    """One page's feedback; ``page=None`` (a deleted page): only those who see every page."""
    return can_view_all_pages(user) if page is None else user_can_view_page_feedback(user, page)


def _may_act_on(user: Any, page: Page | None, permission: str) -> bool:
    """``permission`` on one page's feedback (or, ``page=None``, site-wide):
    superusers always; others need admin access and may view the page, then
    either the permission or edit rights on the page. Site-wide needs the
    permission and the right to see every page."""
    if not _active(user) or not user.has_perm(ADMIN_ACCESS):
        return False
    if user.is_superuser:
        return True
    if page is None:
        return can_view_all_pages(user) and user.has_perm(permission)
    if not user_can_view_page_feedback(user, page):
        return False
    return user.has_perm(permission) or _can_edit(user, page)


def user_can_export(user: Any, page: Page | None = None) -> bool:
    """Export one page's feedback, or (``page=None``) the whole site or a form."""
    return _may_act_on(user, page, EXPORT)


def _holds_on_page(user: Any, page: Page | None, permission: str) -> bool:
    """``permission`` itself (edit rights do not stand in for it), on a page
    whose feedback the user sees; ``page=None``: the page is deleted, so only
    those who see every page."""
    if not _active(user) or not user.has_perm(ADMIN_ACCESS):
        return False
    if user.is_superuser:
        return True
    if not user.has_perm(permission):
        return False
    if page is None:
        return can_view_all_pages(user)
    return user_can_view_page_feedback(user, page)


def user_can_moderate(user: Any, page: Page | None) -> bool:
    """Mark a response handled or spam. ``page=None``: the page is deleted."""
    return _holds_on_page(user, page, MODERATE)


def user_can_erase(user: Any, page: Page | None) -> bool:
    """Erase a response and its answers for good (an erasure request)."""
    return _holds_on_page(user, page, ERASE)


def user_can_use_export(user: Any, export: Any) -> bool:
    """See the status of, download or retry ``export`` (checked on every request).

    The requester (or a superuser) only, and only while the requester still
    holds the export permission for its scope.
    """
    if not _active(user):
        return False
    if not user.is_superuser and export.requested_by_id != user.pk:
        return False
    if export.scope == "page":
        if export.page is None:
            return user_can_export(user, None)
        return user_can_export(user, export.page)
    return user_can_export(user, None)


class FeedbackPermissionPolicy(BasePermissionPolicy):
    """The rules above as a Wagtail permission policy, for ``PermissionCheckedMixin``.

    Actions: ``view``, ``export``, ``moderate`` and ``erase``. The instance is
    the page whose feedback it is; ``None`` stands for a deleted page (or, for
    ``export``, the whole site). Without an instance, ``view`` asks whether the
    user sees the feedback of any page at all, the others the site-wide case.
    Finding the *users* who hold an action is not supported.
    """

    RULES: dict[str, Callable[[Any, Page | None], bool]] = {
        "view": user_can_view_feedback_of,
        "export": user_can_export,
        "moderate": user_can_moderate,
        "erase": user_can_erase,
    }

    def __init__(self) -> None:
        super().__init__("feedback.Response")

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "view":
            return user_can_view_any_feedback(user)
        return self.user_has_permission_for_instance(user, action, None)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Page | None) -> bool:
        return self.RULES[action](user, instance)


feedback_permission_policy = FeedbackPermissionPolicy()
