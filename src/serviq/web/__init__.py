"""The Django project of serviq: pages, the JSON API (``/api/``), and the demo.

The web is a shell: it parses input, asks :mod:`serviq.web.org.access` whether the user may
see a thing, calls the functional core, persists and renders. Settings come from one
typed function, :func:`serviq.web.config.django_settings`.
"""
