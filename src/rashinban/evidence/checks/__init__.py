"""The password, password-policy, backups and devices checks (pure: parsers, rules, findings)."""


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages; translated where it is shown (Django's own needs settings configured)."""
    return message
