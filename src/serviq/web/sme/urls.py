"""The SME desk's pages, under ``/sme/``."""

from django.urls import path

from serviq.web.sme import views

urlpatterns = [
    path("", views.case_list, name="sme-cases"),
    path("<str:code>/", views.case_detail, name="sme-case"),
]
