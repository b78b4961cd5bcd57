"""WSGI entry point. Run with ``gunicorn --pythonpath site feedbacksite.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "feedbacksite.settings.production")

application = get_wsgi_application()
