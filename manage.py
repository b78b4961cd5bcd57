#!/usr/bin/env python
"""Django's command-line utility for the demo site.

The project configuration lives in ``site/feedbacksite``. ``site/`` is a plain
folder (no ``__init__.py``) put on ``sys.path`` here, because a package named
``site`` can never be imported: the stdlib ``site`` module is loaded first.
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "feedbacksite.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
