"""The network pages as a user sees them: lists with filters and their query counts, a
partner's page, create and edit with conflicts, services, contacts, the directory, and the
service-type pages."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.network.models import Partner, ServiceType, WelfareService
from tests.conftest import login
from tests.network.factories import (
    PHRA_BOROM,
    PHRA_SING,
    ContactFactory,
    PartnerFactory,
    ServiceFactory,
    service_type,
)
from tests.network.test_policy import partner_form

pytestmark = pytest.mark.django_db


def many_services(count: int = 60) -> None:
    """`count` services of 12 partners of ศรีภูมิ and พระสิงห์, with groups and needs."""
    for n in range(12):
        partner = PartnerFactory(
            name=f"โรงเรียนบ้านดอนแก้ว {n}",
            sector="school",
            subdistrict_id="500101" if n % 2 else PHRA_SING,
            coverage=["5001"] if n % 3 else None,
        )
        ContactFactory(partner=partner)
        for m in range(count // 12):
            ServiceFactory(
                partner=partner,
                name=f"ทุนการศึกษา {n}-{m}",
                problems=["education", "poverty"],
                groups=["child"],
                areas=["500101"] if m == 0 else None,
            )


def test_the_partner_list_shows_partners_with_their_areas(
    client: Client, siphum_officer: User, siphum_partner: Partner, bangkok_partner: Partner
) -> None:
    ServiceFactory(partner=siphum_partner)
    page = login(client, siphum_officer).get(reverse("network:partner_list")).content.decode()
    assert "กองทุนสวัสดิการชุมชนตำบลศรีภูมิ" in page
    assert "วัดพระเชตุพนวิมลมังคลาราม" not in page
    assert "ศรีภูมิ" in page


def test_the_partner_list_filters_by_sector_name_and_area(
    client: Client, admin: User, siphum_partner: Partner, bangkok_partner: Partner
) -> None:
    login(client, admin)
    url = reverse("network:partner_list")
    assert "วัดพระเชตุ" not in client.get(url, {"sector": "welfare_fund"}).content.decode()
    page = client.get(url, {"q": "วัดพระเชตุ"}).content.decode()
    assert "วัดพระเชตุพน" in page and "กองทุนสวัสดิการชุมชนตำบลศรีภูมิ" not in page
    page = client.get(url, {"area-province": "10"}).content.decode()
    assert "วัดพระเชตุพน" in page and "กองทุนสวัสดิการชุมชนตำบลศรีภูมิ" not in page
    page = client.get(url, {"q": "ไม่มีชื่อนี้"}).content.decode()
    assert 'id="partners-empty"' in page


def test_the_partner_list_makes_a_fixed_number_of_queries(
    client: Client, cm_officer: User, django_assert_max_num_queries: object
) -> None:
    many_services()
    login(client, cm_officer)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(reverse("network:partner_list"))
    assert response.content.decode().count("โรงเรียนบ้านดอนแก้ว") == 12


def test_the_directory_lists_services_serving_the_chosen_area(
    client: Client, siphum_volunteer: User, django_assert_max_num_queries: object
) -> None:
    many_services()
    bangkok = PartnerFactory(name="วัดโพธิ์", sector="religious", subdistrict_id=PHRA_BOROM)
    ServiceFactory(partner=bangkok, name="โรงทานวัดโพธิ์")
    login(client, siphum_volunteer)
    url = reverse("network:directory")
    # A constant ~23: session and user, the navigation's permissions, the area picker and the
    # three filters' options, then count, page, four prefetches and the area names. One query
    # per entry would add 25 more.
    with django_assert_max_num_queries(24):  # type: ignore[operator]
        response = client.get(
            url, {"area-province": "50", "area-district": "5001", "area-subdistrict": "500101"}
        )
    page = response.content.decode()
    assert "โรงทานวัดโพธิ์" not in page
    assert page.count('class="card h-100 directory-entry"') == 25  # a full first page
    assert "ทุนการศึกษา" in page


def test_the_directory_filters_by_need_group_type_and_text(
    client: Client, siphum_volunteer: User, siphum_partner: Partner
) -> None:
    ServiceFactory(
        partner=siphum_partner,
        name="ซ่อมบ้านผู้สูงอายุ",
        service_type=service_type("housing_repair"),
        problems=["housing"],
        groups=["elderly"],
    )
    ServiceFactory(
        partner=siphum_partner,
        name="ทุนการศึกษาเด็ก",
        service_type=service_type("education"),
        problems=["education"],
        groups=["child"],
    )
    login(client, siphum_volunteer)
    url = reverse("network:directory")
    for params, shown, hidden in [
        ({"problem_type": "housing"}, "ซ่อมบ้านผู้สูงอายุ", "ทุนการศึกษาเด็ก"),
        ({"target_group": "child"}, "ทุนการศึกษาเด็ก", "ซ่อมบ้านผู้สูงอายุ"),
        ({"service_type": "housing_repair"}, "ซ่อมบ้านผู้สูงอายุ", "ทุนการศึกษาเด็ก"),
        ({"q": "การศึกษาเด็ก"}, "ทุนการศึกษาเด็ก", "ซ่อมบ้านผู้สูงอายุ"),
        ({"area-province": "10"}, "directory-empty", "ซ่อมบ้านผู้สูงอายุ"),
    ]:
        page = client.get(url, params).content.decode()
        assert shown in page
        assert hidden not in page


def test_the_directory_answers_htmx_with_the_results_only(
    client: Client, siphum_volunteer: User, siphum_partner: Partner
) -> None:
    ServiceFactory(partner=siphum_partner, name="ซ่อมบ้านผู้สูงอายุ")
    login(client, siphum_volunteer)
    response = client.get(reverse("network:directory"), {"q": "ไม่มี"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.startswith('<div id="directory-results">')
    assert 'id="directory-empty"' in page
    assert "<html" not in page


def test_a_partner_page_shows_its_services_contacts_and_members(
    client: Client, member: User, siphum_partner: Partner
) -> None:
    ServiceFactory(partner=siphum_partner, name="เงินช่วยเหลือฉุกเฉิน")
    ServiceFactory(partner=siphum_partner, name="บริการที่ปิดแล้ว", active=False)
    ContactFactory(partner=siphum_partner, name="นางวิภา กองทุนดี", position="ประธานกองทุน")
    page = (
        login(client, member)
        .get(reverse("network:partner_detail", args=[siphum_partner.pk]))
        .content.decode()
    )
    for text in ("เงินช่วยเหลือฉุกเฉิน", "บริการที่ปิดแล้ว", "นางวิภา กองทุนดี", "ประธานกองทุน", "member"):
        assert text in page
    assert 'id="add-service"' in page


def test_an_empty_partner_page_says_what_is_missing(client: Client, siphum_officer: User) -> None:
    partner = PartnerFactory(name="ชมรมผู้สูงอายุตำบลศรีภูมิ", sector="community")
    page = (
        login(client, siphum_officer)
        .get(reverse("network:partner_detail", args=[partner.pk]))
        .content.decode()
    )
    for empty in ("services-empty", "contacts-empty", "members-empty"):
        assert f'id="{empty}"' in page


def test_an_officer_creates_a_partner_covering_the_district(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).post(
        reverse("network:partner_create"),
        partner_form(name="โรงเรียนบ้านดอนแก้ว", sector="school", coverage="district"),
    )
    partner = Partner.objects.get(name="โรงเรียนบ้านดอนแก้ว")
    assert response["Location"] == reverse("network:partner_detail", args=[partner.pk])
    assert partner.coverage_codes == ["5001"]


def test_a_partner_outside_the_area_is_refused_on_the_area_picker(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).post(
        reverse("network:partner_create"),
        partner_form(
            **{"area-province": "10", "area-district": "1001", "area-subdistrict": "100101"}
        ),
    )
    assert response.status_code == 403
    assert 'id="area-errors"' in response.content.decode()
    assert not Partner.objects.exists()


def test_a_bad_coverage_code_is_shown_on_its_field(client: Client, siphum_officer: User) -> None:
    response = login(client, siphum_officer).post(
        reverse("network:partner_create"), partner_form(coverage="custom", coverage_codes="5001 99")
    )
    assert response.status_code == 400
    assert "99" in response.content.decode()
    assert not Partner.objects.exists()


def test_editing_a_partner_opens_with_its_values(
    client: Client, siphum_officer: User, siphum_partner: Partner
) -> None:
    page = (
        login(client, siphum_officer)
        .get(reverse("network:partner_edit", args=[siphum_partner.pk]))
        .content.decode()
    )
    assert 'value="กองทุนสวัสดิการชุมชนตำบลศรีภูมิ"' in page
    assert 'id="partner-members"' in page  # the officer of its area chooses its members


def test_a_member_edits_without_choosing_members(
    client: Client, member: User, siphum_partner: Partner
) -> None:
    login(client, member)
    page = client.get(reverse("network:partner_edit", args=[siphum_partner.pk])).content.decode()
    assert 'id="partner-members"' not in page
    client.post(
        reverse("network:partner_edit", args=[siphum_partner.pk]),
        partner_form(version="1", name=siphum_partner.name, phone="081 999 9999"),
    )
    siphum_partner.refresh_from_db()
    assert siphum_partner.phone == "081 999 9999"
    assert list(siphum_partner.members.all()) == [member]


def test_an_officer_chooses_the_members(
    client: Client, cm_officer: User, siphum_partner: Partner, outsider: User
) -> None:
    login(client, cm_officer).post(
        reverse("network:partner_edit", args=[siphum_partner.pk]),
        partner_form(version="1", name=siphum_partner.name, members=[str(outsider.pk)]),  # type: ignore[arg-type]
    )
    assert list(siphum_partner.members.all()) == [outsider]


def test_a_stale_partner_form_is_a_conflict_that_keeps_what_was_typed(
    client: Client, siphum_officer: User, cm_officer: User, siphum_partner: Partner
) -> None:
    login(client, cm_officer).post(
        reverse("network:partner_edit", args=[siphum_partner.pk]),
        partner_form(version="1", name=siphum_partner.name, phone="053 000 111"),
    )
    response = login(client, siphum_officer).post(
        reverse("network:partner_edit", args=[siphum_partner.pk]),
        partner_form(version="1", name="ชื่อที่พิมพ์ไว้", phone="053 999 888"),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in page
    assert 'value="ชื่อที่พิมพ์ไว้"' in page and 'value="053 999 888"' in page
    siphum_partner.refresh_from_db()
    assert (siphum_partner.phone, siphum_partner.version) == ("053 000 111", 2)


def service_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "ซ่อมแซมบ้านผู้ยากไร้",
        "service_type": str(service_type("housing_repair").pk),
        "capacity_per_month": "4",
        "how_to_request": "ยื่นคำขอที่ อบต.",
    }
    data.update(changes)
    return data


def test_a_member_adds_a_service_for_the_elderly(
    client: Client, member: User, siphum_partner: Partner
) -> None:
    from tambon.registry.models import ProblemType, TargetGroup

    elderly = TargetGroup.objects.get(code="elderly")
    housing = ProblemType.objects.get(code="housing")
    response = login(client, member).post(
        reverse("network:service_create", args=[siphum_partner.pk]),
        service_form(
            target_groups=[str(elderly.pk)], problem_types=[str(housing.pk)], min_age="60"
        ),
    )
    service = WelfareService.objects.get()
    assert response["Location"] == reverse("network:service_detail", args=[service.pk])
    page = client.get(response["Location"]).content.decode()
    assert "ซ่อมแซมบ้านผู้ยากไร้" in page and elderly.name_th in page and "ยื่นคำขอที่ อบต." in page


def test_a_service_form_shows_the_age_error_on_its_field(
    client: Client, member: User, siphum_partner: Partner
) -> None:
    response = login(client, member).post(
        reverse("network:service_create", args=[siphum_partner.pk]),
        service_form(min_age="60", max_age="15"),
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not WelfareService.objects.exists()


def test_a_stale_service_form_is_a_conflict(
    client: Client, member: User, siphum_officer: User, siphum_partner: Partner
) -> None:
    service = ServiceFactory(partner=siphum_partner, name="ซ่อมแซมบ้าน")
    login(client, siphum_officer).post(
        reverse("network:service_edit", args=[service.pk]), service_form(version="1")
    )
    response = login(client, member).post(
        reverse("network:service_edit", args=[service.pk]),
        service_form(version="1", how_to_request="โทรหาประธานกองทุน"),
    )
    assert response.status_code == 409
    assert "โทรหาประธานกองทุน" in response.content.decode()
    service.refresh_from_db()
    assert service.how_to_request == "ยื่นคำขอที่ อบต."


def test_deactivating_a_service_hides_it_from_the_directory(
    client: Client, member: User, siphum_partner: Partner
) -> None:
    service = ServiceFactory(partner=siphum_partner, name="โรงทาน")
    login(client, member)
    client.post(reverse("network:service_toggle", args=[service.pk]))
    page = client.get(reverse("network:service_detail", args=[service.pk])).content.decode()
    assert 'id="service-inactive"' in page
    assert "โรงทาน" not in client.get(reverse("network:directory")).content.decode()


def test_contacts_are_added_changed_and_removed(
    client: Client, member: User, siphum_partner: Partner
) -> None:
    login(client, member)
    client.post(
        reverse("network:contact_create", args=[siphum_partner.pk]),
        {"name": "นายประยูร ทองคำ", "position": "เหรัญญิกกองทุน", "phone": "089-111-2222"},
    )
    contact = siphum_partner.contacts.get()
    client.post(
        reverse("network:contact_edit", args=[siphum_partner.pk, contact.pk]),
        {"name": "นายประยูร ทองคำ", "position": "ประธานกองทุน"},
    )
    contact.refresh_from_db()
    assert contact.position == "ประธานกองทุน"
    client.post(reverse("network:contact_remove", args=[siphum_partner.pk, contact.pk]))
    assert not siphum_partner.contacts.exists()


def test_an_outsider_cannot_touch_the_contacts(
    client: Client, outsider: User, siphum_partner: Partner
) -> None:
    contact = ContactFactory(partner=siphum_partner)
    login(client, outsider)
    response = client.post(reverse("network:contact_remove", args=[siphum_partner.pk, contact.pk]))
    assert response.status_code == 404
    assert siphum_partner.contacts.exists()


def test_national_admins_manage_the_service_types(client: Client, admin: User) -> None:
    login(client, admin)
    page = client.get(reverse("network:service_type_list")).content.decode()
    assert "ซ่อมแซมที่อยู่อาศัย" in page
    client.post(
        reverse("network:service_type_create"),
        {
            "code": "funeral_aid",
            "name_th": "ช่วยเหลือค่าจัดการศพ",
            "name_en": "funeral aid",
            "position": "20",
        },
    )
    added = ServiceType.objects.get(code="funeral_aid")
    client.post(reverse("network:service_type_toggle", args=[added.pk]))
    added.refresh_from_db()
    assert added.active is False


def test_officers_cannot_manage_the_service_types(client: Client, cm_officer: User) -> None:
    login(client, cm_officer)
    assert client.get(reverse("network:service_type_list")).status_code == 403
    response = client.post(
        reverse("network:service_type_create"),
        {
            "code": "funeral_aid",
            "name_th": "ช่วยเหลือค่าจัดการศพ",
            "name_en": "funeral aid",
            "position": "20",
        },
    )
    assert response.status_code == 403
    assert not ServiceType.objects.filter(code="funeral_aid").exists()


def test_the_navigation_shows_the_network_items(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    page = login(client, siphum_officer).get(reverse("network:directory")).content.decode()
    assert reverse("network:partner_list") in page
    page = login(client, siphum_volunteer).get(reverse("network:directory")).content.decode()
    assert reverse("network:partner_list") not in page
