"""A first load builds the registry tables' indexes at the end: same rows, same rules after."""

import pytest
from django.db import IntegrityError, connection, transaction

from tambon.registry.importing import bulkload, import_file, inspect_file, write
from tambon.registry.models import Household, Person
from tests.registry.factories import make_household, make_person
from tests.registry.test_import_engine_support import new_id, thai_row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("siphum_villages", "english")]


@pytest.fixture
def first_loads(settings):  # type: ignore[no-untyped-def]
    """Every file that is at least as large as the registry counts as a first load."""
    settings.TAMBON_IMPORT_BULK_LOAD_MIN_ROWS = 1


def schema() -> dict[str, list[tuple[str, bool, bool, tuple[str, ...]]]]:
    """Each people table's indexes and constraints, as (columns, unique, foreign key, name)."""
    with connection.cursor() as cursor:
        found = {
            table: connection.introspection.get_constraints(cursor, table)
            for table in bulkload.tables()
        }
    return {
        table: sorted(
            (",".join(c["columns"]), c["unique"], bool(c["foreign_key"]), (name,))
            for name, c in constraints.items()
        )
        for table, constraints in found.items()
    }


def run(path, user, **kwargs):
    info = inspect_file(path)
    return import_file(path, column_map=info.suggested_map, user=user, **kwargs)


def survey(tmp_path, count: int, name: str = "survey.csv"):
    # A welfare card puts each person in the low-income target group.
    rows = [thai_row(new_id(), f"คนที่{i}", house=str(i // 3), welfare="มี") for i in range(count)]
    return write_csv(tmp_path / name, rows)


@pytest.mark.usefixtures("first_loads")
def test_a_first_load_writes_every_row_and_gives_the_tables_back_their_indexes(
    siphum_officer, tmp_path
):
    before = schema()

    result = run(survey(tmp_path, 30), siphum_officer)

    assert (result.created_people, result.created_households) == (30, 10)
    assert Person.objects.count() == 30
    assert Person.target_groups.through.objects.count() == 30
    assert schema() == before


@pytest.mark.usefixtures("first_loads")
def test_a_first_load_leaves_the_connection_set_up_as_it_was(siphum_officer, tmp_path):
    """SQLite sorts the index builds with a small cache and helper threads, then goes back."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")

    def settings_now():
        with connection.cursor() as cursor:
            return [
                cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "threads")
            ]

    original = settings_now()
    with connection.cursor() as cursor:  # values of our own, not left by an earlier test
        cursor.execute("PRAGMA cache_size = -3000")
        cursor.execute("PRAGMA threads = 1")
    try:
        result = run(survey(tmp_path, 9), siphum_officer)

        assert result.created_people == 9
        assert settings_now() == [-3000, 1]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(original[0])}")
            cursor.execute(f"PRAGMA threads = {int(original[1])}")


@pytest.mark.usefixtures("first_loads")
def test_the_same_file_loaded_again_creates_nothing(siphum_officer, tmp_path):
    path = survey(tmp_path, 12)
    run(path, siphum_officer)

    again = run(path, siphum_officer)

    assert (again.created_people, again.already_imported) == (0, 12)
    assert Person.objects.count() == 12


@pytest.mark.usefixtures("first_loads")
def test_a_refused_first_load_writes_nothing_and_keeps_the_indexes(siphum_officer, tmp_path):
    before = schema()
    rows = [thai_row(new_id(), "สมหญิง"), thai_row("1234567890123", "สมปอง")]

    result = run(write_csv(tmp_path / "bad.csv", rows), siphum_officer, skip_invalid=False)

    assert (result.imported, Person.objects.count()) == (False, 0)
    assert schema() == before


@pytest.mark.usefixtures("first_loads")
def test_after_a_first_load_the_import_key_is_unique_again(siphum_officer, tmp_path):
    run(survey(tmp_path, 3), siphum_officer)
    taken = Person.objects.values_list("import_key", flat=True).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(first_name="ซ้ำ", import_key=taken)


@pytest.mark.usefixtures("first_loads")
def test_after_a_first_load_a_national_id_is_found_through_its_index(siphum_officer, tmp_path):
    run(survey(tmp_path, 3), siphum_officer)
    index = Person.objects.values_list("national_id_index", flat=True).first()
    lookup = Person.objects.filter(national_id_index=index)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # three rows: the planner would rather scan
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = lookup.explain()

    assert "registry_person_nid_index" in plan
    assert lookup.count() == 1


@pytest.mark.usefixtures("first_loads")
def test_after_a_first_load_the_household_import_key_is_unique_again(siphum_officer, tmp_path):
    run(survey(tmp_path, 3), siphum_officer)
    taken = Household.objects.values_list("import_key", flat=True).get()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_household(import_key=taken)


@pytest.mark.usefixtures("first_loads")
@pytest.mark.parametrize("read_at_once", [True, False], ids=["read-at-once", "looked-up"])
def test_people_of_a_later_file_join_the_households_already_registered(
    siphum_officer, tmp_path, monkeypatch, read_at_once
):
    """Whether the registry's households are read once or looked up chunk by chunk."""
    if not read_at_once:
        monkeypatch.setattr(write, "PRELOAD_PEOPLE", 0)
    run(survey(tmp_path, 6), siphum_officer)
    houses = dict(Household.objects.values_list("house_number", "id"))
    later = [thai_row(new_id(), f"คนใหม่{i}", house=str(i % 3)) for i in range(9)]

    result = run(write_csv(tmp_path / "later.csv", later), siphum_officer)

    assert (result.created_people, result.created_households) == (9, 1)
    newcomers = Person.objects.filter(first_name__startswith="คนใหม่")
    assert {p.household_id for p in newcomers if p.household.house_number != "2"} == {
        houses["0"],
        houses["1"],
    }
    assert Household.objects.count() == 3


def test_a_small_file_or_one_smaller_than_the_registry_is_not_a_first_load(settings):
    settings.TAMBON_IMPORT_BULK_LOAD_MIN_ROWS = 50_000

    assert bulkload.worth_it(rows=60_000, registered=10_000)
    assert not bulkload.worth_it(rows=40_000, registered=0)
    assert not bulkload.worth_it(rows=60_000, registered=100_000)


def test_zero_turns_first_loads_off(settings):
    settings.TAMBON_IMPORT_BULK_LOAD_MIN_ROWS = 0

    assert not bulkload.worth_it(rows=10_000_000, registered=0)
