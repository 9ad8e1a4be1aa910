"""The report pages under ``/reports/``."""

from django.urls import path

from serviq.web.reports import views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("<int:report_id>/", views.report_detail, name="report-detail"),
    path("<int:report_id>/commentary", views.commentary, name="report-commentary"),
    path("<int:report_id>/submit", views.submit, name="report-submit"),
    path("<int:report_id>/decide", views.decide, name="report-decide"),
    path("<int:report_id>/report.<str:fmt>", views.document, name="report-document"),
]
