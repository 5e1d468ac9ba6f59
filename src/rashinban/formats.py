"""How the product writes money and dates for a reader, in one place (pure).

Japanese readers expect 150,000円 and 2025年10月14日; English readers ¥150,000 and 14 October 2025.
The facts registry, template filters (`{% load glossary %}{{ amount|yen }}`) and documents use these.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def yen(amount: float | int | Decimal | None, lang: str = "ja") -> str:
    """Whole yen with thousands separators: 150,000円 (ja) or ¥150,000 (en); "" for None."""
    if amount is None:
        return ""
    whole = int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    digits = f"{abs(whole):,}"
    return f"{sign}{digits}円" if lang == "ja" else f"{sign}¥{digits}"


def long_date(value: date, lang: str = "ja") -> str:
    """2025年10月14日 (ja) or 14 October 2025 (en)."""
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
