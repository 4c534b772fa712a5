"""Field encryption, blind indexes, the encrypted model fields and key rotation."""

import io

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from tambon.core import crypto, nationalid
from tambon.core.audit import encrypted_field_names
from tests.core.stand_in_models import PersonIdStandIn

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
INDEX_KEY = "blind-index-key-for-tests-only-0123456789"
NATIONAL_ID = "1103702071188"  # 1-1037-02071-18-8: checksum correct, the person made up

thai_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@pytest.fixture(autouse=True)
def _keys(settings):  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_A]
    settings.TAMBON_BLIND_INDEX_KEY = INDEX_KEY


def raw_national_id(person: PersonIdStandIn) -> str:
    """The column as stored in the database, bypassing the field's decryption."""
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(PersonIdStandIn._meta.db_table)
        cursor.execute(f"SELECT national_id FROM {table} WHERE id = %s", [person.pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


# Encryption


@given(thai_text)
def test_a_value_decrypts_to_what_was_encrypted(text: str) -> None:
    assert crypto.decrypt(crypto.encrypt(text)) == text


def test_the_same_value_encrypts_differently_each_time_but_indexes_the_same() -> None:
    assert crypto.encrypt("สมหญิง ใจงาม") != crypto.encrypt("สมหญิง ใจงาม")
    assert crypto.blind_index(NATIONAL_ID, purpose="national_id") == crypto.blind_index(
        NATIONAL_ID, purpose="national_id"
    )


def test_a_ciphertext_does_not_contain_the_plaintext() -> None:
    assert NATIONAL_ID not in crypto.encrypt(NATIONAL_ID)


def test_a_token_under_an_unknown_key_fails_without_revealing_anything(settings) -> None:  # type: ignore[no-untyped-def]
    token = crypto.encrypt(NATIONAL_ID)
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(crypto.DecryptionError) as caught:
        crypto.decrypt(token)
    assert NATIONAL_ID not in str(caught.value)
    assert token not in str(caught.value)


def test_an_older_key_still_decrypts_and_is_reported_for_rotation(settings) -> None:  # type: ignore[no-untyped-def]
    token = crypto.encrypt(NATIONAL_ID)
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert crypto.decrypt(token) == NATIONAL_ID
    assert crypto.needs_rotation(token)
    assert not crypto.needs_rotation(crypto.rotate(token))


def test_it_refuses_to_encrypt_without_keys_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = []
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt(NATIONAL_ID)


def test_the_demo_derives_a_stable_key_from_the_secret_key(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = []
    settings.TAMBON_BLIND_INDEX_KEY = ""
    settings.DEBUG = True
    token = crypto.encrypt(NATIONAL_ID)
    index = crypto.blind_index(NATIONAL_ID, purpose="national_id")
    assert crypto.decrypt(token) == NATIONAL_ID
    assert index == crypto.blind_index(NATIONAL_ID, purpose="national_id")
    # The field key and the index key are different keys
    settings.TAMBON_BLIND_INDEX_KEY = INDEX_KEY
    assert index != crypto.blind_index(NATIONAL_ID, purpose="national_id")


def test_a_malformed_key_is_reported_by_position_not_value(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_A, "not-a-fernet-key-at-all"]
    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.encrypt(NATIONAL_ID)
    assert "key number 2" in str(caught.value)
    assert "not-a-fernet-key-at-all" not in str(caught.value)


# Blind index


@given(thai_text)
def test_different_purposes_give_different_indexes(text: str) -> None:
    assert crypto.blind_index(text, purpose="national_id") != crypto.blind_index(
        text, purpose="phone"
    )


def test_a_blind_index_depends_on_its_key(settings) -> None:  # type: ignore[no-untyped-def]
    before = crypto.blind_index(NATIONAL_ID, purpose="national_id")
    settings.TAMBON_BLIND_INDEX_KEY = INDEX_KEY + "-other"
    assert crypto.blind_index(NATIONAL_ID, purpose="national_id") != before


def test_a_blind_index_is_a_64_character_hex_digest_without_the_value() -> None:
    index = crypto.blind_index(NATIONAL_ID, purpose="national_id")
    assert len(index) == 64 and set(index) <= set("0123456789abcdef")


# The encrypted fields on a model


@pytest.fixture
def person(db: None) -> PersonIdStandIn:
    return PersonIdStandIn.objects.create(
        first_name="สมศรี",
        national_id=NATIONAL_ID,
        national_id_index=nationalid.blind_index(NATIONAL_ID),
    )


def test_the_database_holds_ciphertext_and_the_model_reads_plaintext(
    person: PersonIdStandIn,
) -> None:
    assert NATIONAL_ID not in raw_national_id(person)
    assert PersonIdStandIn.objects.get(pk=person.pk).national_id == NATIONAL_ID


def test_a_person_is_found_by_the_blind_index_of_their_id(person: PersonIdStandIn) -> None:
    typed = "๑-๑๐๓๗-๐๒๐๗๑-๑๘-๘"
    found = PersonIdStandIn.objects.get(national_id_index=nationalid.blind_index(typed))
    assert found.pk == person.pk


def test_a_person_without_an_id_stores_null(db: None) -> None:
    person = PersonIdStandIn.objects.create(first_name="ไร้ที่พึ่ง")
    assert PersonIdStandIn.objects.filter(national_id__isnull=True).get().pk == person.pk


def test_filtering_on_an_encrypted_column_is_refused(db: None) -> None:
    with pytest.raises(FieldError):
        PersonIdStandIn.objects.filter(national_id=NATIONAL_ID)


def test_the_change_history_never_holds_the_id_or_its_index(person: PersonIdStandIn) -> None:
    person.first_name = "สมศรี มีสุข"
    person.save()
    assert set(encrypted_field_names(PersonIdStandIn)) == {"national_id", "national_id_index"}
    entries = LogEntry.objects.get_for_object(person)
    assert entries.count() == 2
    for entry in entries:
        text = f"{entry.changes} {entry.changes_text} {entry.serialized_data}"
        assert NATIONAL_ID not in text
        assert "national_id" not in text


# Key rotation


def test_rotation_lets_the_old_key_be_dropped(settings, person: PersonIdStandIn) -> None:  # type: ignore[no-untyped-def]
    # Given a value encrypted under key A, and B made the current key
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    # When the command re-encrypts
    output = rotate()
    # Then with key B alone the value still decrypts
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert PersonIdStandIn.objects.get(pk=person.pk).national_id == NATIONAL_ID
    assert "1 values re-encrypted" in output


def test_rotation_keeps_the_record_version_and_index(settings, person: PersonIdStandIn) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    stored = PersonIdStandIn.objects.get(pk=person.pk)
    assert (stored.version, stored.updated_at) == (person.version, person.updated_at)
    assert stored.national_id_index == person.national_id_index


def test_a_second_rotation_changes_nothing(settings, person: PersonIdStandIn) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    after_first = raw_national_id(person)
    output = rotate()
    assert raw_national_id(person) == after_first
    assert "0 values re-encrypted" in output


def test_a_dry_run_counts_but_writes_nothing(settings, person: PersonIdStandIn) -> None:  # type: ignore[no-untyped-def]
    before = raw_national_id(person)
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    output = rotate("--dry-run")
    assert raw_national_id(person) == before
    assert "1 values would be re-encrypted" in output


def test_rotation_covers_more_than_one_batch(settings, db: None) -> None:  # type: ignore[no-untyped-def]
    # Given more people than one batch holds, under key A
    PersonIdStandIn.objects.bulk_create(
        PersonIdStandIn(first_name=f"คนที่ {i}", national_id=f"ID {i}") for i in range(1234)
    )
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert sorted(PersonIdStandIn.objects.values_list("national_id", flat=True))[:2] == [
        "ID 0",
        "ID 1",
    ]
    assert PersonIdStandIn.objects.count() == 1234
