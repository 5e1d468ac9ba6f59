from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rashinban.documents"
    label = "documents"
    verbose_name = "Security documents"
