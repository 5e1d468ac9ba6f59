"""Calendar event ids from a UUID on each roadmap line, PoC gate and subsidy instead of their database ids.

Django's AddField gives every existing row the same value of a callable default, so the field is added
empty, each existing row gets its own UUID, and only then is the field required.
"""

import uuid

from django.db import migrations, models

MODELS = ("gate", "roadmapitem", "subsidy")


def give_each_row_its_own_uid(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("planning", name)
        for pk in model.objects.filter(uid__isnull=True).values_list("pk", flat=True).iterator():
            model.objects.filter(pk=pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [
        *(
            migrations.AddField(model_name=name, name="uid", field=models.UUIDField(null=True, editable=False))
            for name in MODELS
        ),
        migrations.RunPython(give_each_row_its_own_uid, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name, name="uid", field=models.UUIDField(default=uuid.uuid4, editable=False)
            )
            for name in MODELS
        ),
    ]
