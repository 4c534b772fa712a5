"""TOTP secrets and recovery-code seeds are stored encrypted, and sign-in codes still work."""

import io
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.management import call_command

from tambon.accounts.models import User

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _keys(settings):  # type: ignore[no-untyped-def]
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_A]


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def stored_totp(user: User) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def test_the_stored_totp_secret_is_not_the_plaintext(cm_officer: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(cm_officer, secret)
    stored = stored_totp(cm_officer).data["secret"]
    assert stored != secret
    assert secret not in stored


def test_a_current_code_from_the_authenticator_app_is_accepted(cm_officer: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(cm_officer, secret)
    assert TOTP(stored_totp(cm_officer)).validate_code(current_code(secret))


def test_a_wrong_code_is_refused(cm_officer: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(cm_officer, secret)
    wrong = str((int(current_code(secret)) + 1) % 10**app_settings.TOTP_DIGITS).zfill(6)
    assert not TOTP(stored_totp(cm_officer)).validate_code(wrong)


def test_the_recovery_code_seed_is_stored_encrypted_and_codes_still_work(
    cm_officer: User,
) -> None:
    codes = RecoveryCodes.activate(cm_officer).generate_codes()
    stored = Authenticator.objects.get(user=cm_officer, type=Authenticator.Type.RECOVERY_CODES)
    assert len(stored.data["seed"]) > 100  # a Fernet token, not the 80-character hex seed
    assert RecoveryCodes(stored).validate_code(codes[0])


def test_a_secret_saved_before_encryption_still_works_and_rotation_encrypts_it(
    cm_officer: User,
) -> None:
    # Given a TOTP secret stored in plaintext before encryption was switched on
    secret = generate_totp_secret()
    legacy = Authenticator.objects.create(
        user=cm_officer, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    assert TOTP(legacy).validate_code(current_code(secret))
    # When the rotation command runs
    call_command("rotate_field_keys", stdout=io.StringIO())
    # Then the secret is encrypted and still gives the same codes
    stored = stored_totp(cm_officer)
    assert stored.data["secret"] != secret
    cache.clear()  # forget that the code was used above, as after the next 30 s window
    assert TOTP(stored).validate_code(current_code(secret))


def test_rotation_moves_totp_secrets_to_the_new_key(settings, cm_officer: User) -> None:  # type: ignore[no-untyped-def]
    # Given a TOTP secret encrypted under key A, then B made the current key
    secret = generate_totp_secret()
    TOTP.activate(cm_officer, secret)
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    # When the command re-encrypts and key A is dropped
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.TAMBON_FIELD_ENCRYPTION_KEYS = [KEY_B]
    # Then the sign-in code still validates
    assert TOTP(stored_totp(cm_officer)).validate_code(current_code(secret))
