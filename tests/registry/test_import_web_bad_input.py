"""Malformed requests to the import pages and API get a clear 4xx, never a crash."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.accounts.services import create_api_token
from tambon.registry.models import ImportBatch
from tests.conftest import login
from tests.registry.test_import_web_support import csv_bytes, last_batch, siphum_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]


def test_malformed_page_requests_are_refused_clearly(client: Client, siphum_officer: User) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    mapping = reverse("registry:import_mapping", args=[batch.pk])
    requests = [
        ("get", reverse("registry:import_preview", args=[batch.pk]) + "?page=abc", {}, 200),
        ("get", reverse("registry:import_list") + "?page=-1", {}, 200),
        ("post", mapping, {"first_name": "ไม่มีคอลัมน์นี้", "subdistrict": "\x00"}, 400),
        ("post", reverse("registry:import_upload"), {}, 400),
        ("post", reverse("registry:import_upload"), {"file": "not a file"}, 400),
        ("get", reverse("registry:import_progress", args=[batch.pk]), {}, 404),  # no job
        ("get", reverse("registry:import_detail", args=[999999]), {}, 404),
        ("get", reverse("registry:import_confirm", args=[batch.pk]), {}, 405),
        ("get", reverse("registry:import_cancel", args=[batch.pk]), {}, 405),
    ]
    answers = [
        (url, getattr(client, method)(url, data).status_code, expected)
        for method, url, data, expected in requests
    ]
    assert [(url, got) for url, got, expected in answers if got != expected] == []
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_malformed_api_requests_are_refused_clearly(siphum_officer: User) -> None:
    _token, raw = create_api_token(user=siphum_officer, name="สคริปต์นำเข้า", days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    batch_id = api.post(
        "/api/v1/registry/imports/", {"file": csv_bytes(siphum_rows()).decode("cp874")}
    ).status_code

    columns = "/api/v1/registry/imports/999999/columns"
    assert batch_id == 422  # a text field is not a file
    assert api.post("/api/v1/registry/imports/", {}).status_code == 422
    assert api.put(columns, "{", content_type="application/json").status_code in (400, 422)
    assert api.put(columns, {"column_map": {}}, content_type="application/json").status_code == 404
    assert api.get("/api/v1/registry/imports/abc").status_code == 422
    assert api.get("/api/v1/registry/imports/?limit=-5").status_code == 422
