"""The writes of the network through its services: validation, areas, optimistic locking,
members, and the change history."""

import pytest
from auditlog.models import LogEntry

from tambon.accounts.models import User
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict
from tambon.network.models import Partner, WelfareService
from tambon.network.selectors import services_for
from tambon.network.services.partners import (
    ContactData,
    PartnerData,
    add_contact,
    create_partner,
    set_partner_members,
    update_partner,
)
from tambon.network.services.welfare import (
    ServiceData,
    create_service,
    set_service_active,
    update_service,
)
from tests.network.factories import PHRA_BOROM, SIPHUM, PartnerFactory, service_type

pytestmark = pytest.mark.django_db


def data(**changes: object) -> PartnerData:
    values: dict = {
        "name": "โรงพยาบาลส่งเสริมสุขภาพตำบลศรีภูมิ",
        "sector": "government",
        "subdistrict": Subdistrict.objects.get(code=SIPHUM),
    }
    values.update(changes)
    return PartnerData(**values)


def test_an_officer_records_a_partner_of_the_area_covering_its_subdistrict(
    siphum_officer: User,
) -> None:
    partner = create_partner(by=siphum_officer, data=data(name="  รพ.สต.   ศรีภูมิ "))
    assert partner.name == "รพ.สต. ศรีภูมิ"
    assert partner.coverage_codes == [SIPHUM]
    assert partner.created_by == siphum_officer
    assert LogEntry.objects.get_for_object(partner).count() == 1


def test_coverage_keeps_the_widest_of_nested_codes(siphum_officer: User) -> None:
    partner = create_partner(by=siphum_officer, data=data(coverage_codes=["5001", "500101", "84"]))
    assert partner.coverage_codes == ["5001", "84"]


