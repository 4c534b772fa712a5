"""Follow-ups and referrals carry their case's sub-district (copied; a case never moves)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_cases(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    of_case = Case.objects.filter(pk=OuterRef("case_id")).values("subdistrict_id")[:1]
    for name in ("FollowUp", "Referral"):
        apps.get_model("cases", name).objects.update(subdistrict_id=Subquery(of_case))


def field(null: bool) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="geo.subdistrict",
        verbose_name="sub-district",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_referral_by_answer_due"),
        ("geo", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="followup", name="subdistrict", field=field(True)),
        migrations.AddField(model_name="referral", name="subdistrict", field=field(True)),
        migrations.RunPython(copy_from_cases, migrations.RunPython.noop),
        migrations.AlterField(model_name="followup", name="subdistrict", field=field(False)),
        migrations.AlterField(model_name="referral", name="subdistrict", field=field(False)),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["subdistrict", "status", "due_on"], name="cases_follo_subdist_6a018c_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["subdistrict", "state"], name="cases_refer_subdist_6323dc_idx"
            ),
        ),
    ]
