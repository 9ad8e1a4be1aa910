"""The WSGI application gunicorn serves (``serviq serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviq.web.settings")
application = get_wsgi_application()
