from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "rashinban.assessments"
    label = "assessments"
    verbose_name = "Assessments"
