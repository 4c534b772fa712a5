"""The audit viewer: change history and access log, their filters, and the CSV export."""

import csv
import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.accounts import services
from tambon.accounts.models import AccessLog, User
from tambon.accounts.roles import Role
from tests.accounts.helpers import th
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = reverse("accounts:audit")
EXPORT = reverse("accounts:audit_export")


def change_role(client: Client, by: User, user: User, role: str) -> None:
    login(client, by).post(
        reverse("accounts:detail", args=[user.pk]), {"role": role, "is_active": "on"}
    )


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_a_role_change_shows_who_changed_what_from_and_to(
    client: Client, admin: User, cm_officer: User, siphum_volunteer: User
) -> None:
    change_role(client, cm_officer, siphum_volunteer, Role.INNOVATOR)
    response = login(client, admin).get(URL, {"user": "cm_off"})
    assert response.status_code == 200
    entry, action, changes = response.context["entries"][0]
    assert entry.actor == cm_officer
    assert action == th("changed")
    assert entry.object_pk == str(siphum_volunteer.pk)
    role = next(c for c in changes if c.field == "role")
    assert (role.old, role.new) == (str(Role.VOLUNTEER.label), str(Role.INNOVATOR.label))
    html = response.content.decode()
    assert "cm_officer" in html


def test_it_filters_the_change_history_by_record_type_and_action(
    client: Client, admin: User, cm_officer: User, siphum_volunteer: User
) -> None:
    change_role(client, cm_officer, siphum_volunteer, Role.INNOVATOR)
    user_type = ContentType.objects.get_for_model(User)
    response = login(client, admin).get(
        URL, {"record_type": user_type.pk, "action": LogEntry.Action.UPDATE}
    )
    entries = [e for e, *_ in response.context["entries"]]
    assert entries
    assert all(e.content_type_id == user_type.pk for e in entries)
    assert all(e.action == LogEntry.Action.UPDATE for e in entries)


def test_it_filters_by_a_buddhist_era_date_range(
    client: Client, admin: User, siphum_volunteer: User
) -> None:
    today = timezone.localdate()
    services.record_access(user=admin, obj=siphum_volunteer)
    old = services.record_access(user=admin, obj=admin)
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=40))
    day = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    response = login(client, admin).get(URL, {"tab": "access", "date_from": day, "date_to": day})
    assert [e.object_id for e, *_ in response.context["entries"]] == [str(siphum_volunteer.pk)]


def test_a_christian_era_year_is_refused_in_the_date_filter(client: Client, admin: User) -> None:
    response = login(client, admin).get(URL, {"tab": "access", "date_from": "01/01/2025"})
    assert "date_from" in response.context["form"].errors


def test_the_access_log_shows_who_read_what_where_and_why(
    client: Client, admin: User, cm_officer: User, siphum_volunteer: User
) -> None:
    services.record_access(user=cm_officer, obj=siphum_volunteer, reason="ติดตามเยี่ยมบ้าน")
    response = login(client, admin).get(URL, {"tab": "access"})
    html = response.content.decode()
    assert "cm_officer" in html
    assert "ติดตามเยี่ยมบ้าน" in html


def test_it_filters_the_access_log_by_area_prefix_and_user(
    client: Client, admin: User, cm_officer: User, bkk_officer: User
) -> None:
    services.record_access(user=cm_officer, obj=admin, area_code="500101")
    services.record_access(user=cm_officer, obj=cm_officer, area_code="100101")
    services.record_access(user=bkk_officer, obj=admin, area_code="100101")
    client = login(client, admin)
    by_area = client.get(URL, {"tab": "access", "area": "10"}).context["entries"]
    assert {e.area_code for e, *_ in by_area} == {"100101"}
    by_both = client.get(URL, {"tab": "access", "area": "10", "user": "cm_"}).context["entries"]
    assert [(e.user, e.object_id) for e, *_ in by_both] == [(cm_officer, str(cm_officer.pk))]


def test_the_change_history_export_is_utf8_csv_with_a_bom_and_iso_dates(
    client: Client, admin: User, cm_officer: User, siphum_volunteer: User
) -> None:
    change_role(client, cm_officer, siphum_volunteer, Role.INNOVATOR)
    response = login(client, admin).get(EXPORT, {"tab": "changes", "user": "cm_officer"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert len(header) == 8
    assert rows
    assert all(row[1] == "cm_officer" for row in rows)
    assert dt.datetime.fromisoformat(rows[0][0]).tzinfo is not None
    assert any("สมชาย" in row[5] for row in rows)


def test_the_export_is_written_to_the_access_log_not_the_change_history(
    client: Client, admin: User
) -> None:
    before = LogEntry.objects.count()
    response = login(client, admin).get(EXPORT, {"tab": "access", "area": "50"})
    csv_rows(response)
    export = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert export.user == admin
    assert export.object_type == "accounts.accesslog"
    assert export.object_id == services.MANY_RECORDS
    assert export.area_code == "50"
    assert "area=50" in export.object_repr
    assert LogEntry.objects.count() == before


def test_the_access_log_export_has_the_filtered_rows(
    client: Client, admin: User, cm_officer: User
) -> None:
    services.record_access(user=cm_officer, obj=admin, area_code="500101", reason="ตรวจสอบ")
    services.record_access(user=cm_officer, obj=admin, area_code="100101")
    response = login(client, admin).get(EXPORT, {"tab": "access", "area": "5001"})
    _header, *rows = csv_rows(response)
    assert [(r[1], r[6], r[7]) for r in rows] == [("cm_officer", "500101", "ตรวจสอบ")]


def test_only_national_admins_open_the_audit_viewer(
    client: Client, cm_officer: User, siphum_officer: User
) -> None:
    for user in (cm_officer, siphum_officer):
        client = login(client, user)
        assert client.get(URL).status_code == 403
        assert client.get(EXPORT).status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_audit_menu_item_is_shown_to_national_admins_only(
    client: Client, admin: User, cm_officer: User
) -> None:
    assert URL in login(client, admin).get(reverse("accounts:list")).content.decode()
    assert URL not in login(client, cm_officer).get(reverse("accounts:list")).content.decode()


def test_the_audit_pages_are_paginated(client: Client, admin: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_PAGE_SIZE = 3
    for _ in range(7):
        services.record_access(user=admin, obj=admin)
    response = login(client, admin).get(URL, {"tab": "access", "page": 3})
    assert len(response.context["entries"]) == 1
    assert response.context["page_obj"].paginator.num_pages == 3