@pytest.mark.parametrize(
    ("codes", "message"),
    [(["5"], "“5”"), (["500199"], "500199")],
)
def test_a_coverage_code_must_name_a_real_area(
    siphum_officer: User, codes: list[str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        create_partner(by=siphum_officer, data=data(coverage_codes=codes))
    assert caught.value.field == "coverage_codes"
    assert not Partner.objects.exists()


def test_an_officer_cannot_record_a_partner_outside_the_area(siphum_officer: User) -> None:
    bangkok = Subdistrict.objects.get(code=PHRA_BOROM)
    with pytest.raises(PermissionDenied) as caught:
        create_partner(by=siphum_officer, data=data(subdistrict=bangkok))
    assert caught.value.field == "subdistrict"
    assert not Partner.objects.exists()


def test_volunteers_and_partner_accounts_do_not_record_partners(
    siphum_volunteer: User, member: User
) -> None:
    for user in (siphum_volunteer, member):
        with pytest.raises(PermissionDenied):
            create_partner(by=user, data=data())
    assert not Partner.objects.exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    siphum_officer: User, cm_officer: User
) -> None:
    partner = create_partner(by=siphum_officer, data=data())
    update_partner(by=cm_officer, partner=partner, expected_version=1, data=data(phone="053 1"))
    stale = Partner.objects.get(pk=partner.pk)
    with pytest.raises(Conflict):
        update_partner(
            by=siphum_officer,
            partner=stale,
            expected_version=1,
            data=data(phone="053 2", coverage_codes=["50"]),
        )
    partner.refresh_from_db()
    assert (partner.phone, partner.version, partner.coverage_codes) == ("053 1", 2, [SIPHUM])


def test_a_member_changes_its_organisation_but_not_its_members(
    siphum_partner: Partner, member: User, outsider: User
) -> None:
    update_partner(
        by=member,
        partner=siphum_partner,
        expected_version=1,
        data=data(name=siphum_partner.name, sector="welfare_fund", phone="081 000 0000"),
    )
    with pytest.raises(PermissionDenied):
        set_partner_members(by=member, partner=siphum_partner, users=[member, outsider])
    assert list(siphum_partner.members.all()) == [member]


def test_only_partner_accounts_become_members(
    siphum_partner: Partner, siphum_officer: User, siphum_volunteer: User, outsider: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        set_partner_members(by=siphum_officer, partner=siphum_partner, users=[siphum_volunteer])
    assert refused.value.field == "members"
    set_partner_members(by=siphum_officer, partner=siphum_partner, users=[outsider])
    assert list(siphum_partner.members.all()) == [outsider]


def test_a_contact_needs_a_name(siphum_partner: Partner, member: User) -> None:
    with pytest.raises(ValidationError) as caught:
        add_contact(by=member, partner=siphum_partner, data=ContactData(name=" "))
    assert caught.value.field == "name"
    contact = add_contact(
        by=member,
        partner=siphum_partner,
        data=ContactData(name="นางวิภา กองทุนดี", position="ประธานกองทุน"),
    )
    assert list(siphum_partner.contacts.all()) == [contact]


def service_data(**changes: object) -> ServiceData:
    values: dict = {"name": "เยี่ยมบ้านผู้ป่วยติดเตียง", "service_type": service_type("home_care")}
    values.update(changes)
    return ServiceData(**values)


def test_a_service_without_areas_serves_the_partner_coverage(
    siphum_partner: Partner, member: User
) -> None:
    service = create_service(by=member, partner=siphum_partner, data=service_data())
    assert service.area_codes == []
    assert service.effective_area_codes == [SIPHUM]
    assert list(services_for(user=member, subdistrict_code=SIPHUM)) == [service]
    assert list(services_for(user=member, subdistrict_code="500102")) == []


def test_a_service_with_its_own_area_serves_only_there(
    siphum_partner: Partner, member: User
) -> None:
    service = create_service(
        by=member, partner=siphum_partner, data=service_data(area_codes=["5001"])
    )
    assert list(services_for(user=member, subdistrict_code="50010203")) == [service]
    assert list(services_for(user=member, subdistrict_code="5001")) == [service]
    assert list(services_for(user=member, subdistrict_code="50")) == [service]
    assert list(services_for(user=member, subdistrict_code="5002")) == []


def test_a_reversed_age_range_is_refused(siphum_partner: Partner, member: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_service(by=member, partner=siphum_partner, data=service_data(min_age=60, max_age=18))
    assert caught.value.field == "max_age"
    assert not WelfareService.objects.exists()


def test_an_outsider_cannot_add_a_service(siphum_partner: Partner, outsider: User) -> None:
    with pytest.raises(PermissionDenied):
        create_service(by=outsider, partner=siphum_partner, data=service_data())
    assert not WelfareService.objects.exists()


def test_a_retired_type_is_not_offered_to_new_services(
    siphum_partner: Partner, member: User
) -> None:
    retired = service_type("shelter")
    retired.active = False
    retired.save()
    with pytest.raises(ValidationError) as caught:
        create_service(by=member, partner=siphum_partner, data=service_data(service_type=retired))
    assert caught.value.field == "service_type"


def test_updating_a_service_with_a_stale_version_changes_nothing(
    siphum_partner: Partner, member: User, siphum_officer: User
) -> None:
    service = create_service(by=member, partner=siphum_partner, data=service_data())
    update_service(
        by=siphum_officer,
        service=service,
        expected_version=1,
        data=service_data(capacity_per_month=8),
    )
    stale = WelfareService.objects.get(pk=service.pk)
    with pytest.raises(Conflict):
        update_service(
            by=member, service=stale, expected_version=1, data=service_data(capacity_per_month=99)
        )
    service.refresh_from_db()
    assert (service.capacity_per_month, service.version) == (8, 2)


def test_a_deactivated_service_leaves_the_directory(siphum_partner: Partner, member: User) -> None:
    service = create_service(by=member, partner=siphum_partner, data=service_data())
    set_service_active(by=member, service=service, active=False)
    assert services_for(user=member).count() == 0
    set_service_active(by=member, service=service, active=True)
    assert services_for(user=member).count() == 1


def test_the_directory_filters_by_need_group_age_and_text(member: User) -> None:
    partner = PartnerFactory(name="มูลนิธิเพื่อผู้สูงอายุ", sector="ngo", coverage=["50"])
    from tests.network.factories import ServiceFactory

    elderly = ServiceFactory(
        partner=partner, name="ศูนย์ดูแลผู้สูงอายุ", problems=["elderly"], groups=["elderly"], min_age=60
    )
    school = ServiceFactory(
        partner=partner,
        name="ทุนการศึกษา",
        service_type=service_type("education"),
        problems=["education"],
        groups=["child"],
        max_age=15,
    )
    assert list(services_for(user=member, problem_type="elderly")) == [elderly]
    assert list(services_for(user=member, target_group="child")) == [school]
    assert list(services_for(user=member, age=70)) == [elderly]
    assert list(services_for(user=member, q="ทุน")) == [school]
    assert list(services_for(user=member, q="มูลนิธิเพื่อ")) == [school, elderly]
    assert list(services_for(user=member, service_type="education")) == [school]
