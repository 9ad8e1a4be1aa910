"""The workforce pages, under ``/workforce/``."""

from django.urls import path

from serviq.web.workforce import escalations, views

urlpatterns = [
    path("", views.me, name="workforce-me"),
    path("swaps/new/", views.swap_new, name="workforce-swap-new"),
    path("swaps/<int:pk>/", views.swap_detail, name="workforce-swap"),
    path("leave/new/", views.leave_new, name="workforce-leave-new"),
    path("leave/<int:pk>/", views.leave_detail, name="workforce-leave"),
    path("roster/", views.roster, name="workforce-roster"),
    path("approvals/", views.approvals, name="workforce-approvals"),
    path("handover/", views.handover_log, name="workforce-handover"),
    path("violations/", views.violations, name="workforce-violations"),
    path("team/", views.team_page, name="workforce-team"),
    path("escalations/", escalations.escalations, name="workforce-escalations"),
    path("visitors/", escalations.visitors, name="workforce-visitors"),
    path("meetings/", views.meeting_calendar, name="workforce-meetings"),
]
