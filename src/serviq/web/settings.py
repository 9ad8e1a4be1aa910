"""The module Django imports (``DJANGO_SETTINGS_MODULE=serviq.web.settings``).

All settings come from :func:`serviq.web.config.django_settings`; nothing else lives here.
"""

from serviq.settings import load_settings
from serviq.web.config import django_settings

globals().update(django_settings(load_settings()))
