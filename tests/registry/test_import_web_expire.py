"""Uploads never confirmed are cancelled after a while: their files hold plain national IDs."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.accounts.models import User
from tambon.registry.models import ImportBatch, Person
from tests.conftest import login
from tests.registry.test_import_web_support import csv_bytes, last_batch, siphum_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]


def _age(batch: ImportBatch, days: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days)
    )


def test_an_old_unconfirmed_upload_is_cancelled_and_its_file_deleted(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    stored = Path(batch.file.path)
    _age(batch, 8)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_imports", "--days", "7")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not stored.exists()
    assert not Person.objects.exists()
    assert "1 unconfirmed upload(s)" in capsys.readouterr().out


def test_a_recent_upload_is_kept(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    _age(batch, 2)

    call_command("expire_imports", "--days", "7")

    batch.refresh_from_db()
    assert batch.status != ImportBatch.Status.CANCELLED
    assert Path(batch.file.path).exists()


def test_a_finished_import_is_left_alone(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    client.post(reverse("registry:import_confirm", args=[batch.pk]))
    _age(batch, 30)

    call_command("expire_imports", "--days", "7")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
