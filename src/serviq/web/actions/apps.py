from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "serviq.web.actions"
    label = "improvement"
    verbose_name = "Improvement actions"
