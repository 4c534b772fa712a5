"""Reads of import batches: who sees which, the earlier import of the same file, the preview.

A batch holds a file of personal data, so it is seen by its uploader, national admins, and
provincial officers of its area (the area its rows were checked against), nobody else.
"""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from tambon.accounts.policy import area_prefixes
from tambon.accounts.roles import Role
from tambon.core import nationalid
from tambon.registry.importing.reading import ROW, column_name, iter_chunks, open_source
from tambon.registry.models import ImportBatch

NATIONAL_ID_FIELD = "national_id"
SAMPLE_SIZE = 5
# At most this many rows from the head of the file are read for the sample.
SAMPLE_SCAN = 200


def visible_batches(user: Any) -> QuerySet[ImportBatch]:
    """The batches `user` may see, newest first, with their uploader and job."""
    qs = ImportBatch.objects.select_related("imported_by", "job")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_national_admin:
        return qs
    mine = Q(imported_by=user)
    prefixes = area_prefixes(user) or []
    if user.role != Role.PROVINCIAL_OFFICER or not prefixes:
        return qs.filter(mine)
    # area_codes is a JSON list of DOPA codes such as ["500101"]: in its text, a code of the
    # province starts right after a quote. Works alike on SQLite and PostgreSQL.
    codes_text = Cast("area_codes", TextField())
    in_area = reduce(or_, (Q(codes_text__contains=f'"{prefix}') for prefix in prefixes))
    return qs.alias(codes_text=codes_text).filter(mine | in_area)


def batch_list(user: Any) -> QuerySet[ImportBatch]:
    """`visible_batches` for list pages: without the kept errors, which only details show."""
    return visible_batches(user).defer("errors_sample")


def batch_for(user: Any, pk: int) -> ImportBatch | None:
    """One batch `user` may see, or None (a 404 for the pages and the API)."""
    return visible_batches(user).filter(pk=pk).first()


def earlier_import(batch: ImportBatch) -> ImportBatch | None:
    """The uploader's last finished import of a file with the same content, if any."""
    if not batch.sha256 or batch.imported_by_id is None:
        return None
    return (
        ImportBatch.objects.filter(
            imported_by_id=batch.imported_by_id,
            sha256=batch.sha256,
            status=ImportBatch.Status.DONE,
        )
        .exclude(pk=batch.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )


def error_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    """The first errors of the batch's last check or import: row, column, value, reason."""
    return list(batch.errors_sample or [])


def sample_rows(batch: ImportBatch, fields: list[Any]) -> list[dict[str, str]]:
    """The first rows of the file without errors, by field name, the national ID masked.

    Reads only the head of the file. Raises core.errors.ValidationError if it is unreadable.
    """
    errors = error_rows(batch)
    wrong = {error["row"] for error in errors}
    # The batch keeps the first errors only: past the last row they name, a row is unknown.
    complete = len(wrong) >= batch.error_count
    known_until = float("inf") if complete or not errors else errors[-1]["row"]
    rows: list[dict[str, str]] = []
    with open_source(batch.file.path, encoding=batch.encoding or None) as source:
        index: dict[str, int] = {}
        for i, header in enumerate(source.headers):
            index.setdefault(header, i)
        columns = {
            spec.name: column_name(index[header])
            for spec in fields
            if (header := batch.column_map.get(spec.name)) in index
        }
        if not columns:
            return rows
        wanted = sorted({index[batch.column_map[name]] for name in columns})
        for chunk in iter_chunks(source, columns=wanted, limit=SAMPLE_SCAN):
            for record in chunk.iter_rows(named=True):
                number = record[ROW]
                if number > known_until:
                    return rows
                if number in wrong:
                    continue
                rows.append({name: _shown(name, record[col]) for name, col in columns.items()})
                if len(rows) == SAMPLE_SIZE:
                    return rows
    return rows


def _shown(field: str, value: str | None) -> str:
    text = value or ""
    return nationalid.mask(text) if field == NATIONAL_ID_FIELD else text
