from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "serviq.web.dashboard"
    label = "dashboard"
    verbose_name = "Indicator dashboard"
