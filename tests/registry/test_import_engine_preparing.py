"""A large file is read and checked in a process of its own: same rows, same errors, same keys
and messages as in a thread, and an error met there reaches the caller whole."""

import multiprocessing

import pytest

from tambon.core.errors import DomainError, ValidationError
from tambon.registry.importing import import_file, inspect_file, validate_file
from tambon.registry.models import Household, Person
from tambon.registry.selectors.people import people_with_national_id
from tests.registry.test_import_engine_support import children_killed, new_id, thai_row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("siphum_villages", "english")]


@pytest.fixture
def in_own_process(settings):  # type: ignore[no-untyped-def]
    settings.TAMBON_IMPORT_PROCESS_MIN_ROWS = 1


@pytest.fixture
def in_thread(settings):  # type: ignore[no-untyped-def]
    settings.TAMBON_IMPORT_PROCESS_MIN_ROWS = 0


def survey(tmp_path):  # type: ignore[no-untyped-def]
    ids = [new_id() for _ in range(6)]
    rows = [
        *(thai_row(i, f"คนที่{n}", house=str(n // 2)) for n, i in enumerate(ids)),
        thai_row("1234", "เลขผิด"),
        thai_row("", "วันผิด", birth="31/02/2501"),
        thai_row(ids[0], "ซ้ำ"),
    ]
    return write_csv(tmp_path / "survey.csv", rows), ids


class Children:
    """Progress callback noting whether this process had a child while it worked."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, done: int, total: int) -> None:
        self.seen = self.seen or bool(multiprocessing.active_children())


def checked(path, **kwargs):  # type: ignore[no-untyped-def]
    outcome = validate_file(path, column_map=inspect_file(path).suggested_map, **kwargs)
    errors = [(e.row, e.column, e.value, e.reason) for e in outcome.errors]
    return (outcome.total_rows, outcome.valid_rows, outcome.error_rows), errors


def test_the_process_finds_what_the_thread_finds(settings, tmp_path):
    path, _ids = survey(tmp_path)
    settings.TAMBON_IMPORT_PROCESS_MIN_ROWS = 0
    thread = Children()
    in_thread = checked(path, progress=thread)
    settings.TAMBON_IMPORT_PROCESS_MIN_ROWS = 1
    process = Children()
    in_process = checked(path, progress=process)

    assert (thread.seen, process.seen) == (False, True)
    assert in_process == in_thread
    assert in_process[0] == (9, 6, 3)
    reasons = " ".join(error[-1] for error in in_process[1])
    # The caller's language (English here), not the settings' Thai.
    assert "There is no such day: 31/02/2501." in reasons
    assert "The same national ID is already in row 2 of the file." in reasons


@pytest.mark.usefixtures("in_own_process")
def test_rows_prepared_apart_are_stored_under_this_process_keys(siphum_officer, tmp_path):
    path, ids = survey(tmp_path)

    result = import_file(path, column_map=inspect_file(path).suggested_map, user=siphum_officer)

    assert (result.created_people, result.error_rows) == (6, 3)
    assert Household.objects.count() == 3
    # The test settings' keys, not the environment's: the ID decrypts and its index finds it.
    found = people_with_national_id(user=siphum_officer, national_id=ids[3])
    assert [p.first_name for p in found] == ["คนที่3"]
    assert sorted(p.national_id for p in Person.objects.all()) == sorted(ids)


@pytest.mark.usefixtures("in_own_process")
def test_an_error_met_in_the_process_reaches_the_caller_and_nothing_is_written(
    siphum_officer, tmp_path
):
    # Past the first 4 MB (checked when the file is opened), a byte that is not UTF-8.
    rows = [thai_row("", f"คนที่{n}", house=str(n)) for n in range(20_000)]
    path = write_csv(tmp_path / "survey.csv", rows)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200] + b"\xff" + data[len(data) - 199 :])

    with pytest.raises(ValidationError) as raised:
        import_file(path, column_map=inspect_file(path).suggested_map, user=siphum_officer)

    assert raised.value.field == "encoding"
    assert "cannot be read as UTF-8 text" in str(raised.value.message)
    assert not Person.objects.exists()
    assert not Household.objects.exists()


@pytest.mark.usefixtures("in_own_process")
def test_a_preparing_process_that_is_killed_refuses_the_import_and_says_why(
    siphum_officer, tmp_path
):
    path, _ids = survey(tmp_path)
    column_map = inspect_file(path).suggested_map

    with children_killed() as killed, pytest.raises(DomainError) as raised:
        import_file(path, column_map=column_map, user=siphum_officer)

    assert killed
    assert "stopped unexpectedly" in str(raised.value.message)
    assert "nothing was written" in str(raised.value.message)
    assert not Person.objects.exists()
    assert not Household.objects.exists()
