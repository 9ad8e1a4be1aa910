from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "serviq.web.training"
    label = "training"
    verbose_name = "Training and assessment"
