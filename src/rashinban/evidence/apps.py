from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "rashinban.evidence"
    label = "evidence"
    verbose_name = "Evidence"
