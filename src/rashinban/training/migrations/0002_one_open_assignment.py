
from django.conf import settings
from django.db import migrations, models


def merge_duplicates(apps, schema_editor):
    """Open duplicates (a drill click assigned the lesson twice) become one: the first, with the earliest due date."""
    Assignment = apps.get_model("training", "Assignment")
    kept = {}
    for row in Assignment.objects.filter(completed_at__isnull=True).order_by("id"):
        key = (row.organisation_id, row.user_id, row.lesson_id)
        first = kept.setdefault(key, row)
        if first.pk == row.pk:
            continue
        if row.due_date and (first.due_date is None or row.due_date < first.due_date):
            first.due_date = row.due_date
            first.save(update_fields=["due_date"])
        first.attempts = max(first.attempts, row.attempts)
        first.save(update_fields=["attempts"])
        row.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_encrypted_totp_seeds'),
        ('training', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='assignment',
            constraint=models.UniqueConstraint(condition=models.Q(('completed_at__isnull', True)), fields=('organisation', 'user', 'lesson_id'), name='training_one_open_assignment'),
        ),
    ]
