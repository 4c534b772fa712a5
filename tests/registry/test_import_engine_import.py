"""import_file: what lands in the registry, idempotence, atomicity, permissions and areas."""

import datetime as dt

import pytest

from tambon.core import crypto, nationalid
from tambon.core.errors import PermissionDenied
from tambon.registry.importing import import_file, inspect_file
from tambon.registry.models import Household, ImportBatch, Person
from tests.registry.factories import make_household, make_person
from tests.registry.test_import_engine_support import FIXTURES, new_id, thai_row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("siphum_villages", "english")]

TIS620 = FIXTURES / "survey_tis620.csv"


def run(path, user, **kwargs):
    info = inspect_file(path)
    return import_file(path, column_map=info.suggested_map, user=user, **kwargs)


def fixture_id(first_twelve: str) -> str:
    return first_twelve + str(nationalid.check_digit(first_twelve))


def test_a_tis620_survey_becomes_households_and_people(siphum_officer):
    result = run(TIS620, siphum_officer)

    assert (result.total_rows, result.valid_rows, result.error_rows) == (4, 4, 0)
    assert (result.created_households, result.created_people, result.skipped_rows) == (2, 4, 0)
    somchai = Person.objects.get(first_name="สมชาย")
    assert (somchai.title, somchai.last_name, somchai.search_name) == ("นาย", "ใจดี", "สมชาย ใจดี")
    assert (somchai.sex, somchai.birth_date) == ("M", dt.date(1958, 4, 13))
    assert (somchai.phone, somchai.relation) == ("0812345678", "head")
    assert (somchai.subdistrict_id, somchai.village_id) == ("500101", "50010101")
    assert somchai.national_id == fixture_id("330020000001")
    assert somchai.national_id_index == nationalid.blind_index(fixture_id("330020000001"))
    assert sorted(somchai.target_groups.values_list("code", flat=True)) == [
        "bedridden",
        "low_income",  # from the welfare card column
    ]
    assert somchai.welfare_card is True
    assert (somchai.version, somchai.created_by, somchai.updated_by) == (
        1,
        siphum_officer,
        siphum_officer,
    )
    assert somchai.created_at is not None and somchai.import_key
    household = somchai.household
    assert (household.house_number, household.village_id, household.import_key) != ("", None, None)
    assert household.members.count() == 3
    assert household.created_by == siphum_officer
    boonma = Person.objects.get(first_name="บุญมา")
    assert boonma.national_id is None and boonma.national_id_index is None
    assert boonma.birth_date == dt.date(1947, 1, 1)  # only the year 2490 was known
    assert boonma.household != household
    assert sorted(boonma.target_groups.values_list("code", flat=True)) == ["disability", "homeless"]
    malee = Person.objects.get(first_name="มาลี")
    assert list(malee.target_groups.all()) == []  # a child is derived from the birth date


def test_an_english_xlsx_with_village_codes(cm_officer):
    result = run(FIXTURES / "survey_english.xlsx", cm_officer)

    assert (result.created_people, result.created_households, result.error_rows) == (2, 1, 0)
    wanpen = Person.objects.get(first_name="Wanpen")
    assert (wanpen.title, wanpen.sex, wanpen.relation) == ("Mrs.", "F", "head")
    assert (wanpen.village_id, wanpen.birth_date) == ("50010102", dt.date(1962, 1, 2))
    assert wanpen.national_id == fixture_id("330020000011")  # typed as a number in Excel
    assert sorted(wanpen.target_groups.values_list("code", flat=True)) == [
        "bedridden",
        "low_income",
    ]


