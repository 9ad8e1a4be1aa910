"""The pages under ``/indicators/``: the data of indicators recorded where the work happens."""

from django.urls import path

from serviq.web.indicatordata import checklist, manual

urlpatterns = [
    path("manual/", manual.manual_page, name="indicator-manual"),
    path("checklist/", checklist.checklist_page, name="indicator-checklist"),
]
