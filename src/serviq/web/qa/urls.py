"""The QA pages under ``/qa/``."""

from django.urls import path

from serviq.web.qa import coaching, views

urlpatterns = [
    path("assignments/", views.assignments, name="qa-assignments"),
    path("plan/", views.make_plan, name="qa-plan"),
    path("reviews/<str:code>/", views.review_page, name="qa-review"),
    path("reviews/<str:code>/score", views.score, name="qa-score"),
    path("reviews/<str:code>/dispute", views.dispute, name="qa-dispute"),
    path("reviews/<str:code>/decide", views.decide, name="qa-decide"),
    path("reviews/<str:code>/reassign", views.reassign, name="qa-reassign"),
    path("interactions/<str:interaction_id>/review", views.start_review, name="qa-start"),
    path("my/", views.my_reviews, name="qa-my"),
    path("overview/", views.overview, name="qa-overview"),
    path("weekly/", views.weekly, name="qa-weekly"),
    path("calibration/", views.calibration, name="qa-calibration"),
    path("training/", views.make_training, name="qa-training"),
    path("training/<str:code>", views.update_task, name="qa-task"),
    path("coaching/", coaching.coaching_index, name="qa-coaching"),
    path("coaching/<str:agent>/", coaching.coaching, name="qa-coaching-agent"),
]
