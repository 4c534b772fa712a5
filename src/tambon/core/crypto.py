"""Field encryption (Fernet/MultiFernet) and blind indexes (HMAC-SHA256) for personal data.

Keys come from settings, which read them from the environment:
- TAMBON_FIELD_ENCRYPTION_KEYS: Fernet keys, the first is current, the others only decrypt (so a
  key can be rotated: add a new key in front, run `manage.py rotate_field_keys`, drop the old).
- TAMBON_BLIND_INDEX_KEY: the HMAC key of blind indexes. It cannot rotate without recomputing
  every index, so it is a separate, long-lived key.

Nothing here logs a value or puts a plaintext into an exception message.
"""

import base64
import hashlib
import hmac
import os
import time
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEYS_SETTING = "TAMBON_FIELD_ENCRYPTION_KEYS"
INDEX_KEY_SETTING = "TAMBON_BLIND_INDEX_KEY"
MIN_INDEX_KEY_LENGTH = 32
# Every Fernet token starts with its version byte 0x80, which base64 writes as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"  # noqa: S105  (a format marker, not a secret)

_BLOCK = 16  # bytes of an AES block

_DEMO_FIELD_INFO = b"tambon demo field encryption key"
_DEMO_INDEX_INFO = b"tambon demo blind index key"


class DecryptionError(Exception):
    """A ciphertext that no configured key opens (wrong keys, or a damaged value)."""

    def __init__(self) -> None:
        super().__init__("The value could not be decrypted with any configured key.")


def _demo_key(info: bytes) -> bytes:
    return _derive_demo_key(info, settings.SECRET_KEY)


@lru_cache(maxsize=8)
def _derive_demo_key(info: bytes, secret_key: str) -> bytes:
    # Only for the demo (DEBUG=1 and no key set): derived from SECRET_KEY, so the demo database
    # survives restarts without any set-up. It is as secret as the demo SECRET_KEY, which is
    # public, so production refuses to start encrypting without real keys.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        secret_key.encode("utf-8")
    )


