"""Workshops (กิจกรรม): a facilitator records and edits one; others may not; stale edits conflict."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict
from tambon.training.models import Facilitator, Workshop
from tambon.training.services.workshops import WorkshopData, change_workshop, record_workshop
from tests.conftest import MakeUser, login
from tests.training.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("training:workshop_create")


def make_facilitator(subdistrict: str = "500101", **user: Any) -> Facilitator:
    enrollment = EnrollmentFactory(subdistrict_id=subdistrict, trainee__areas=[subdistrict])
    trainee = enrollment.trainee
    for name, value in user.items():
        setattr(trainee, name, value)
    trainee.save()
    return Facilitator.objects.create(
        user=trainee, cohort=enrollment.cohort, subdistrict_id=subdistrict, skills="ค่ายเยาวชน"
    )


def youth_camp(**changes: Any) -> WorkshopData:
    data = WorkshopData(
        subdistrict=Subdistrict.objects.get(pk="500101"),
        date=dt.date(2021, 5, 15),
        kind=Workshop.Kind.YOUTH_CAMP,
        title="ค่ายจิตอาสาเยาวชนตำบลศรีภูมิ",
        topics="จิตสาธารณะ การเป็นผู้ให้",
        problems=["elderly", "poverty"],
        headcounts={("youth", "female"): 20, ("youth", "male"): 18, ("adult", "female"): 4},
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def form_data(**changes: str | list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
        "area-village": "",
        "date": "15/05/2564",
        "kind": "school",
        "title": "กิจกรรมนวัตกรน้อยโรงเรียนวัดศรีภูมิ",
        "topics": "ความคิดสร้างสรรค์",
        "problems": ["children_youth"],
        "hc_child_female": "12",
        "hc_child_male": "10",
    }
    data.update(changes)
    return data


def test_a_facilitator_records_a_workshop_with_its_headcounts() -> None:
    facilitator = make_facilitator()

    workshop = record_workshop(by=facilitator.user, data=youth_camp())

    assert workshop.facilitator == facilitator
    assert workshop.problems == ["elderly", "poverty"]
    assert {(h.age_band, h.sex, h.count) for h in workshop.headcounts.all()} == {
        ("youth", "female", 20),
        ("youth", "male", 18),
        ("adult", "female", 4),
    }


def test_a_facilitator_records_a_workshop_through_the_page(client: Client) -> None:
    facilitator = make_facilitator()

    response = login(client, facilitator.user).post(CREATE_URL, form_data())

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:workshop_detail", args=[workshop.pk])
    assert workshop.date == dt.date(2021, 5, 15)
    assert workshop.facilitator == facilitator
    assert sum(h.count for h in workshop.headcounts.all()) == 22


def test_the_page_shows_the_workshop_with_its_participants(client: Client) -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp())

    response = login(client, facilitator.user).get(
        reverse("training:workshop_detail", args=[workshop.pk])
    )

    assert response.status_code == 200
    assert response.context["workshop"].reached == 42
    assert "ค่ายจิตอาสาเยาวชนตำบลศรีภูมิ" in response.content.decode()


def test_a_user_who_is_not_a_facilitator_cannot_record_a_workshop(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).post(CREATE_URL, form_data())

    assert response.status_code == 403
    assert not Workshop.objects.exists()


def test_a_workshop_outside_the_facilitators_province_is_refused() -> None:
    facilitator = make_facilitator()

    with pytest.raises(ValidationError) as caught:
        record_workshop(
            by=facilitator.user, data=youth_camp(subdistrict=Subdistrict.objects.get(pk="100101"))
        )

    assert caught.value.field == "subdistrict"
    assert not Workshop.objects.exists()


def test_a_workshop_without_any_participant_is_refused(client: Client) -> None:
    facilitator = make_facilitator()

    response = login(client, facilitator.user).post(
        CREATE_URL, form_data(hc_child_female="", hc_child_male="")
    )

    assert response.status_code == 400
    assert not Workshop.objects.exists()


def test_known_participants_must_work_in_the_sub_district(make_user: MakeUser) -> None:
    facilitator = make_facilitator()
    neighbour = make_user("next_door_innovator", Role.INNOVATOR, "500102")

    with pytest.raises(ValidationError) as caught:
        record_workshop(by=facilitator.user, data=youth_camp(participants=[neighbour]))

    assert caught.value.field == "participants"
    assert not Workshop.objects.exists()


def test_participants_with_an_account_count_as_reached(client: Client, make_user: MakeUser) -> None:
    facilitator = make_facilitator()
    innovator = make_user("siphum_innovator", Role.INNOVATOR, "500101")

    login(client, facilitator.user).post(CREATE_URL, form_data(participants=[str(innovator.pk)]))

    workshop = Workshop.objects.get()
    assert list(workshop.participants_known.all()) == [innovator]
    response = client.get(reverse("training:workshop_detail", args=[workshop.pk]))
    assert response.context["workshop"].reached == 23


def test_the_facilitator_edits_their_workshop(client: Client) -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp())
    url = reverse("training:workshop_edit", args=[workshop.pk])

    response = login(client, facilitator.user).post(
        url, form_data(version="1", title="ค่ายเยาวชนสร้างสรรค์ ครั้งที่ 2")
    )

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert workshop.title == "ค่ายเยาวชนสร้างสรรค์ ครั้งที่ 2"
    assert workshop.version == 2
    assert {(h.age_band, h.sex, h.count) for h in workshop.headcounts.all()} == {
        ("child", "female", 12),
        ("child", "male", 10),
    }


def test_another_facilitator_cannot_edit_the_workshop(client: Client) -> None:
    owner = make_facilitator()
    other = make_facilitator()
    workshop = record_workshop(by=owner.user, data=youth_camp())
    url = reverse("training:workshop_edit", args=[workshop.pk])

    response = login(client, other.user).post(url, form_data(version="1", title="แก้โดยคนอื่น"))

    workshop.refresh_from_db()
    assert response.status_code == 403
    assert workshop.title == "ค่ายจิตอาสาเยาวชนตำบลศรีภูมิ"
    assert workshop.version == 1
    assert workshop.headcounts.count() == 3


def test_the_service_refuses_an_edit_by_another_facilitator() -> None:
    owner = make_facilitator()
    other = make_facilitator()
    workshop = record_workshop(by=owner.user, data=youth_camp())

    with pytest.raises(PermissionDenied):
        change_workshop(
            by=other.user, workshop=workshop, expected_version=1, data=youth_camp(title="x")
        )

    workshop.refresh_from_db()
    assert workshop.title == "ค่ายจิตอาสาเยาวชนตำบลศรีภูมิ"


def test_a_stale_version_conflicts_and_the_typed_data_is_kept(client: Client) -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp())
    change_workshop(
        by=facilitator.user,
        workshop=workshop,
        expected_version=1,
        data=youth_camp(title="ค่ายเยาวชน (แก้จากโทรศัพท์)"),
    )
    url = reverse("training:workshop_edit", args=[workshop.pk])

    with translation.override("en"):
        response = login(client, facilitator.user).post(
            url, form_data(version="1", title="ค่ายเยาวชน (แก้จากคอมพิวเตอร์)")
        )

    workshop.refresh_from_db()
    assert response.status_code == 409
    assert workshop.title == "ค่ายเยาวชน (แก้จากโทรศัพท์)"
    assert workshop.version == 2
    form = response.context["form"]
    assert form["title"].value() == "ค่ายเยาวชน (แก้จากคอมพิวเตอร์)"
    assert form["hc_child_female"].value() == "12"
    assert str(Conflict.default_message) in form.non_field_errors()


def test_the_service_refuses_a_stale_version() -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp())
    stale = Workshop.objects.get(pk=workshop.pk)
    change_workshop(by=facilitator.user, workshop=workshop, expected_version=1, data=youth_camp())

    with pytest.raises(Conflict):
        change_workshop(
            by=facilitator.user, workshop=stale, expected_version=1, data=youth_camp(title="x")
        )

    assert Workshop.objects.get(pk=workshop.pk).title == "ค่ายจิตอาสาเยาวชนตำบลศรีภูมิ"


def test_my_workshops_lists_only_the_facilitators_own(client: Client) -> None:
    mine = make_facilitator()
    other = make_facilitator()
    own = record_workshop(by=mine.user, data=youth_camp())
    record_workshop(by=other.user, data=youth_camp(title="ของคนอื่น"))

    response = login(client, mine.user).get(reverse("training:workshop_list"), {"mine": "1"})

    assert [w.pk for w in response.context["page_obj"].object_list] == [own.pk]


def test_officers_see_the_workshops_of_their_area_only(
    client: Client, cm_officer: User, bkk_officer: User
) -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp())

    cm = login(client, cm_officer).get(reverse("training:workshop_list"))
    bkk = login(Client(), bkk_officer).get(reverse("training:workshop_list"))

    assert [w.pk for w in cm.context["page_obj"].object_list] == [workshop.pk]
    assert list(bkk.context["page_obj"].object_list) == []


def test_an_officer_outside_the_area_cannot_open_the_workshop(
    client: Client, bkk_officer: User
) -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp())

    response = login(client, bkk_officer).get(
        reverse("training:workshop_detail", args=[workshop.pk])
    )

    assert response.status_code == 404


def test_the_form_offers_the_people_of_the_chosen_sub_district(
    client: Client, make_user: MakeUser
) -> None:
    facilitator = make_facilitator()
    make_user("siphum_innovator", Role.INNOVATOR, "500101", first_name="ปิยะ")
    make_user("bkk_innovator", Role.INNOVATOR, "100101", first_name="กรุง")

    response = login(client, facilitator.user).get(
        reverse("training:workshop_participants"), {"area-subdistrict": "500101"}
    )

    html = response.content.decode()
    assert "ปิยะ" in html
    assert "กรุง" not in html


def test_an_inactive_facilitator_cannot_record_a_workshop() -> None:
    facilitator = make_facilitator()
    Facilitator.objects.filter(pk=facilitator.pk).update(is_active=False)
    user = UserFactory(role=Role.FACILITATOR)
    Facilitator.objects.create(user=user, subdistrict_id="500101", is_active=False)

    with pytest.raises(PermissionDenied):
        record_workshop(by=user, data=youth_camp())

    assert not Workshop.objects.exists()
