"""The network API: the same policy as the pages (404 for what the caller may not see, 403 for
a forbidden write, nothing changed), validation errors in the API's shape, 409 on a stale
version, and the directory's filters."""

import json
from typing import Any

import pytest
from django.test import Client

from tambon.accounts.models import User
from tambon.accounts.services import create_api_token
from tambon.network.models import Partner, WelfareService
from tests.network.factories import PHRA_BOROM, PartnerFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v1/network/partners/"
SERVICES = "/api/v1/network/services/"


def api_client(user: User) -> Client:
    _token, raw = create_api_token(user=user, name="สคริปต์ภาคีเครือข่าย", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def new_partner(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "โรงเรียนบ้านดอนแก้ว",
        "sector": "school",
        "subdistrict_code": "500101",
        "coverage_codes": ["5001"],
        "phone": "053 111 222",
    }
    body.update(changes)
    return body


def new_service(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "ทุนการศึกษาเด็กยากจน",
        "service_type": "education",
        "problem_types": ["education", "poverty"],
        "target_groups": ["child"],
        "min_age": 6,
        "max_age": 15,
        "capacity_per_month": 5,
    }
    body.update(changes)
    return body


def test_an_officer_creates_and_reads_a_partner(siphum_officer: User) -> None:
    client = api_client(siphum_officer)
    response = send(client, "post", PARTNERS, new_partner())
    assert response.status_code == 201
    body = response.json()
    assert body["coverage_codes"] == ["5001"]
    assert body["version"] == 1
    detail = client.get(f"{PARTNERS}{body['id']}").json()
    assert detail["name"] == "โรงเรียนบ้านดอนแก้ว"
    assert detail["contacts"] == [] and detail["members"] == []


def test_the_partner_list_is_scoped(
    siphum_officer: User, siphum_partner: Partner, bangkok_partner: Partner
) -> None:
    body = api_client(siphum_officer).get(PARTNERS).json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "กองทุนสวัสดิการชุมชนตำบลศรีภูมิ"


def test_a_hidden_partner_is_not_found(bkk_officer: User, siphum_partner: Partner) -> None:
    client = api_client(bkk_officer)
    assert client.get(f"{PARTNERS}{siphum_partner.pk}").status_code == 404
    response = send(client, "put", f"{PARTNERS}{siphum_partner.pk}", new_partner(version=1))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    siphum_partner.refresh_from_db()
    assert siphum_partner.version == 1


def test_a_partner_outside_the_area_is_forbidden(siphum_officer: User) -> None:
    response = send(
        api_client(siphum_officer), "post", PARTNERS, new_partner(subdistrict_code=PHRA_BOROM)
    )
    assert response.status_code == 403
    assert response.json()["field"] == "subdistrict_code"
    assert not Partner.objects.exists()


def test_volunteers_cannot_create_partners(siphum_volunteer: User) -> None:
    response = send(api_client(siphum_volunteer), "post", PARTNERS, new_partner())
    assert response.status_code == 403
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "status"),
    [
        ({"coverage_codes": ["5001", "12345"]}, "coverage_codes", 400),
        ({"sector": "bank"}, "sector", 400),
        ({"subdistrict_code": "509999"}, "subdistrict_code", 400),
        ({"subdistrict_code": "50"}, "subdistrict_code", 422),
    ],
)
def test_invalid_partners_are_refused_on_their_field(
    siphum_officer: User, changes: dict[str, Any], field: str, status: int
) -> None:
    response = send(api_client(siphum_officer), "post", PARTNERS, new_partner(**changes))
    assert response.status_code == status
    assert response.json()["field"].endswith(field)  # a schema error names "payload.<field>"
    assert not Partner.objects.exists()


def test_a_member_updates_its_partner_and_a_stale_version_conflicts(
    member: User, siphum_partner: Partner
) -> None:
    client = api_client(member)
    body = new_partner(name=siphum_partner.name, sector="welfare_fund", coverage_codes=[])
    response = send(client, "put", f"{PARTNERS}{siphum_partner.pk}", {**body, "version": 1})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["coverage_codes"] == ["500101"]
    stale = send(client, "put", f"{PARTNERS}{siphum_partner.pk}", {**body, "version": 1})
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"


def test_an_outsider_sees_no_partner(outsider: User, siphum_partner: Partner) -> None:
    client = api_client(outsider)
    assert client.get(PARTNERS).json()["count"] == 0
    assert client.get(f"{PARTNERS}{siphum_partner.pk}").status_code == 404


