from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.geo.models import Village
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = reverse("geo:village_import")
SIPHUM_VILLAGES = (
    "subdistrict_code,village_no,name_th,name_en\r\n"
    "500101,1,บ้านหนองบัว,Ban Nong Bua\r\n"
    "500101,2,บ้านดอนแก้ว,Ban Don Kaeo\r\n"
    "500102,1,บ้านป่าตึง,\r\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def upload(client: Client, content: bytes, name: str = "villages.csv") -> HttpResponse:
    return client.post(URL, {"step": "preview", "file": SimpleUploadedFile(name, content)})


def confirm(client: Client, preview: HttpResponse) -> HttpResponse:
    return client.post(URL, {"step": "confirm", "sha256": preview.context["sha256"]})


def test_the_upload_page_explains_the_columns(client: Client, cm_officer: User) -> None:
    response = login(client, cm_officer).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "subdistrict_code" in html
    assert "village_no" in html


def test_a_preview_counts_the_new_villages_and_writes_nothing(
    client: Client, cm_officer: User
) -> None:
    response = upload(login(client, cm_officer), "\ufeff".encode() + SIPHUM_VILLAGES.encode())
    assert response.status_code == 200
    assert response.context["result"].created == 3
    assert 'id="village-confirm"' in response.content.decode()
    assert not Village.objects.filter(subdistrict_id__in=["500101", "500102"]).exists()


def test_a_provincial_officer_imports_a_utf8_file_with_bom(
    client: Client, cm_officer: User
) -> None:
    login(client, cm_officer)
    preview = upload(client, "\ufeff".encode() + SIPHUM_VILLAGES.encode())
    response = confirm(client, preview)
    assert response.status_code == 200
    assert 'id="import-done"' in response.content.decode()
    assert Village.objects.get(code="50010101").name_th == "บ้านหนองบัว"
    assert Village.objects.get(code="50010201").name_th == "บ้านป่าตึง"


def test_a_provincial_officer_imports_a_tis620_file_with_thai_headers(
    client: Client, cm_officer: User
) -> None:
    content = "รหัสตำบล,หมู่ที่,ชื่อหมู่บ้าน\r\n500101,5,บ้านสันกลาง\r\n".encode("cp874")
    login(client, cm_officer)
    confirm(client, upload(client, content))
    assert Village.objects.get(code="50010105").name_th == "บ้านสันกลาง"


def test_a_row_with_an_unknown_subdistrict_is_shown_and_nothing_is_written(
    client: Client, cm_officer: User
) -> None:
    content = (SIPHUM_VILLAGES + "999999,1,บ้านไม่มีจริง,\r\n").encode()
    response = upload(login(client, cm_officer), content)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-error-table"' in html
    assert "<td>5</td>" in html  # the row number (the header is row 1)
    assert "subdistrict_code" in html
    assert "999999" in html
    assert 'id="village-confirm"' not in html
    assert not Village.objects.filter(subdistrict_id="500101").exists()


def test_a_file_with_errors_cannot_be_confirmed(client: Client, cm_officer: User) -> None:
    login(client, cm_officer)
    bad = upload(client, (SIPHUM_VILLAGES + "500101,0,บ้านเลขผิด,\r\n").encode())
    response = confirm(client, bad)
    assert response.status_code == 302
    assert not Village.objects.filter(subdistrict_id="500101").exists()


def test_a_file_without_the_required_columns_is_refused(client: Client, cm_officer: User) -> None:
    response = upload(login(client, cm_officer), "name_th\r\nบ้านหนองบัว\r\n".encode())
    assert response.status_code == 400
    assert "subdistrict_code" in response.content.decode()


def test_importing_the_same_file_twice_creates_nothing_new(
    client: Client, cm_officer: User
) -> None:
    login(client, cm_officer)
    confirm(client, upload(client, SIPHUM_VILLAGES.encode()))
    again = upload(client, SIPHUM_VILLAGES.encode())
    assert (again.context["result"].created, again.context["result"].updated) == (0, 3)
    confirm(client, again)
    assert Village.objects.filter(subdistrict_id__in=["500101", "500102"]).count() == 3


def test_a_confirm_without_a_preview_writes_nothing(client: Client, cm_officer: User) -> None:
    response = login(client, cm_officer).post(URL, {"step": "confirm", "sha256": "0" * 64})
    assert response.status_code == 302
    assert not Village.objects.filter(subdistrict_id="500101").exists()


def test_a_national_admin_may_import(client: Client, admin: User) -> None:
    login(client, admin)
    confirm(client, upload(client, SIPHUM_VILLAGES.encode()))
    assert Village.objects.filter(subdistrict_id="500101").count() == 2


def test_the_example_file_can_be_imported_as_it_is(client: Client, cm_officer: User) -> None:
    login(client, cm_officer)
    example = client.get(reverse("geo:village_import_template"))
    assert example["Content-Type"] == "text/csv"
    confirm(client, upload(client, example.content))
    assert Village.objects.filter(subdistrict_id="500101").count() == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_subdistrict_officer_is_refused(
    client: Client, siphum_officer: User, method: str
) -> None:
    login(client, siphum_officer)
    response = client.get(URL) if method == "get" else upload(client, SIPHUM_VILLAGES.encode())
    assert response.status_code == 403
    assert not Village.objects.filter(subdistrict_id="500101").exists()


def test_a_subdistrict_officer_cannot_confirm_someone_elses_preview(
    client: Client, cm_officer: User, siphum_officer: User
) -> None:
    preview = upload(login(client, cm_officer), SIPHUM_VILLAGES.encode())
    other = login(Client(), siphum_officer)
    response = other.post(URL, {"step": "confirm", "sha256": preview.context["sha256"]})
    assert response.status_code == 403
    assert not Village.objects.filter(subdistrict_id="500101").exists()


def test_an_anonymous_visitor_is_refused(client: Client) -> None:
    response = upload(client, SIPHUM_VILLAGES.encode())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Village.objects.filter(subdistrict_id="500101").exists()
