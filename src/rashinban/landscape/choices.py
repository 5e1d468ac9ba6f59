"""Fixed lists of the systems inventory and the skills self-assessment; codes are stable (import/export use them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SystemKind(models.TextChoices):
    ACCOUNTING = "accounting", _("Accounting")
    CRM = "crm", _("Customer management (CRM)")
    POS = "pos", _("Point of sale (POS)")
    BOOKING = "booking", _("Bookings")
    ECOMMERCE = "ecommerce", _("Online shop")
    SALES = "sales", _("Sales and orders")
    INVENTORY = "inventory", _("Stock and purchasing")
    PRODUCTION = "production", _("Production")
    GROUPWARE = "groupware", _("Groupware and mail")
    FILES = "files", _("File storage")
    HR = "hr", _("HR and payroll")
    SPREADSHEET = "spreadsheet", _("Spreadsheet or paper ledger")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class Hosting(models.TextChoices):
    CLOUD = "cloud", _("Cloud service")
    ON_SITE = "on_site", _("On site")


class DataKind(models.TextChoices):
    CUSTOMER = "customer", _("Customers")
    PRODUCT = "product", _("Products")
    ORDER = "order", _("Orders and sales")
    STOCK = "stock", _("Stock")
    SUPPLIER = "supplier", _("Suppliers")
    EMPLOYEE = "employee", _("Employees")
    FINANCE = "finance", _("Accounts and money")
    DOCUMENT = "document", _("Documents and drawings")


class LinkMethod(models.TextChoices):
    API = "api", _("Automatic (API)")
    FILE = "file", _("File export and import")
    MANUAL = "manual", _("Manual re-keying")


class Frequency(models.TextChoices):
    REALTIME = "realtime", _("Continuously")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    ADHOC = "adhoc", _("Now and then")


class SkillArea(models.TextChoices):
    BASIC_IT = "basic_it", _("Basic IT")
    CLOUD_TOOLS = "cloud_tools", _("Office cloud tools")
    DATA_USE = "data_use", _("Using data")
    SECURITY = "security", _("Security habits")
    IMPROVEMENT = "improvement", _("Improving processes")
    OWNERSHIP = "ownership", _("Owning a system")


# What each level means, so that people rate themselves against the same words (0–4).
SKILL_LEVELS = [
    (0, _("Not yet: I have not done this")),
    (1, _("With help: I can do it when someone shows me")),
    (2, _("On my own: I do the usual tasks without help")),
    (3, _("Confident: I solve problems and help colleagues")),
    (4, _("Teacher: I set it up, improve it and teach others")),
]
SKILL_MAX = 4
