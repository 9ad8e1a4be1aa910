from django.apps import AppConfig


class SmeConfig(AppConfig):
    name = "serviq.web.sme"
    label = "sme"
    verbose_name = "The SME financial-service desk"
