"""The URLs of serviq's web application."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from serviq.web.actions import api as actions_api  # noqa: F401  (adds /api/actions/)
from serviq.web.api import api
from serviq.web.dashboard import views as dashboard
from serviq.web.delphi import api as delphi_api  # noqa: F401  (adds /api/delphi/)
from serviq.web.delphi import expert_form
from serviq.web.org import tokens
from serviq.web.org import views as org
from serviq.web.reports import api as reports_api  # noqa: F401  (adds /api/reports)
from serviq.web.sme import api as sme_api  # noqa: F401  (adds /api/sme/)
from serviq.web.surveys import views as surveys
from serviq.web.training import api as training_api  # noqa: F401  (adds /api/training/)
from serviq.web.workforce import api as workforce_api  # noqa: F401  (adds /api/workforce/)

urlpatterns = [
    path("", org.home, name="home"),
    path("login/", org.login_view, name="login"),
    path("logout/", org.logout_view, name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", dashboard.dashboard_export, name="dashboard-export"),
    path("records/<str:kind>/", dashboard.records_page, name="records"),
    path(
        "records/<str:kind>/export.<str:fmt>",
        dashboard.records_export,
        name="records-export",
    ),
    path(
        "records/interactions/",
        dashboard.records_page,
        {"kind": "interactions"},
        name="interactions",
    ),
    path("audit/", dashboard.audit_page, name="audit"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("surveys/", surveys.manage, name="survey-manage"),
    path("s/<str:token>/", surveys.respond, name="survey-respond"),
    path("s-thanks/", surveys.thanks, name="survey-thanks"),
    path("qa/", include("serviq.web.qa.urls")),
    path("workforce/", include("serviq.web.workforce.urls")),
    path("reports/", include("serviq.web.reports.urls")),
    path("actions/", include("serviq.web.actions.urls")),
    path("indicators/", include("serviq.web.indicatordata.urls")),
    path("sme/", include("serviq.web.sme.urls")),
    path("delphi/", include("serviq.web.delphi.urls")),
    path("e/<str:token>/", expert_form.respond, name="delphi-expert"),
    path("training/", include("serviq.web.training.urls")),
    path("api/", api.urls),
    # The admin site logs in through the same page, throttle and audit as everyone else
    # (listed before admin.site.urls, so the admin's own login view is never reached).
    path("admin/login/", org.login_view, {"default_next": "/admin/"}, name="admin-login"),
    path("admin/", admin.site.urls),
]
handler400 = "serviq.web.errors.bad_request"
handler403 = "serviq.web.errors.permission_denied"
handler404 = "serviq.web.errors.page_not_found"
handler500 = "serviq.web.errors.server_error"
