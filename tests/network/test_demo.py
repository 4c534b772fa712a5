"""The network demo data: partners of mixed sectors with services and contacts in every
program sub-district, the demo partner account acting for one; the same for a seed, nothing
new on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command

from tambon.accounts.models import User
from tambon.demo.registry import DemoContext
from tambon.network.models import Partner, PartnerContact, WelfareService
from tambon.network.selectors import partners_of, services_for

pytestmark = pytest.mark.django_db

GENERATORS = ["geo.villages", "accounts.users", "network.partners"]


def run_demo(*, seed: int = 1) -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=seed, only=GENERATORS, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        WelfareService.objects.order_by(
            "partner__subdistrict_id", "partner__name", "name"
        ).values_list(
            "partner__subdistrict_id",
            "partner__name",
            "partner__sector",
            "name",
            "capacity_per_month",
        )
    )


def test_every_program_subdistrict_gets_four_to_eight_partners_of_mixed_sectors() -> None:
    output = run_demo()
    assert "✓ network.partners:" in output
    codes = DemoContext.create(scale="small", seed=1).subdistrict_codes
    for code in codes:
        partners = Partner.objects.filter(subdistrict_id=code)
        # The home sub-district also holds the fund the demo partner account acts for.
        assert 4 <= partners.count() <= 8 + (code == "500101")
        assert {"local_government", "school", "religious", "welfare_fund"} <= set(
            partners.values_list("sector", flat=True)
        )
    for partner in Partner.objects.prefetch_related("services", "contacts", "areas"):
        assert 1 <= partner.services.count() <= 4
        assert partner.coverage_codes
    assert PartnerContact.objects.count() >= Partner.objects.count()
    assert Partner.objects.filter(name__startswith="องค์การบริหารส่วนตำบลศรีภูมิ").exists()
    assert Partner.objects.filter(name__startswith="โรงเรียนบ้าน").exists()
    assert Partner.objects.filter(name__startswith="กองทุนสวัสดิการชุมชนตำบล").exists()


def test_the_demo_partner_account_acts_for_a_fund_and_finds_services() -> None:
    run_demo()
    partner = User.objects.get(username="partner")
    mine = list(partners_of(partner))
    assert [p.name for p in mine] == ["กองทุนสวัสดิการชุมชนอำเภอเมืองเชียงใหม่"]
    assert mine[0].services.count() == 3
    assert services_for(user=partner, subdistrict_code="500101").count() > 5


def test_the_same_seed_gives_the_same_partners_and_a_second_run_adds_nothing() -> None:
    run_demo()
    first = snapshot()
    members = list(Partner.members.through.objects.values_list("partner_id", "user_id"))
    output = run_demo()
    assert snapshot() == first
    assert list(Partner.members.through.objects.values_list("partner_id", "user_id")) == members
    assert "0 new partners" in output
    Partner.members.through.objects.all().delete()
    PartnerContact.objects.all().delete()
    for model in (WelfareService.problem_types.through, WelfareService.target_groups.through):
        model.objects.all().delete()
    WelfareService.objects.all().delete()
    Partner.objects.all().delete()
    run_demo()
    assert snapshot() == first
