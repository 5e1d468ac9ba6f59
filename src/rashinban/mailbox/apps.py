from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "rashinban.mailbox"
    label = "mailbox"
    verbose_name = "Shared mailbox"
