"""The analyst's Delphi pages under ``/delphi/`` (the expert's form is ``/e/<token>/``)."""

from django.urls import path

from serviq.web.delphi import views

urlpatterns = [
    path("", views.index, name="delphi"),
    path("<int:pk>/", views.consultation, name="delphi-consultation"),
    path("<int:pk>/rounds/<int:number>/", views.round_page, name="delphi-round"),
    path("<int:pk>/version.yaml", views.version_file, name="delphi-version"),
]
