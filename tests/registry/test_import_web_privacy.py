"""After a web import (upload → preview → confirm) no national ID of the file is anywhere in
plaintext: not in any table of the database, the pages, the error report or the stored upload
(the engine's own test, test_import_engine_process.py, covers the CLI and the database file)."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.core import nationalid
from tambon.registry.models import ImportBatch, Person
from tests.conftest import login
from tests.registry.test_import_web_support import (
    BAD_ID,
    csv_bytes,
    last_batch,
    new_id,
    person_row,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]


def every_stored_value() -> str:
    """The text of every row of every table (any database: through the connection)."""
    texts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            texts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(texts)


def test_no_national_id_of_an_uploaded_file_is_kept_in_plaintext(
    client: Client,
    siphum_officer: User,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ids = [new_id() for _ in range(5)]
    rows = [person_row(national_id, f"คนที่{n}", house=f"{n}/1") for n, national_id in enumerate(ids)]
    rows.append(person_row(ids[0], "ซ้ำ"))  # a duplicate: reported with the ID masked
    rows.append(person_row(BAD_ID, "ผิด"))  # a wrong check digit: reported masked
    login(client, siphum_officer)
    upload(client, csv_bytes(rows))
    batch = last_batch()
    stored_upload = Path(batch.file.path)
    preview = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()

    assert batch.status == ImportBatch.Status.DONE
    assert Person.objects.count() == 5
    assert not stored_upload.exists()  # the plaintext upload is deleted once imported
    report = client.get(reverse("registry:import_report", args=[batch.pk]))
    book = zipfile.ZipFile(io.BytesIO(b"".join(report.streaming_content)))  # type: ignore[attr-defined]
    report_xml = b"".join(book.read(name) for name in book.namelist())
    detail = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    stored = every_stored_value()
    left_on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    for national_id in [*ids, BAD_ID]:
        for text in (national_id, nationalid.format(national_id)):
            assert text not in stored
            assert text not in preview + detail
            assert text.encode() not in report_xml
            assert text.encode() not in left_on_disk
    # The errors are there, masked: the scan reads the tables and pages that hold them.
    assert "x-xxxx-xxxxx-" in stored
    assert "x-xxxx-xxxxx-" in detail
