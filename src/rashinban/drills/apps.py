from django.apps import AppConfig


class DrillsConfig(AppConfig):
    name = "rashinban.drills"
    label = "drills"
    verbose_name = "Drills"
