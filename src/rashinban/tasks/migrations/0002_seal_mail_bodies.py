"""Mail jobs queued or failed before bodies were sealed (tasks/mail.py) get their body sealed too: it carries
single-use links whose tokens the database otherwise keeps only as hashes."""

from django.db import migrations

from rashinban import crypto


def seal(apps, schema_editor):
    Job = apps.get_model("tasks", "Job")
    for job in Job.objects.filter(name="mail.send").exclude(status="done").iterator():
        kwargs = job.kwargs if isinstance(job.kwargs, dict) else {}
        if "body" not in kwargs:
            continue
        kwargs["sealed_body"] = crypto.encrypt(str(kwargs.pop("body") or ""), crypto.MAIL_BODY)
        Job.objects.filter(pk=job.pk).update(kwargs=kwargs)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
