"""Starting Django from the CLI: settings, migrations, gunicorn."""

from __future__ import annotations

import os
from typing import Any


def setup() -> None:
    """Configure Django from serviq's settings (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviq.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def migrate(*, verbosity: int = 0) -> list[str]:
    """Apply pending migrations; return the names applied."""
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=verbosity)
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def collect_static() -> None:
    """Outside development, copy static files with hashed names for whitenoise to serve."""
    setup()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)


def serve(host: str, port: int, *, workers: int = 2, threads: int = 4) -> None:
    """Serve the WSGI application with gunicorn in this process."""
    collect_static()
    from gunicorn.app.base import BaseApplication

    from serviq.web.wsgi import application

    class _App(BaseApplication):
        def __init__(self, options: dict[str, Any]) -> None:
            self.options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _App(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
            # several servers may run side by side (tests, benchmark, demo): no shared
            # control socket in the home directory
            "control_socket_disable": True,
        }
    ).run()
