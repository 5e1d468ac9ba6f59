"""The password, password-policy, backups and devices checks (pure: parsers, rules, findings)."""
