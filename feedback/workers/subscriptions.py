"""Who follows which pages: explicit subscriptions to a section (a page and
its subtree) and, with ``DIGEST_PAGE_OWNERS``, the pages a user owns.
Always narrowed to the pages whose feedback the user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Page

from feedback.admin.permissions import pages_user_can_view_feedback, user_can_view_any_feedback
from feedback.conf import get_setting
from feedback.models import FeedbackSubscription


def followed_pages(user: Any) -> list[int]:
    """Ids of the pages ``user`` follows and may see the feedback of."""
    sections = [s.page for s in FeedbackSubscription.objects.filter(user=user).select_related("page")]
    condition = Q(pk__in=[])
    for section in sections:
        condition |= Q(path__startswith=section.path, depth__gte=section.depth)
    if get_setting("DIGEST_PAGE_OWNERS"):
        condition |= Q(owner=user)
    pages = Page.objects.filter(condition)
    visible = pages_user_can_view_feedback(user)
    if visible is not None:
        pages = pages.filter(pk__in=visible.values("pk"))
    return list(pages.values_list("pk", flat=True))


def followers() -> list[Any]:
    """Active users with an e-mail address who follow anything and may read feedback."""
    User = get_user_model()
    ids = set(FeedbackSubscription.objects.values_list("user_id", flat=True))
    if get_setting("DIGEST_PAGE_OWNERS"):
        ids |= set(Page.objects.filter(owner__isnull=False).values_list("owner_id", flat=True))
    users = User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    return [user for user in users if user_can_view_any_feedback(user)]


def followers_of(page_id: int) -> list[Any]:
    """Followers whose followed pages include ``page_id``."""
    return [user for user in followers() if page_id in set(followed_pages(user))]


def is_subscribed(user: Any, page: Page) -> bool:
    return FeedbackSubscription.objects.filter(user=user, page=page).exists()
