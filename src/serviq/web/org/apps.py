from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "serviq.web.org"
    label = "org"
    verbose_name = "Organisation"
