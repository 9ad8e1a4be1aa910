"""The pages under ``/indicators/``: the data of indicators recorded where the work happens."""

from django.urls import path

from serviq.web.indicatordata import benchmarks, checklist, feedback, manual, systems

urlpatterns = [
    path("manual/", manual.manual_page, name="indicator-manual"),
    path("checklist/", checklist.checklist_page, name="indicator-checklist"),
    path("systems/", systems.systems_page, name="indicator-systems"),
    path("feedback/", feedback.feedback_page, name="indicator-feedback"),
    path("benchmarks/", benchmarks.benchmarks_page, name="indicator-benchmarks"),
]
