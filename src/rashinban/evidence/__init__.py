"""Automated evidence: checks that prove (or disprove) the security basics a self-check claims."""
