from django.apps import AppConfig


class NextStepsConfig(AppConfig):
    name = "rashinban.nextsteps"
    label = "nextsteps"
    verbose_name = "Next steps"
