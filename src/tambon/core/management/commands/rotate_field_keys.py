"""Re-encrypt every encrypted value under the current key, so that older keys can be dropped.

Covers every EncryptedTextField of every installed model and the MFA secrets that allauth keeps
in Authenticator.data (encrypted by tambon.accounts.adapters.MFAAdapter). Idempotent: values
already under the current key are left alone, so a second run changes nothing.
"""

import time
from collections.abc import Iterator
from typing import IO, Any, cast

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast
from rich.console import Console
from rich.table import Table

from tambon.core import crypto

BATCH_SIZE = 1000
_RAW = "_rotate_raw"


def encrypted_fields() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if getattr(field, "encrypted", False):
                yield model, field


def _raw_batches(
    model: type[models.Model], field: models.Field[Any, Any]
) -> Iterator[list[tuple[Any, str]]]:
    """(pk, ciphertext) pairs in primary-key order, read without decrypting."""
    # A Cast to a plain TextField has no from_db_value: the token comes back as stored.
    queryset = (
        model._default_manager.exclude(**{f"{field.name}__isnull": True})
        .annotate(**{_RAW: Cast(field.name, output_field=models.TextField())})
        .order_by("pk")
    )
    last_pk = None
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        rows = list(page.values_list("pk", _RAW)[:BATCH_SIZE])
        if not rows:
            return
        last_pk = rows[-1][0]
        yield [(pk, raw) for pk, raw in rows if raw]


def rotate_field(
    model: type[models.Model], field: models.Field[Any, Any], *, dry_run: bool
) -> tuple[int, int]:
    """Re-encrypt one column; returns (values seen, values re-encrypted)."""
    seen = rotated = 0
    for batch in _raw_batches(model, field):
        seen += len(batch)
        stale = [(pk, raw) for pk, raw in batch if crypto.needs_rotation(raw)]
        rotated += len(stale)
        if dry_run or not stale:
            continue
        objects = []
        for pk, raw in stale:
            # The field encrypts the plaintext under the current key on the way back in.
            obj = model(pk=pk)
            setattr(obj, field.attname, crypto.decrypt(raw))
            objects.append(obj)
        with transaction.atomic():
            model._default_manager.bulk_update(objects, [field.name])
    return seen, rotated


def _fresh_secret(value: Any) -> Any:
    """The value under the current key, or None when it already is."""
    if not isinstance(value, str) or not value:
        return None
    if not crypto.looks_encrypted(value):
        return crypto.encrypt(value)  # written before secrets were encrypted
    return crypto.rotate(value) if crypto.needs_rotation(value) else None


def _fresh_mfa_data(data: dict[str, Any]) -> dict[str, Any] | None:
    changed = dict(data)
    for key in ("secret", "seed"):
        fresh = _fresh_secret(data.get(key))
        if fresh is not None:
            changed[key] = fresh
    codes = data.get("migrated_codes")
    if isinstance(codes, list):
        fresh_codes = [_fresh_secret(code) for code in codes]
        if any(code is not None for code in fresh_codes):
            changed["migrated_codes"] = [
                new if new is not None else old for new, old in zip(fresh_codes, codes, strict=True)
            ]
    return changed if changed != data else None


def rotate_mfa_secrets(*, dry_run: bool) -> tuple[int, int]:
    """Re-encrypt allauth's TOTP secrets and recovery-code seeds; returns (seen, re-encrypted)."""
    from allauth.mfa.models import Authenticator

    seen = rotated = 0
    queryset = Authenticator.objects.order_by("pk")
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:BATCH_SIZE])
        if not batch:
            return seen, rotated
        last_pk = batch[-1].pk
        seen += len(batch)
        stale = []
        for authenticator in batch:
            fresh = _fresh_mfa_data(authenticator.data)
            if fresh is not None:
                authenticator.data = fresh
                stale.append(authenticator)
        rotated += len(stale)
        if stale and not dry_run:
            with transaction.atomic():
                Authenticator.objects.bulk_update(stale, ["data"])


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and MFA secret under the current key (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout._out), highlight=False)
        dry_run: bool = options["dry_run"]
        started = time.perf_counter()
        table = Table(title="Field key rotation" + (" (dry run)" if dry_run else ""))
        table.add_column("Column")
        table.add_column("Values", justify="right")
        table.add_column("Would re-encrypt" if dry_run else "Re-encrypted", justify="right")
        total = 0
        for model, field in encrypted_fields():
            seen, rotated = rotate_field(model, field, dry_run=dry_run)
            total += rotated
            table.add_row(f"{model._meta.label}.{field.name}", f"{seen:,}", f"{rotated:,}")
        seen, rotated = rotate_mfa_secrets(dry_run=dry_run)
        total += rotated
        table.add_row("mfa.Authenticator.data", f"{seen:,}", f"{rotated:,}")
        console.print(table)
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        console.print(f"{total:,} values {verb} in {time.perf_counter() - started:.1f} s.")
