"""Print every table's rows (those a backup leaves out aside: sessions, heartbeats, kept plans) as JSON, so that two installations can be compared.

Run in an installation's environment: `python tests/backups/db_rows.py`. Times keep every microsecond.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core import serializers  # noqa: E402

from rashinban.backups.dump import EXCLUDED_MODELS as SKIPPED  # noqa: E402

tables = {}
for model in apps.get_models():
    label = model._meta.label_lower
    if label not in SKIPPED:
        tables[label] = serializers.serialize("python", model._base_manager.order_by("pk"))
print(json.dumps(tables, default=str, ensure_ascii=False, sort_keys=True))
