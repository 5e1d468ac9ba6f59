from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "rashinban.training"
    label = "training"
    verbose_name = "Training"
