"""ASGI entry point. Run with ``uvicorn --app-dir site feedbacksite.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "feedbacksite.settings.production")

application = get_asgi_application()
