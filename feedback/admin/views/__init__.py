"""Admin views: reports, export downloads and moderation.

Kept apart from the public submission view so the two never share a module.
Every view checks ``feedback.admin.permissions`` itself and answers 403 (or 404
for objects the user may not see) instead of Wagtail's redirect, so a
refused request is obvious and changes nothing.
"""
