from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "rashinban.orgs"
    label = "orgs"
    verbose_name = "Organisations"
