import secrets

from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    taken = set()
    for org in Organisation.objects.order_by("id"):
        base = slugify(org.name)[:40].strip("-") or "company"
        slug = f"{base}-{secrets.token_hex(2)}"
        while slug in taken:
            slug = f"{base}-{secrets.token_hex(2)}"
        taken.add(slug)
        Organisation.objects.filter(pk=org.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(max_length=50, null=True, db_index=False),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                help_text="Letters, digits and hyphens; names the company in commands such as rashinban report --org.",
                max_length=50,
                unique=True,
                verbose_name="short name",
            ),
        ),
    ]
