"""A lesson is complete only when its quiz was passed (80 % or more): lessons handed in with a lower best score
open again, so the completion figures (training progress, advisors' portfolio) count passed quizzes only."""

from django.db import migrations

PASS_PERCENT = 80  # training.quiz.PASS_PERCENT when this was written


def reopen_failed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Assignment = apps.get_model("training", "Assignment")
    failed = Assignment.objects.filter(completed_at__isnull=False).exclude(score_percent__gte=PASS_PERCENT)
    for assignment in failed.iterator():
        still_open = Assignment.objects.filter(
            organisation_id=assignment.organisation_id,
            user_id=assignment.user_id,
            lesson_id=assignment.lesson_id,
            completed_at__isnull=True,
        ).exists()
        if still_open:  # the same lesson is open again already: that one counts, this one goes
            assignment.delete()
        else:
            assignment.completed_at = None
            assignment.save(update_fields=["completed_at"])


class Migration(migrations.Migration):
    dependencies = [("training", "0002_one_open_assignment")]
    operations = [migrations.RunPython(reopen_failed, migrations.RunPython.noop)]
