"""Who may see and change partners and services, by role, area and membership: a partner the
user may not see is a 404, a forbidden change a 403 — and a forbidden request changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.network.models import Partner, WelfareService
from tambon.network.selectors import partners_of, services_for, visible_partners
from tests.conftest import login
from tests.network.factories import PHRA_BOROM, PartnerFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "cm_officer",
    "siphum_officer",
    "siphum_volunteer",
    "bkk_officer",
    "member",
    "outsider",
]


def matrix(statuses: list[int]) -> list[tuple[str, int]]:
    return list(zip(ROLES, statuses, strict=True))


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in ROLES}


def as_user(client: Client, people: dict[str, User], role: str) -> Client:
    return login(client, people[role])


@pytest.mark.parametrize(("role", "status"), matrix([200, 200, 200, 404, 404, 200, 404]))
def test_the_page_of_a_siphum_partner(
    client: Client, people: dict[str, User], siphum_partner: Partner, role: str, status: int
) -> None:
    response = as_user(client, people, role).get(
        reverse("network:partner_detail", args=[siphum_partner.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert "กองทุนสวัสดิการชุมชนตำบลศรีภูมิ" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), matrix([200, 404, 404, 404, 200, 404, 404]))
def test_the_page_of_a_bangkok_partner(
    client: Client, people: dict[str, User], bangkok_partner: Partner, role: str, status: int
) -> None:
    response = as_user(client, people, role).get(
        reverse("network:partner_detail", args=[bangkok_partner.pk])
    )
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), matrix([302, 302, 302, 404, 404, 302, 404]))
def test_changing_a_siphum_partner(
    client: Client, people: dict[str, User], siphum_partner: Partner, role: str, status: int
) -> None:
    response = as_user(client, people, role).post(
        reverse("network:partner_edit", args=[siphum_partner.pk]),
        partner_form(version=str(siphum_partner.version), name="กองทุนสวัสดิการชุมชนศรีภูมิใหม่"),
    )
    assert response.status_code == status
    siphum_partner.refresh_from_db()
    changed = siphum_partner.name == "กองทุนสวัสดิการชุมชนศรีภูมิใหม่"
    assert changed is (status == 302)


def test_an_officer_sees_a_partner_that_covers_the_area_but_may_not_change_it(
    client: Client, cm_officer: User, siphum_officer: User
) -> None:
    """A foundation in Bangkok that covers Chiang Mai province: seen, not changed."""
    partner = PartnerFactory(
        name="มูลนิธิพัฒนาเด็กและครอบครัว", sector="ngo", subdistrict_id=PHRA_BOROM, coverage=["50"]
    )
    for officer in (cm_officer, siphum_officer):
        login(client, officer)
        assert client.get(reverse("network:partner_detail", args=[partner.pk])).status_code == 200
        response = client.post(
            reverse("network:partner_edit", args=[partner.pk]),
            partner_form(version="1", name="ชื่อใหม่"),
        )
        assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.name == "มูลนิธิพัฒนาเด็กและครอบครัว"
    assert partner.version == 1


@pytest.mark.parametrize(("role", "status"), matrix([200, 200, 200, 403, 200, 200, 200]))
def test_the_partner_list(client: Client, people: dict[str, User], role: str, status: int) -> None:
    response = as_user(client, people, role).get(reverse("network:partner_list"))
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), matrix([200, 200, 200, 200, 200, 200, 200]))
def test_the_directory_is_for_every_role_of_the_network(
    client: Client, people: dict[str, User], role: str, status: int
) -> None:
    response = as_user(client, people, role).get(reverse("network:directory"))
    assert response.status_code == status


def test_the_directory_is_not_public_nor_for_innovators(client: Client, make_user: object) -> None:
    response = client.get(reverse("network:directory"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    innovator = make_user("innovator", "innovator", "500101")  # type: ignore[operator]
    login(client, innovator)
    assert client.get(reverse("network:directory")).status_code == 403


@pytest.mark.parametrize(("role", "status"), matrix([302, 302, 302, 403, 403, 403, 403]))
def test_creating_a_partner_in_siphum(
    client: Client, people: dict[str, User], role: str, status: int
) -> None:
    response = as_user(client, people, role).post(
        reverse("network:partner_create"), partner_form(name="โรงเรียนบ้านดอนแก้ว")
    )
    assert response.status_code == status
    assert Partner.objects.filter(name="โรงเรียนบ้านดอนแก้ว").exists() is (status == 302)


@pytest.mark.parametrize(("role", "status"), matrix([302, 302, 302, 404, 404, 302, 404]))
def test_adding_a_service_to_a_siphum_partner(
    client: Client, people: dict[str, User], siphum_partner: Partner, role: str, status: int
) -> None:
    response = as_user(client, people, role).post(
        reverse("network:service_create", args=[siphum_partner.pk]),
        {"name": "เงินช่วยเหลือฉุกเฉิน", "service_type": service_type_pk("cash_allowance")},
    )
    assert response.status_code == status
    exists = WelfareService.objects.filter(name="เงินช่วยเหลือฉุกเฉิน").exists()
    assert exists is (status == 302)


@pytest.mark.parametrize(
    ("role", "view", "toggle"),
    [
        ("admin", 200, 302),
        ("cm_officer", 200, 302),
        ("siphum_officer", 200, 302),
        ("siphum_volunteer", 200, 403),  # a directory entry, read only
        ("bkk_officer", 200, 403),
        ("member", 200, 302),
        ("outsider", 200, 403),
    ],
)
def test_an_active_service_is_a_directory_entry_for_every_reader(
    client: Client,
    people: dict[str, User],
    siphum_partner: Partner,
    role: str,
    view: int,
    toggle: int,
) -> None:
    service = ServiceFactory(partner=siphum_partner)
    as_user(client, people, role)
    assert client.get(reverse("network:service_detail", args=[service.pk])).status_code == view
    response = client.post(reverse("network:service_toggle", args=[service.pk]))
    assert response.status_code == toggle
    service.refresh_from_db()
    assert service.active is (toggle != 302)


@pytest.mark.parametrize(("role", "status"), matrix([200, 200, 200, 404, 404, 200, 404]))
def test_an_inactive_service_is_seen_only_by_who_sees_its_partner(
    client: Client, people: dict[str, User], siphum_partner: Partner, role: str, status: int
) -> None:
    service = ServiceFactory(partner=siphum_partner, active=False)
    response = as_user(client, people, role).get(
        reverse("network:service_detail", args=[service.pk])
    )
    assert response.status_code == status


def test_the_selectors_the_cases_app_uses(
    siphum_partner: Partner,
    bangkok_partner: Partner,
    member: User,
    outsider: User,
    siphum_officer: User,
    bkk_officer: User,
    admin: User,
    make_user: object,
) -> None:
    assert list(partners_of(member)) == [siphum_partner]
    assert list(partners_of(outsider)) == []
    assert list(partners_of(siphum_officer)) == []
    assert list(visible_partners(siphum_officer)) == [siphum_partner]
    assert list(visible_partners(bkk_officer)) == [bangkok_partner]
    assert set(visible_partners(admin)) == {siphum_partner, bangkok_partner}
    assert list(visible_partners(outsider)) == []
    innovator = make_user("innovator", "innovator", "500101")  # type: ignore[operator]
    ServiceFactory(partner=siphum_partner)
    assert services_for(user=innovator).count() == 0
    assert services_for(user=siphum_officer).count() == 1


def partner_form(**changes: str) -> dict[str, str]:
    data = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "name": "องค์การบริหารส่วนตำบลศรีภูมิ",
        "sector": "welfare_fund",
        "coverage": "subdistrict",
        "phone": "053 221 456",
        "active": "on",
    }
    data.update(changes)
    return data


def service_type_pk(code: str) -> str:
    from tambon.network.models import ServiceType

    return str(ServiceType.objects.get(code=code).pk)
