from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "rashinban.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"
