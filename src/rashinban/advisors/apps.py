from django.apps import AppConfig


class AdvisorsConfig(AppConfig):
    name = "rashinban.advisors"
    label = "advisors"
    default_auto_field = "django.db.models.BigAutoField"
