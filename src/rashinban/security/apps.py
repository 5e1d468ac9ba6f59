from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "rashinban.security"
    label = "security"
    verbose_name = "Security"
