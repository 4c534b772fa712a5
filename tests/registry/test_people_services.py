"""Writing people and households through the services: validation with field-named errors,
the national ID's storage and uniqueness, the household's place copied to its members."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext

from tambon.accounts.models import User
from tambon.core import nationalid
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.geo.models import Subdistrict
from tambon.registry.models import Household, Person
from tambon.registry.services.households import HouseholdData, create_household, update_household
from tambon.registry.services.people import (
    MSG_DUPLICATE_ID,
    DuplicateNationalId,
    create_person,
    normalize_phone,
    update_person,
)
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import (
    PHRA_BOROM,
    SIPHUM,
    group,
    new_national_id,
    person_data,
    village,
)

pytestmark = pytest.mark.django_db


def test_an_officer_records_a_person_with_a_normalised_name_and_phone(
    siphum_officer: User,
) -> None:
    person = create_person(by=siphum_officer, data=person_data(first_name="  บุญมี  "))

    person.refresh_from_db()
    assert person.first_name == "บุญมี"
    assert person.search_name == "บุญมี ศรีวงศ์"
    assert person.phone == "0812345678"
    assert person.created_by == siphum_officer
    assert person.version == 1


def test_the_national_id_is_stored_encrypted_with_its_blind_index(siphum_officer: User) -> None:
    national_id = new_national_id()

    person = create_person(
        by=siphum_officer,
        data=person_data(national_id=f"{national_id[0]}-{national_id[1:5]} {national_id[5:]}"),
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id FROM registry_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert national_id not in stored
    person.refresh_from_db()
    assert person.national_id == national_id
    assert person.national_id_index == nationalid.blind_index(national_id)


def test_a_national_id_with_a_wrong_check_digit_is_refused_naming_the_mistake(
    siphum_officer: User,
) -> None:
    good = new_national_id()
    bad = good[:12] + str((int(good[12]) + 1) % 10)

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(national_id=bad))

    assert caught.value.field == "national_id"
    assert "last digit should be" in str(caught.value.message)
    assert bad not in str(caught.value.message)
    assert not Person.objects.exists()


def test_a_national_id_already_in_the_registry_is_refused_without_echoing_it(
    siphum_officer: User,
) -> None:
    national_id = new_national_id()
    existing = make_person(national_id=national_id)

    with pytest.raises(DuplicateNationalId) as caught:
        create_person(by=siphum_officer, data=person_data(national_id=national_id))

    assert caught.value.existing_id == existing.pk
    assert str(caught.value.message) == gettext(MSG_DUPLICATE_ID)
    assert national_id not in str(caught.value.message)
    assert Person.objects.count() == 1


def test_a_duplicate_id_points_at_the_record_a_merged_one_was_merged_into(
    siphum_officer: User,
) -> None:
    national_id = new_national_id()
    survivor = make_person(first_name="บุญมา")
    make_person(national_id=national_id, merged_into=survivor)

    with pytest.raises(DuplicateNationalId) as caught:
        create_person(by=siphum_officer, data=person_data(national_id=national_id))

    assert caught.value.existing_id == survivor.pk


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081-234-5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("053 123 456", "053123456"),
        ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
        ("", ""),
    ],
)
def test_thai_phone_numbers_are_normalised(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["81234567", "08123456789", "1234567890", "โทร 0812345678"])
def test_a_phone_number_of_the_wrong_shape_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(typed)
    assert caught.value.field == "phone"


def test_a_birth_date_in_the_future_is_refused(siphum_officer: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(birth_date=tomorrow))

    assert caught.value.field == "birth_date"
    assert not Person.objects.exists()


def test_a_first_name_is_required(siphum_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(first_name="   "))
    assert caught.value.field == "first_name"


def test_a_village_of_another_subdistrict_is_refused(siphum_officer: User) -> None:
    elsewhere = village("50010202", "บ้านช้างม่อย")

    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(village=elsewhere))

    assert caught.value.field == "village"


def test_an_officer_may_not_record_a_person_outside_their_area(siphum_officer: User) -> None:
    bangkok = Subdistrict.objects.get(pk=PHRA_BOROM)

    with pytest.raises(PermissionDenied) as caught:
        create_person(by=siphum_officer, data=person_data(subdistrict=bangkok))

    assert caught.value.field == "subdistrict"
    assert not Person.objects.exists()


def test_a_volunteer_may_not_record_a_person(siphum_volunteer: User) -> None:
    with pytest.raises(PermissionDenied):
        create_person(by=siphum_volunteer, data=person_data())
    assert not Person.objects.exists()


def test_a_member_added_to_a_household_lives_at_its_place_by_default(
    siphum_officer: User,
) -> None:
    household = make_household(village=village(), house_number="12/3")

    person = create_person(
        by=siphum_officer, data=person_data(subdistrict=None, household=household, relation="head")
    )

    assert person.subdistrict_id == SIPHUM
    assert person.village_id == household.village_id


def test_a_household_has_one_head(siphum_officer: User) -> None:
    household = make_household()
    make_person(first_name="สมบัติ", household=household, relation=Person.Relation.HEAD)

    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(household=household, relation="head"))

    assert caught.value.field == "relation"
    assert "สมบัติ" in str(caught.value.message)


def test_a_relation_needs_a_household(siphum_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(relation="spouse"))
    assert caught.value.field == "relation"


def test_derived_target_groups_are_not_recorded_by_hand(siphum_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(target_groups=[group("elderly")]))
    assert caught.value.field == "target_groups"


def test_recorded_target_groups_are_saved(siphum_officer: User) -> None:
    person = create_person(
        by=siphum_officer, data=person_data(target_groups=[group("bedridden"), group("homeless")])
    )
    assert {g.code for g in person.target_groups.all()} == {"bedridden", "homeless"}


def test_a_disability_card_needs_its_type(siphum_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_person(by=siphum_officer, data=person_data(disability_card=True))
    assert caught.value.field == "disability_type"


def test_an_update_against_a_stale_version_is_a_conflict_and_changes_nothing(
    siphum_officer: User, cm_officer: User
) -> None:
    person = create_person(by=siphum_officer, data=person_data())
    stale = Person.objects.get(pk=person.pk)
    update_person(
        by=cm_officer, person=person, expected_version=1, data=person_data(phone="0891112222")
    )

    with pytest.raises(Conflict):
        update_person(
            by=siphum_officer,
            person=stale,
            expected_version=1,
            data=person_data(first_name="บุญเมือง", target_groups=[group("bedridden")]),
        )

    person.refresh_from_db()
    assert person.first_name == "บุญมี"
    assert person.phone == "0891112222"
    assert person.version == 2
    assert not person.target_groups.exists()


def test_an_update_keeps_replaces_or_removes_the_national_id(siphum_officer: User) -> None:
    first, second = new_national_id(), new_national_id()
    person = create_person(by=siphum_officer, data=person_data(national_id=first))

    update_person(by=siphum_officer, person=person, expected_version=1, data=person_data())
    person.refresh_from_db()
    assert person.national_id == first

    update_person(
        by=siphum_officer, person=person, expected_version=2, data=person_data(national_id=second)
    )
    person.refresh_from_db()
    assert person.national_id_index == nationalid.blind_index(second)

    update_person(
        by=siphum_officer, person=person, expected_version=3, data=person_data(national_id="")
    )
    person.refresh_from_db()
    assert person.national_id is None
    assert person.national_id_index is None


def test_the_change_history_never_holds_the_national_id(siphum_officer: User) -> None:
    from auditlog.models import LogEntry

    national_id = new_national_id()
    person = create_person(by=siphum_officer, data=person_data(national_id=national_id))
    update_person(
        by=siphum_officer, person=person, expected_version=1, data=person_data(phone="0899999999")
    )

    rows = LogEntry.objects.filter(object_pk=str(person.pk))
    assert rows.count() >= 2
    for row in rows:
        assert national_id not in str(row.changes)
        assert nationalid.blind_index(national_id) not in str(row.changes)


def test_a_household_is_recorded_with_a_tidy_house_number(siphum_officer: User) -> None:
    household = create_household(
        by=siphum_officer,
        data=HouseholdData(
            subdistrict=Subdistrict.objects.get(pk=SIPHUM),
            village=village(),
            house_number=" 12 / 3 ",
            housing=Household.Housing.NEEDS_REPAIR,
        ),
    )
    assert household.house_number == "12/3"
    assert household.income_band == Household.IncomeBand.UNKNOWN


def test_a_house_number_must_start_with_a_digit(siphum_officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        create_household(
            by=siphum_officer,
            data=HouseholdData(subdistrict=Subdistrict.objects.get(pk=SIPHUM), house_number="บ้าน"),
        )
    assert caught.value.field == "house_number"


def test_moving_a_household_moves_the_members_who_lived_there(siphum_officer: User) -> None:
    old, new = village("50010101"), village("50010102", "บ้านสันติธรรม")
    household = make_household(village=old)
    living_there = make_person(household=household, village=old, relation="head")
    recorded_elsewhere = make_person(first_name="สมหวัง", household=household, relation="child")

    update_household(
        by=siphum_officer,
        household=household,
        expected_version=1,
        data=HouseholdData(
            subdistrict=Subdistrict.objects.get(pk=SIPHUM), village=new, house_number="44"
        ),
    )

    living_there.refresh_from_db()
    recorded_elsewhere.refresh_from_db()
    assert living_there.village_id == new.code
    assert living_there.version == 2
    assert recorded_elsewhere.village_id is None
