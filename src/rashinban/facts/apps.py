from django.apps import AppConfig


class FactsConfig(AppConfig):
    """No models: an app only so that `{% load facts %}` finds the template tags."""

    name = "rashinban.facts"
    label = "facts"
    verbose_name = "Facts registry"
