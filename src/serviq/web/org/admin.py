"""The administrator's pages for the organisation; every change is written to the audit
trail with its before and after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from serviq.web.audit.models import AuditEvent
from serviq.web.audit.trail import record
from serviq.web.org.models import Centre, Department, LoginThrottle, Person, Team
from serviq.web.org.roles import Role


def _plain(obj: Any) -> dict[str, Any]:
    return {
        k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v))
        for k, v in model_to_dict(obj).items()
    }


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes in one transaction with their audit row."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        person = getattr(request.user, "person", None)
        return bool(person is not None and person.role == Role.ADMIN and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_change_permission = has_view_permission
    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _plain(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                f"admin.{'change' if change else 'add'}",
                request=request,
                obj=obj,
                before=before,
                after=_plain(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = _plain(obj)
        with transaction.atomic():
            record("admin.delete", request=request, obj=obj, before=before)
            super().delete_model(request, obj)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = (
        "code",
        "name",
        "role",
        "team",
        "department",
        "job_type",
        "skill_level",
        "active",
    )
    list_filter = ("role", "team", "department", "active")
    search_fields = ("code", "name")


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("code", "name", "department")


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("code", "name", "centre")


@admin.register(Centre)
class CentreAdmin(AuditedAdmin):
    list_display = ("code", "name", "timezone")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the trail is never edited."""

    list_display = ("at", "actor_name", "action", "object_type", "object_id", "ip")
    list_filter = ("action",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        person = getattr(request.user, "person", None)
        return bool(person is not None and person.role == Role.ADMIN and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(AuditedAdmin):
    """The login throttle's counts, read only; deleting a row lifts its throttle (audited
    ``admin.delete`` with the row as it was)."""

    list_display = ("kind", "key", "failures", "blocked_until", "strikes", "window_start")
    list_filter = ("kind",)
    search_fields = ("key",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
