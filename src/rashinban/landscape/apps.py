from django.apps import AppConfig


class LandscapeConfig(AppConfig):
    name = "rashinban.landscape"
    label = "landscape"
    verbose_name = "Landscape"
