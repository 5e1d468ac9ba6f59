"""argparse types the bench scripts share: a count, a duration or a rate below 1 (or a negative one) is refused
with argparse's usual message ("argument --duration: ...") instead of a traceback from wrk or a script that
measures nothing."""

from __future__ import annotations

import argparse


def _number(text: str, kind: type, least: float) -> int | float:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < least or value != value:  # NaN compares false with everything
        raise argparse.ArgumentTypeError(f"must be at least {least}: {text!r}")
    return value


def positive(text: str) -> int:
    """A whole number of at least 1 (companies, seconds, requests/s, repeats)."""
    return int(_number(text, int, 1))


def natural(text: str) -> int:
    """A whole number of at least 0 (0: the default or none, as for --workers, --warmup, --port)."""
    return int(_number(text, int, 0))


def positive_float(text: str) -> float:
    """A number above 0 (a target in milliseconds)."""
    value = float(_number(text, float, 0))
    if value == 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number above 0: {text!r}")
    return value
