"""The training pages under ``/training/``."""

from django.urls import path

from serviq.web.training import views

urlpatterns = [
    path("", views.sessions, name="training-sessions"),
    path("sessions/<int:pk>/", views.session, name="training-session"),
    path("sessions/<int:pk>/material", views.material, name="training-material"),
    path("sessions/<int:pk>/effect/", views.session_effect, name="training-effect"),
    path("tests/", views.tests, name="training-tests"),
    path("tests/<int:pk>/", views.knowledge_test, name="training-test"),
    path("tests/<int:pk>/take/", views.take, name="training-take"),
    path("my/", views.mine, name="training-my"),
    path("archive/", views.archive_page, name="training-archive"),
    path("archive/export.<str:fmt>", views.archive_export, name="training-archive-export"),
]
