"""Confirming an import: the background task writes the valid rows, the page shows its
progress and then the report; a second import of the same file creates nothing new; a crash
leaves nothing behind."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.core.jobs import Job
from tambon.registry import importing
from tambon.registry.models import Household, ImportBatch, Person
from tests.conftest import login
from tests.registry.test_import_engine_support import children_killed
from tests.registry.test_import_web_support import csv_bytes, last_batch, siphum_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]


def confirm(client: Client, batch: ImportBatch):  # type: ignore[no-untyped-def]
    return client.post(reverse("registry:import_confirm", args=[batch.pk]))


def checked(client: Client, user: User, content: bytes | None = None) -> ImportBatch:
    upload(login(client, user), content or csv_bytes(siphum_rows()))
    return last_batch()


def test_confirming_imports_the_valid_rows_and_shows_the_report(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    batch = checked(client, siphum_officer)
    stored = Path(batch.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, batch)

    batch.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_detail", args=[batch.pk])
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created_people, batch.created_households, batch.error_count) == (2, 1, 1)
    assert set(Person.objects.values_list("first_name", flat=True)) == {"สมศรี", "สมชาย"}
    assert Person.objects.filter(import_batch=batch, created_by=siphum_officer).count() == 2
    assert batch.finished_at is not None
    assert not stored.exists()  # the plaintext file is gone once the rows are in


def test_the_report_page_shows_the_counts_the_errors_and_the_download(
    client: Client, siphum_officer: User
) -> None:
    batch = checked(client, siphum_officer)
    confirm(client, batch)

    html = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()

    assert re.search(r'id="count-people">\s*2<', html)
    assert re.search(r'id="count-households">\s*1<', html)
    assert re.search(r'id="count-skipped">\s*0<', html)
    assert re.search(r'id="count-errors">\s*1<', html)
    assert 'data-row="4"' in html
    assert reverse("registry:import_report", args=[batch.pk]) in html
    assert 'data-status="done"' in html  # the finished progress bar


def test_the_error_report_of_a_finished_import_can_be_downloaded(
    client: Client, siphum_officer: User
) -> None:
    batch = checked(client, siphum_officer)
    confirm(client, batch)

    response = client.get(reverse("registry:import_report", args=[batch.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_importing_the_same_file_again_creates_nothing_new(
    client: Client, siphum_officer: User
) -> None:
    content = csv_bytes(siphum_rows())
    confirm(client, checked(client, siphum_officer, content))

    second = checked(client, siphum_officer, content)
    preview = client.get(reverse("registry:import_preview", args=[second.pk])).content.decode()
    assert second.skipped_rows == 2  # the preview already knows
    assert 'id="import-skipped"' in preview
    confirm(client, second)

    second.refresh_from_db()
    assert second.status == ImportBatch.Status.DONE
    assert (second.created_people, second.created_households, second.skipped_rows) == (0, 0, 2)
    assert Person.objects.count() == 2
    assert Household.objects.count() == 1


def test_nothing_is_written_before_the_confirmation(client: Client, siphum_officer: User) -> None:
    batch = checked(client, siphum_officer)
    client.get(reverse("registry:import_preview", args=[batch.pk]))
    client.get(reverse("registry:import_mapping", args=[batch.pk]))
    client.post(reverse("registry:import_preview", args=[batch.pk]))

    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_a_batch_is_imported_only_once(client: Client, siphum_officer: User) -> None:
    batch = checked(client, siphum_officer)
    confirm(client, batch)

    response = confirm(client, batch)

    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert Job.objects.filter(kind="registry.import").count() == 1


def test_a_batch_without_valid_rows_cannot_be_confirmed(
    client: Client, siphum_officer: User
) -> None:
    batch = checked(client, siphum_officer)
    ImportBatch.objects.filter(pk=batch.pk).update(valid_rows=0)

    response = confirm(client, batch)

    batch.refresh_from_db()
    assert response["Location"] == reverse("registry:import_preview", args=[batch.pk])
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Person.objects.exists()


def test_a_crash_during_the_import_leaves_nothing_and_says_so(
    client: Client, siphum_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = checked(client, siphum_officer)
    real_import = importing.import_file

    def crash_after_writing(*args: Any, **kwargs: Any) -> Any:
        real_import(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "import_file", crash_after_writing)
    confirm(client, batch)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "RuntimeError" in batch.message
    assert batch.job is not None and batch.job.status == Job.Status.FAILED
    assert not Person.objects.exists()
    assert not Household.objects.exists()
    html = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert 'id="import-failed"' in html
    assert 'id="import-retry"' in html


def test_a_killed_preparing_process_fails_the_import_with_a_clear_message(
    client: Client, siphum_officer: User, settings: Any
) -> None:
    batch = checked(client, siphum_officer)
    settings.TAMBON_IMPORT_PROCESS_MIN_ROWS = 1  # a file this size gets its own process

    with children_killed() as killed:
        confirm(client, batch)

    batch.refresh_from_db()
    assert killed
    assert batch.status == ImportBatch.Status.FAILED
    # In the page's language (Thai), saying what happened and what to do.
    assert "หยุดทำงานโดยไม่คาดคิด" in batch.message
    assert "ไม่มีการบันทึกข้อมูลใด" in batch.message
    assert batch.job is not None and batch.job.status == Job.Status.FAILED
    assert not Person.objects.exists()
    html = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert "หยุดทำงานโดยไม่คาดคิด" in html


def test_a_failed_import_can_be_checked_and_confirmed_again(
    client: Client, siphum_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = checked(client, siphum_officer)
    with monkeypatch.context() as patch:
        patch.setattr(importing, "import_file", lambda *a, **k: 1 / 0)
        confirm(client, batch)

    client.post(reverse("registry:import_preview", args=[batch.pk]))
    confirm(client, batch)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Person.objects.count() == 2


def test_the_progress_bar_polls_while_the_import_runs(client: Client, siphum_officer: User) -> None:
    batch = checked(client, siphum_officer)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    job = Job.objects.create(kind="registry.import", title="นำเข้า", user=siphum_officer, total=4)
    job.advance(1)
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    progress_url = reverse("registry:import_progress", args=[batch.pk])

    page = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    poll = client.get(progress_url)

    assert f'hx-get="{progress_url}"' in page
    assert 'id="import-running"' in page
    assert "25%" in poll.content.decode()
    assert "HX-Refresh" not in poll


def test_the_progress_bar_reloads_the_page_when_the_job_ends(
    client: Client, siphum_officer: User
) -> None:
    batch = checked(client, siphum_officer)
    confirm(client, batch)

    poll = client.get(reverse("registry:import_progress", args=[batch.pk]))

    assert poll["HX-Refresh"] == "true"
    assert "hx-trigger" not in poll.content.decode()


def test_a_large_file_is_checked_in_the_background_with_progress(
    client: Client, siphum_officer: User, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from tambon.registry.services import imports as services

    monkeypatch.setattr(services, "INLINE_CHECK_BYTES", 10)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    page = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()

    assert batch.status == ImportBatch.Status.UPLOADED
    assert batch.job is not None and batch.job.kind == services.JOB_CHECK
    assert reverse("registry:import_progress", args=[batch.pk]) in page
    assert confirm(client, batch).status_code == 302
    assert not Person.objects.exists()  # cannot be confirmed while it is being checked

    from tambon.registry.tasks.imports import check_import

    check_import.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert (batch.valid_rows, batch.error_count) == (2, 1)
    assert batch.job is not None and batch.job.status == Job.Status.DONE
    assert batch.job.done == 3
