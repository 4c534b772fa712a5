"""Model fields for personal data: an encrypted text and the blind index that finds it.

Both carry a flag that tambon.core.audit reads so that they never reach the change history.
"""

from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from tambon.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token, read back as plaintext.

    The ciphertext is randomised, so the column cannot be searched: look values up through
    their BlindIndexField. Only `isnull` lookups are allowed, to catch a filter that would
    silently never match.
    """

    encrypted = True
    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if _is_own_token(value):
            return value  # loaded from a dump (see value_to_string): already encrypted
        return crypto.encrypt(value)

    def value_to_string(self, obj: Any) -> str:
        # Serialised (dumpdata, fixtures) as ciphertext: a dump never holds the plaintext.
        value = self.value_from_object(obj)
        return crypto.encrypt(value) if value else value

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted and cannot be searched with "
                f"'{lookup_name}': search its blind index instead."
            )
        return super().get_lookup(lookup_name)


def _is_own_token(value: str) -> bool:
    if not crypto.looks_encrypted(value):
        return False
    try:
        crypto.decrypt(value)
    except crypto.DecryptionError:
        return False
    return True


class BlindIndexField(models.CharField):
    """The HMAC-SHA256 hex digest of a normalised value (see tambon.core.crypto.blind_index)."""

    never_audit = True
    description = "Keyed hash of a private value, for exact lookup"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        # Spell out the flags whose defaults differ from CharField's, so that migrations
        # rebuild the field as it was declared.
        name, path, args, kwargs = super().deconstruct()
        kwargs["db_index"] = getattr(self, "db_index", True)
        kwargs["editable"] = self.editable
        return name, path, args, kwargs