def test_a_member_adds_a_service_and_the_directory_finds_it(
    member: User, siphum_partner: Partner, siphum_volunteer: User
) -> None:
    response = send(api_client(member), "post", SERVICES, new_service(partner_id=siphum_partner.pk))
    assert response.status_code == 201
    created = response.json()
    assert created["area_codes"] == ["500101"]
    assert created["partner_name"] == "กองทุนสวัสดิการชุมชนตำบลศรีภูมิ"
    volunteer = api_client(siphum_volunteer)
    found = volunteer.get(SERVICES, {"area": "50010103", "problem_type": "education", "age": 9})
    assert [s["name"] for s in found.json()["items"]] == ["ทุนการศึกษาเด็กยากจน"]
    assert volunteer.get(SERVICES, {"age": 30}).json()["count"] == 0
    assert volunteer.get(SERVICES, {"area": "100101"}).json()["count"] == 0
    assert volunteer.get(f"{SERVICES}{created['id']}").status_code == 200


def test_an_outsider_may_not_add_a_service(outsider: User, siphum_partner: Partner) -> None:
    response = send(
        api_client(outsider), "post", SERVICES, new_service(partner_id=siphum_partner.pk)
    )
    assert response.status_code == 404
    assert not WelfareService.objects.exists()


def test_a_covering_officer_sees_but_may_not_add_services(cm_officer: User) -> None:
    partner = PartnerFactory(
        name="มูลนิธิสร้างสุขชุมชน", sector="ngo", subdistrict_id=PHRA_BOROM, coverage=["50"]
    )
    response = send(api_client(cm_officer), "post", SERVICES, new_service(partner_id=partner.pk))
    assert response.status_code == 403
    assert not WelfareService.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"service_type": "massage"}, "service_type"),
        ({"problem_types": ["education", "lottery"]}, "problem_types"),
        ({"min_age": 20, "max_age": 10}, "max_age"),
        ({"area_codes": ["5x"]}, "area_codes"),
    ],
)
def test_invalid_services_are_refused_on_their_field(
    member: User, siphum_partner: Partner, changes: dict[str, Any], field: str
) -> None:
    body = new_service(partner_id=siphum_partner.pk, **changes)
    response = send(api_client(member), "post", SERVICES, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not WelfareService.objects.exists()


def test_an_inactive_service_is_hidden_from_other_partners(
    outsider: User, member: User, siphum_partner: Partner
) -> None:
    service = ServiceFactory(partner=siphum_partner)
    response = send(
        api_client(member),
        "post",
        f"{SERVICES}{service.pk}/active",
        {"active": False, "version": 1},
    )
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert api_client(outsider).get(f"{SERVICES}{service.pk}").status_code == 404
    assert api_client(member).get(f"{SERVICES}{service.pk}").status_code == 200


def test_an_update_by_a_directory_reader_is_forbidden(
    siphum_volunteer: User, siphum_partner: Partner
) -> None:
    service = ServiceFactory(partner=siphum_partner, name="โรงทาน")
    response = send(
        api_client(siphum_volunteer), "put", f"{SERVICES}{service.pk}", new_service(version=1)
    )
    assert response.status_code == 403
    service.refresh_from_db()
    assert (service.name, service.version) == ("โรงทาน", 1)


def test_a_stale_service_update_conflicts(member: User, siphum_partner: Partner) -> None:
    service = ServiceFactory(partner=siphum_partner)
    client = api_client(member)
    assert send(client, "put", f"{SERVICES}{service.pk}", new_service(version=1)).status_code == 200
    response = send(client, "put", f"{SERVICES}{service.pk}", new_service(version=1, name="ใหม่"))
    assert response.status_code == 409
    service.refresh_from_db()
    assert service.name == "ทุนการศึกษาเด็กยากจน"


def test_the_service_list_makes_a_fixed_number_of_queries(
    siphum_volunteer: User, django_assert_max_num_queries: Any
) -> None:
    partner = PartnerFactory(name="มูลนิธิเพื่อผู้สูงอายุ", sector="ngo", coverage=["50"])
    for n in range(55):
        ServiceFactory(
            partner=partner, name=f"ศูนย์ดูแลผู้สูงอายุ {n}", problems=["elderly"], groups=["elderly"]
        )
    client = api_client(siphum_volunteer)
    with django_assert_max_num_queries(14):
        body = client.get(SERVICES, {"area": "500101"}).json()
    assert body["count"] == 55
