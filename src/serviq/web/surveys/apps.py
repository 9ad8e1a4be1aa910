from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "serviq.web.surveys"
    label = "surveys"
    verbose_name = "Surveys"
