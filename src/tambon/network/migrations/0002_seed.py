"""Seed the service types (a taxonomy national admins edit afterwards)."""

from django.db import migrations

from tambon.network import seed


def load(apps, schema_editor):
    ServiceType = apps.get_model("network", "ServiceType")
    for position, (code, th, en) in enumerate(seed.SERVICE_TYPES):
        ServiceType.objects.update_or_create(
            code=code, defaults=dict(name_th=th, name_en=en, position=position)
        )


def unload(apps, schema_editor):
    ServiceType = apps.get_model("network", "ServiceType")
    ServiceType.objects.filter(code__in=[row[0] for row in seed.SERVICE_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
