"""The SME desk's pages, under ``/sme/``."""

from django.urls import path

from serviq.web.sme import views

urlpatterns = [
    path("", views.case_list, name="sme-cases"),
    path("portfolio/", views.guaranteed_portfolio, name="sme-portfolio"),
    path("limits/", views.limit_usage, name="sme-limits"),
    path("<str:code>/", views.case_detail, name="sme-case"),
    path("<str:code>/schedule/", views.case_schedule, name="sme-schedule"),
]
