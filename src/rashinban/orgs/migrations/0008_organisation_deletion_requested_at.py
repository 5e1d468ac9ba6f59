from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0007_organisation_mail_sender"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="deletion_requested_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