@pytest.fixture(params=["small registry", "large registry"])
def registry_size(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Both ways of finding what is registered already: read into memory at the start (a
    small registry) or looked up chunk by chunk (a large one)."""
    from tambon.registry.importing import write

    if request.param == "large registry":
        monkeypatch.setattr(write, "PRELOAD_PEOPLE", 0)


@pytest.mark.usefixtures("registry_size")
def test_importing_the_same_file_twice_creates_nothing_new(siphum_officer):
    run(TIS620, siphum_officer)

    again = run(TIS620, siphum_officer)

    assert (again.created_people, again.created_households) == (0, 0)
    assert (again.already_imported, again.skipped_rows) == (4, 4)
    assert Person.objects.count() == 4
    assert Household.objects.count() == 2


@pytest.mark.usefixtures("registry_size")
def test_people_already_in_the_registry_are_skipped(tmp_path, siphum_officer):
    known = new_id()
    make_person(national_id=known, first_name="สมศรี")
    path = write_csv(tmp_path / "s.csv", [thai_row(known, "สมศรี"), thai_row(new_id(), "มาลี")])

    result = run(path, siphum_officer)

    assert (result.created_people, result.already_in_registry) == (1, 1)
    assert Person.objects.filter(first_name="สมศรี").count() == 1


def test_a_household_of_an_earlier_import_is_reused(tmp_path, siphum_officer):
    run(write_csv(tmp_path / "a.csv", [thai_row(new_id(), "สมศรี", house="77")]), siphum_officer)

    result = run(
        write_csv(tmp_path / "b.csv", [thai_row(new_id(), "มาลี", house=" 77 ")]), siphum_officer
    )

    assert (result.created_people, result.created_households) == (1, 0)
    assert Household.objects.get().members.count() == 2


def test_a_household_entered_by_hand_is_not_touched(tmp_path, siphum_officer):
    by_hand = make_household(house_number="77", village_id="50010101")

    run(write_csv(tmp_path / "a.csv", [thai_row(new_id(), "สมศรี", house="77")]), siphum_officer)

    assert by_hand.members.count() == 0
    assert Household.objects.count() == 2


def test_rows_with_errors_are_left_out_and_reported(siphum_officer):
    result = run(FIXTURES / "survey_bad_rows.csv", siphum_officer)

    assert (result.created_people, result.error_rows, result.imported) == (1, 11, True)
    assert list(Person.objects.values_list("first_name", flat=True)) == ["ก้องเกียรติ"]
    assert result.errors[0].row == 3


def test_with_skip_invalid_off_one_error_refuses_the_whole_file(siphum_officer):
    result = run(FIXTURES / "survey_bad_rows.csv", siphum_officer, skip_invalid=False)

    assert result.imported is False
    assert (result.created_people, result.created_households) == (0, 0)
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_a_volunteer_may_not_import(siphum_volunteer):
    with pytest.raises(PermissionDenied):
        run(TIS620, siphum_volunteer)

    assert not Person.objects.exists()


def test_the_users_own_area_applies_even_without_area_codes(tmp_path, siphum_officer):
    path = write_csv(
        tmp_path / "s.csv",
        [
            thai_row(new_id(), "สมศรี"),
            thai_row(
                new_id(),
                "ประไพ",
                subdistrict="พระบรมมหาราชวัง",
                district="พระนคร",
                province="กรุงเทพมหานคร",
                village="",
            ),
        ],
    )

    result = run(path, siphum_officer, area_codes=None)

    assert result.created_people == 1
    assert [(e.row, e.column) for e in result.errors] == [(3, "ตำบล")]
    assert not Person.objects.filter(subdistrict_id="100101").exists()


def test_a_national_admin_imports_anywhere(tmp_path, admin):
    path = write_csv(
        tmp_path / "s.csv",
        [
            thai_row(
                new_id(),
                "ประไพ",
                subdistrict="แขวงพระบรมมหาราชวัง",
                district="เขตพระนคร",
                province="กทม.",
            )
        ],
    )

    result = run(path, admin)

    assert Person.objects.get().subdistrict_id == "100101"
    assert result.created_people == 1


def test_records_point_at_their_import_batch(tmp_path, siphum_officer):
    batch = ImportBatch.objects.create(
        file="imports/persons/2025/01/survey.csv",
        original_name="survey.csv",
        sha256="0" * 64,
        file_format="csv",
        imported_by=siphum_officer,
    )

    run(TIS620, siphum_officer, batch=batch)

    assert Person.objects.filter(import_batch=batch).count() == 4
    assert Household.objects.filter(import_batch=batch).count() == 2


def test_a_full_name_column_and_titles_in_the_first_name(tmp_path, siphum_officer):
    path = write_csv(
        tmp_path / "s.csv",
        [["นางสาวอรทัย  ศรีวงศ์", "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่"]],
        headers=["ชื่อ-นามสกุล", "ตำบล", "อำเภอ", "จังหวัด"],
    )
    run(path, siphum_officer)
    orathai = Person.objects.get()

    assert (orathai.title, orathai.first_name, orathai.last_name) == ("นางสาว", "อรทัย", "ศรีวงศ์")
    assert orathai.household is None  # no house number: no household


def test_progress_is_reported(siphum_officer):
    seen = []

    run(TIS620, siphum_officer, progress=lambda done, total: seen.append((done, total)))

    assert seen[-1] == (4, 4)


def test_national_ids_are_stored_encrypted(siphum_officer):
    from django.db import connection

    run(TIS620, siphum_officer)

    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id FROM registry_person WHERE national_id IS NOT NULL")
        stored = [r[0] for r in cursor.fetchall()]
    assert len(stored) == 3
    assert all(crypto.looks_encrypted(v) for v in stored)
    assert {crypto.decrypt(v) for v in stored} == {fixture_id(f"33002000000{i}") for i in (1, 2, 3)}
