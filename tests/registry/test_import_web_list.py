"""The list of imports and who sees which batch: its uploader, national admins, and the
provincial officers of its area; a batch outside that is a 404 on every page."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.registry.models import ImportBatch
from tests.conftest import MakeUser, login
from tests.registry.test_import_web_support import csv_bytes, last_batch, siphum_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_setup")]

LIST = reverse("registry:import_list")


def make_batch(owner: User, area: list[str], name: str = "สำรวจ.csv") -> ImportBatch:
    return ImportBatch.objects.create(
        original_name=name,
        sha256="0" * 64,
        file_format="csv",
        area_codes=area,
        imported_by=owner,
        status=ImportBatch.Status.DONE,
        total_rows=120,
        created_people=118,
        created_households=40,
    )


def listed(client: Client) -> set[int]:
    return {batch.pk for batch in client.get(LIST).context["page_obj"].object_list}


def test_an_officer_with_no_import_sees_how_to_start(client: Client, siphum_officer: User) -> None:
    html = login(client, siphum_officer).get(LIST).content.decode()

    assert 'id="import-empty"' in html
    assert reverse("registry:import_upload") in html


def test_the_list_shows_status_and_counts(client: Client, siphum_officer: User) -> None:
    batch = make_batch(siphum_officer, ["500101"], "จปฐ-ศรีภูมิ-2567.csv")

    html = login(client, siphum_officer).get(LIST).content.decode()

    assert "จปฐ-ศรีภูมิ-2567.csv" in html
    assert 'data-status="done"' in html
    assert "118" in html
    assert reverse("registry:import_detail", args=[batch.pk]) in html


def test_the_list_is_paginated(client: Client, siphum_officer: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_PAGE_SIZE = 5
    for n in range(7):
        make_batch(siphum_officer, ["500101"], f"หมู่{n}.csv")

    login(client, siphum_officer)

    assert len(client.get(LIST).context["page_obj"].object_list) == 5
    assert len(client.get(LIST, {"page": "2"}).context["page_obj"].object_list) == 2


def test_the_list_page_runs_a_fixed_number_of_queries(
    client: Client,
    siphum_officer: User,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for n in range(8):
        make_batch(siphum_officer, ["500101"], f"หมู่{n}.csv")
    login(client, siphum_officer)

    with django_assert_max_num_queries(12):
        client.get(LIST)


def test_each_user_sees_the_batches_of_their_reach(
    client: Client,
    admin: User,
    cm_officer: User,
    siphum_officer: User,
    bkk_officer: User,
    make_user: MakeUser,
) -> None:
    other_siphum = make_user("officer2", Role.SUBDISTRICT_OFFICER, "500101")
    khon_kaen = make_user("kk_province", Role.PROVINCIAL_OFFICER, "40")
    siphum = make_batch(siphum_officer, ["500101"])
    bangkok = make_batch(bkk_officer, ["100101"])
    national = make_batch(admin, [])

    assert listed(login(client, admin)) == {siphum.pk, bangkok.pk, national.pk}
    assert listed(login(client, cm_officer)) == {siphum.pk}
    assert listed(login(client, siphum_officer)) == {siphum.pk}
    assert listed(login(client, other_siphum)) == set()
    assert listed(login(client, bkk_officer)) == {bangkok.pk}
    assert listed(login(client, khon_kaen)) == set()


@pytest.mark.parametrize(
    "name",
    ["import_detail", "import_preview", "import_mapping", "import_progress", "import_report"],
)
def test_a_batch_of_someone_else_is_not_found(
    client: Client, siphum_officer: User, bkk_officer: User, name: str
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    response = login(client, bkk_officer).get(reverse(f"registry:{name}", args=[batch.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PARTNER, Role.INNOVATOR])
@pytest.mark.parametrize(
    "name", ["import_list", "import_detail", "import_preview", "import_report", "import_confirm"]
)
def test_roles_that_do_not_import_are_forbidden_every_page(
    client: Client, siphum_officer: User, make_user: MakeUser, role: str, name: str
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()
    user = make_user("ผู้ใช้", role, "500101")
    args = [] if name == "import_list" else [batch.pk]

    login(client, user)
    url = reverse(f"registry:{name}", args=args)
    response = client.post(url) if name == "import_confirm" else client.get(url)

    batch.refresh_from_db()
    assert response.status_code == 403
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_provincial_officer_reads_an_import_of_their_area_but_cannot_confirm_it(
    client: Client, siphum_officer: User, cm_officer: User
) -> None:
    upload(login(client, siphum_officer), csv_bytes(siphum_rows()))
    batch = last_batch()

    login(client, cm_officer)
    preview = client.get(reverse("registry:import_preview", args=[batch.pk]))
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert preview.status_code == 200
    assert 'id="import-confirm"' not in preview.content.decode()
    assert response.status_code == 403
    assert batch.status == ImportBatch.Status.PREVIEWED
