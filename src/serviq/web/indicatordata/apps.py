from django.apps import AppConfig


class IndicatorDataConfig(AppConfig):
    name = "serviq.web.indicatordata"
    label = "indicatordata"
    verbose_name = "Indicator data entered where the work happens"
