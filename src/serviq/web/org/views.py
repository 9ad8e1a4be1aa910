"""Login (throttled and audited), logout, and the home page that sends each role where it
works."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from serviq.web.org import roles, throttle
from serviq.web.org.roles import LABELS, Role


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)


def person_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the person logged in and their role's label in the page language."""
    user = getattr(request, "user", None)
    person = getattr(user, "person", None) if user is not None and user.is_authenticated else None
    label = ""
    if person is not None:
        lang = getattr(request, "LANGUAGE_CODE", "zh-hans")
        idx = {"zh-hans": 0, "zh-hant": 1}.get(lang, 2)
        label = LABELS[Role(person.role)][idx]
        can = {
            "dashboard": Role(person.role) in roles.DASHBOARD,
            "audit": Role(person.role) in roles.AUDIT,
            "surveys": Role(person.role) in roles.SURVEY_ADMIN,
            "qa": {"agent": "qa-my", "qa_inspector": "qa-assignments"}.get(
                person.role, "qa-overview"
            )
            if Role(person.role) not in roles.SME
            else "",
            "sme": Role(person.role) in roles.SME,
            "sme_risk": Role(person.role) in roles.SME_DESK_WIDE,
        }
    else:
        can = {}
    return {"person": person, "role_label": label, "can": can}


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest, default_next: str = "/") -> HttpResponse:
    """The one login page: ``/login/`` and the admin site's ``/admin/login/`` (whose
    ``default_next`` is the admin). Every attempt goes through the throttle
    (:func:`serviq.web.org.throttle.attempt`): counted by user name and address, audited."""
    form = LoginForm(request.POST or None)
    error = ""
    status = 200
    retry_after = 0
    if request.method == "POST" and form.is_valid():
        outcome = throttle.attempt(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if outcome.throttled:
            error = _("Too many failed logins. Try again later or ask an administrator.")
            status = 429
            retry_after = outcome.retry_after
        elif outcome.user is None:
            error = _("User name or password is wrong.")
            status = 400
        else:
            login(request, outcome.user)
            target = request.GET.get("next") or default_next
            if not target.startswith("/") or target.startswith("//"):
                target = "/"
            return redirect(target)
    response = render(request, "login.html", {"form": form, "error": error}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    person = getattr(request.user, "person", None)
    if person is not None and Role(person.role) in roles.DASHBOARD:
        return redirect("dashboard")
    if person is not None and Role(person.role) in roles.SME:
        return redirect("sme-cases")
    return redirect("interactions")
