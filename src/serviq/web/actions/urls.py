"""The improvement pages, under ``/actions/``."""

from django.urls import path

from serviq.web.actions import views

urlpatterns = [
    path("", views.register_page, name="actions-register"),
    path("propose", views.propose, name="actions-propose"),
    path("new/", views.new_record, name="actions-new"),
    path("<int:pk>/", views.record_page, name="actions-record"),
    path("<int:pk>/edit", views.edit, name="actions-edit"),
    path("<int:pk>/tasks", views.add_task, name="actions-add-task"),
    path("<int:pk>/tasks/<int:task>", views.task_step, name="actions-task"),
    path("<int:pk>/links", views.add_link, name="actions-link"),
    path("<int:pk>/step", views.step, name="actions-step"),
]
