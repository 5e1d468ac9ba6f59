from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "rashinban.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires"
