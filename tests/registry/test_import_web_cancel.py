"""Cancelling an import: its stored file and report are deleted and nothing is written."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.registry.models import ImportBatch, Person
from tests.conftest import login
from tests.registry.test_import_web_support import csv_bytes, last_batch, siphum_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]


def cancel(client: Client, batch: ImportBatch):  # type: ignore[no-untyped-def]
    return client.post(reverse("registry:import_cancel", args=[batch.pk]))


def test_cancelling_deletes_the_file_and_the_report(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    stored, report = Path(batch.file.path), Path(batch.report.path)

    with django_capture_on_commit_callbacks(execute=True):
        response = cancel(client, batch)

    batch.refresh_from_db()
    assert response["Location"] == reverse("registry:import_list")
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not batch.file and not batch.report
    assert not stored.exists() and not report.exists()
    assert not Person.objects.exists()


def test_a_cancelled_import_cannot_be_confirmed(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    cancel(client, batch)

    client.post(reverse("registry:import_confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not Person.objects.exists()
    html = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert 'id="import-cancelled"' in html


def test_a_finished_import_cannot_be_cancelled(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    client.post(reverse("registry:import_confirm", args=[batch.pk]))

    cancel(client, batch)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Person.objects.count() == 2


def test_a_national_admin_may_cancel_an_officers_stale_upload(
    client: Client, siphum_officer: User, admin: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    cancel(login(client, admin), batch)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED


def test_a_provincial_officer_may_not_cancel_someone_elses_upload(
    client: Client, siphum_officer: User, cm_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    response = cancel(login(client, cm_officer), batch)

    batch.refresh_from_db()
    assert response.status_code == 403
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert Path(batch.file.path).exists()


def test_another_officer_cannot_cancel_an_upload_they_cannot_see(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    response = cancel(login(client, bkk_officer), batch)

    batch.refresh_from_db()
    assert response.status_code == 404
    assert batch.status == ImportBatch.Status.PREVIEWED
