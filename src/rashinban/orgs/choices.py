"""Fixed lists for an organisation's profile."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member (staff)")
    ADVISOR = "advisor", _("Advisor")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    CONSTRUCTION = "construction", _("Construction")
    RETAIL = "retail", _("Retail and wholesale")
    FOOD = "food", _("Restaurants and food service")
    LODGING = "lodging", _("Hotels and lodging")
    LOGISTICS = "logistics", _("Transport and logistics")
    HEALTHCARE = "healthcare", _("Healthcare and welfare")
    IT = "it", _("Information and communications")
    PROFESSIONAL = "professional", _("Professional services")
    REAL_ESTATE = "real_estate", _("Real estate")
    OTHER = "other", _("Other")


class EmployeeBand(models.TextChoices):
    UPTO_5 = "1-5", _("1–5 people")
    UPTO_20 = "6-20", _("6–20 people")
    UPTO_50 = "21-50", _("21–50 people")
    UPTO_100 = "51-100", _("51–100 people")
    UPTO_300 = "101-300", _("101–300 people")
    OVER_300 = "301+", _("301 people or more")


PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
]  # fmt: skip
PREFECTURE_CHOICES = [(name, name) for name in PREFECTURES]

# Roles that see a company's weak points from outside or at the top must use a second factor.
MFA_REQUIRED_ROLES = {Role.OWNER, Role.ADVISOR}
