from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "serviq.web.qa"
    label = "qa"
    verbose_name = "Quality inspection"