def _configured_keys() -> tuple[str, ...]:
    keys = tuple(k.strip() for k in getattr(settings, KEYS_SETTING, None) or () if k.strip())
    if keys:
        return keys
    if settings.DEBUG:
        return (base64.urlsafe_b64encode(_demo_key(_DEMO_FIELD_INFO)).decode("ascii"),)
    raise ImproperlyConfigured(
        f"{KEYS_SETTING} is empty: set FIELD_ENCRYPTION_KEYS to one or more Fernet keys "
        "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())')."
    )


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            # Name the position, never the key.
            raise ImproperlyConfigured(
                f"{KEYS_SETTING}: key number {position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from None
    return tuple(fernets)


def _current() -> tuple[MultiFernet, Fernet]:
    fernets = _fernets(_configured_keys())
    return _multi(fernets), fernets[0]


@lru_cache(maxsize=8)
def _multi(fernets: tuple[Fernet, ...]) -> MultiFernet:
    return MultiFernet(list(fernets))


def encrypt(text: str) -> str:
    """The ciphertext of `text` under the current key (randomised: equal texts differ)."""
    multi, _first = _current()
    return multi.encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of a token made by `encrypt` under any configured key."""
    multi, _first = _current()
    try:
        return multi.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError() from None


def rotate(token: str) -> str:
    """The same plaintext encrypted again under the current key."""
    multi, _first = _current()
    try:
        return multi.rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise DecryptionError() from None


def needs_rotation(token: str) -> bool:
    """Whether the token was made under an older key than the current one."""
    _multi_fernet, first = _current()
    try:
        first.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return True
    return False


def looks_encrypted(value: str) -> bool:
    """Whether `value` has the shape of a Fernet token (for data written before encryption)."""
    return value.startswith(TOKEN_PREFIX) and len(value) >= 100


def _index_key() -> bytes:
    key = getattr(settings, INDEX_KEY_SETTING, "") or ""
    if key:
        if len(key) < MIN_INDEX_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"{INDEX_KEY_SETTING} must be at least {MIN_INDEX_KEY_LENGTH} characters long."
            )
        return str(key).encode("utf-8")
    if settings.DEBUG:
        return _demo_key(_DEMO_INDEX_INFO)
    raise ImproperlyConfigured(
        f"{INDEX_KEY_SETTING} is empty: set BLIND_INDEX_KEY to a long random secret "
        "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
    )


@lru_cache(maxsize=64)
def _purpose_key(key: bytes, purpose: str) -> bytes:
    # One sub-key per purpose: the same value gives unrelated indexes in different fields.
    return hmac.new(key, b"tambon blind index:" + purpose.encode("utf-8"), hashlib.sha256).digest()


def normalize_for_index(value: str) -> str:
    """The generic normal form indexed: NFC, trimmed, inner whitespace collapsed.

    Domain normalisation (for example tambon.core.nationalid.normalize) is the caller's.
    """
    return " ".join(unicodedata.normalize("NFC", value).split())


def blind_index(value: str, *, purpose: str) -> str:
    """The keyed hash (HMAC-SHA256, hex) of a value, for exact lookup without the plaintext."""
    if not purpose:
        raise ValueError("A blind index needs a purpose (the field it indexes).")
    key = _purpose_key(_index_key(), purpose)
    data = normalize_for_index(value).encode("utf-8")
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def encrypt_many(texts: Sequence[str]) -> list[str]:
    """`encrypt` of many texts: the same Fernet tokens (current key), made about 3x faster.

    A Fernet token is 0x80 | time | IV | AES-128-CBC(PKCS7(text)) | HMAC-SHA256 of the rest.
    Encrypting one short text costs ~11 µs, nearly all of it Python around a single AES call.
    Here every text still gets its own random IV and its own HMAC, but texts of the same
    padded length are encrypted together, one AES call per block position: CBC is "XOR the
    block with the previous ciphertext block (the IV for the first), then encrypt it with the
    raw block cipher", and the raw block cipher is AES in ECB mode. The XOR of all of them is
    one integer operation, and the tokens are base64-encoded in one call. crypto.decrypt (and
    any Fernet) reads the tokens.
    """
    if not texts:
        return []
    key = base64.urlsafe_b64decode(_configured_keys()[0])
    signing_key, encryption_key = key[:16], key[16:]
    header = b"\x80" + int(time.time()).to_bytes(length=8, byteorder="big")
    encoded = [text.encode("utf-8") for text in texts]
    by_blocks: dict[int, list[int]] = {}
    for i, data in enumerate(encoded):
        by_blocks.setdefault(len(data) // _BLOCK + 1, []).append(i)
    tokens = [""] * len(texts)
    for blocks, members in by_blocks.items():
        made = _fernet_tokens(
            [encoded[i] for i in members], blocks, header, signing_key, encryption_key
        )
        for i, token in zip(members, made, strict=True):
            tokens[i] = token
    return tokens


def _fernet_tokens(
    texts: list[bytes], blocks: int, header: bytes, signing_key: bytes, encryption_key: bytes
) -> list[str]:
    """Fernet tokens of texts that all pad to `blocks` AES blocks."""
    count, size = len(texts), blocks * _BLOCK
    padded = b"".join(t + bytes((size - len(t),)) * (size - len(t)) for t in texts)
    ivs = os.urandom(_BLOCK * count)
    previous, columns = ivs, []
    for position in range(blocks):
        start = position * _BLOCK
        column = (
            padded
            if blocks == 1
            else b"".join(
                padded[i * size + start : i * size + start + _BLOCK] for i in range(count)
            )
        )
        encryptor = Cipher(algorithms.AES(encryption_key), modes.ECB()).encryptor()  # noqa: S305
        previous = encryptor.update(_xor(column, previous)) + encryptor.finalize()
        columns.append(previous)
    sign = hmac.new(signing_key, digestmod=hashlib.sha256)
    signed = []
    for i in range(count):
        where = slice(i * _BLOCK, (i + 1) * _BLOCK)
        body = header + ivs[where] + b"".join(column[where] for column in columns)
        mac = sign.copy()
        mac.update(body)
        signed.append(body + mac.digest())
    # All tokens in one base64 call: each is padded with zero bytes to a multiple of 3, so
    # it starts a fresh base64 group; its last characters then become the "=" padding.
    length = len(header) + _BLOCK + size + 32
    fill = -length % 3
    width = (length + fill) // 3 * 4
    text = base64.urlsafe_b64encode((b"\0" * fill).join(signed) + b"\0" * fill).decode("ascii")
    return [text[i * width : (i + 1) * width - fill] + "=" * fill for i in range(count)]


def _xor(one: bytes, other: bytes) -> bytes:
    """Two byte strings of one length XORed, as one integer operation."""
    return (int.from_bytes(one, "big") ^ int.from_bytes(other, "big")).to_bytes(len(one), "big")


def blind_index_many(values: Iterable[str], *, purpose: str) -> list[str]:
    """`blind_index` of many values, the key derived and set up once (bulk imports): copying
    a keyed HMAC costs half of hmac.digest, which sets the key up again for every value."""
    if not purpose:
        raise ValueError("A blind index needs a purpose (the field it indexes).")
    keyed = hmac.new(_purpose_key(_index_key(), purpose), digestmod=hashlib.sha256)
    indexes = []
    for value in values:
        mac = keyed.copy()
        mac.update(normalize_for_index(value).encode("utf-8"))
        indexes.append(mac.hexdigest())
    return indexes
