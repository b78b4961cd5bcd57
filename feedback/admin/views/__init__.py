"""Admin views: the site report (``site_report``, ``trend``), the page report
(``page_report`` with ``edits`` and ``comments``), exports, moderation and
following a section; their filters in ``report_filters``.

Kept apart from the public submission view so the two never share a module.
Every view is checked by ``common.FeedbackPermissionMixin`` (Wagtail's
``PermissionCheckedMixin`` with the rules of ``feedback.admin.permissions``)
and answers 403 (or 404 for objects the user may not see) instead of
Wagtail's redirect, so a refused request is obvious and changes nothing.
"""
