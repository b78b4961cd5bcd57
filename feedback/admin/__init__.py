"""The staff's flow in the Wagtail admin: reports, exports, moderation, the
form editor's panels and the dashboard panel. Registered by
``feedback/wagtail_hooks.py``; URLs in ``urls`` under ``/admin/feedback/``."""
