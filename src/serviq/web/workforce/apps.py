from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "serviq.web.workforce"
    label = "workforce"
    verbose_name = "Workforce"
