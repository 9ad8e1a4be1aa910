from django.apps import AppConfig


class DelphiConfig(AppConfig):
    name = "serviq.web.delphi"
    label = "delphi"
    verbose_name = "Delphi consultations of the indicator system"
