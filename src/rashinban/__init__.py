"""Rashinban (羅針盤): steer an SME's digital transformation, with security as the foundation."""

__version__ = "0.1.0"
