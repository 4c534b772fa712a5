"""Seed the target groups, problem types, survey indicators and the first 4S mapping."""

from django.db import migrations
from django.utils import timezone

from tambon.registry import seed


def load(apps, schema_editor):
    TargetGroup = apps.get_model("registry", "TargetGroup")
    ProblemType = apps.get_model("registry", "ProblemType")
    Indicator = apps.get_model("registry", "Indicator")
    MappingVersion = apps.get_model("registry", "MappingVersion")
    MappingRule = apps.get_model("registry", "MappingRule")
    for position, (code, th, en, lo, hi, sex) in enumerate(seed.TARGET_GROUPS):
        TargetGroup.objects.update_or_create(
            code=code,
            defaults=dict(
                name_th=th, name_en=en, min_age=lo, max_age=hi, sex=sex, position=position
            ),
        )
    problems = {}
    for position, (code, th, en, hotline) in enumerate(seed.PROBLEM_TYPES):
        problems[code], _ = ProblemType.objects.update_or_create(
            code=code,
            defaults=dict(name_th=th, name_en=en, hotline_1300=hotline, position=position),
        )
    version, created = MappingVersion.objects.get_or_create(
        number=1,
        defaults=dict(
            note="Seeded: TPMAP indicators onto the 4S", published_at=timezone.now()
        ),
    )
    for position, (code, dimension, scope, th, en, four_s, problem) in enumerate(
        seed.INDICATORS
    ):
        indicator, _ = Indicator.objects.update_or_create(
            code=code,
            defaults=dict(
                dimension=dimension, scope=scope, text_th=th, text_en=en, position=position
            ),
        )
        if created:
            MappingRule.objects.create(
                version=version,
                indicator=indicator,
                four_s=four_s,
                problem_type=problems.get(problem) if problem else None,
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
