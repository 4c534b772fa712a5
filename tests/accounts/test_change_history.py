"""The change history covers every domain model and never holds a secret or ciphertext."""

import json

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from tambon.accounts import services
from tambon.accounts.models import AccessLog, User, hash_token
from tambon.accounts.roles import Role
from tambon.core.audit import encrypted_field_names
from tests.conftest import login

# Models without a change history, each with its reason. Anything else of a tambon.* app must
# be registered (tambon.core.audit.audit_model), so a new model cannot be forgotten.
NOT_AUDITED: dict[str, str] = {
    "accounts.accesslog": "a log itself: written once, never changed",
    "core.job": "the progress of a background job, not a domain record",
}


def domain_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("tambon.") and not m._meta.abstract and not m._meta.proxy
    ]


def entry_text(entry: LogEntry) -> str:
    return json.dumps(
        [entry.changes, entry.changes_text, entry.serialized_data, entry.additional_data],
        default=str,
        ensure_ascii=False,
    )


@pytest.mark.parametrize(
    "model",
    [m for m in domain_models() if m._meta.label_lower not in NOT_AUDITED],
    ids=lambda m: m._meta.label_lower,
)
def test_every_domain_model_keeps_a_change_history(model: type[models.Model]) -> None:
    assert auditlog.contains(model), f"register {model._meta.label} with core.audit.audit_model"


def test_the_exemptions_name_existing_models() -> None:
    assert set(NOT_AUDITED) <= {m._meta.label_lower for m in domain_models()}


def test_the_access_log_is_not_itself_in_the_change_history() -> None:
    assert not auditlog.contains(AccessLog)


@pytest.mark.parametrize("model", auditlog.get_models(), ids=lambda m: m._meta.label_lower)
def test_encrypted_fields_are_excluded_from_the_change_history(model: type[models.Model]) -> None:
    excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
    assert set(encrypted_field_names(model)) <= excluded


@pytest.mark.django_db
def test_a_new_api_tokens_hash_never_reaches_the_change_history(cm_officer: User) -> None:
    token, raw = services.create_api_token(user=cm_officer, name="รายงานประจำเดือน")
    entries = LogEntry.objects.get_for_object(token)
    assert entries.count() == 1
    text = entry_text(entries.get())
    assert "รายงานประจำเดือน" in text
    assert "token_hash" not in text
    assert hash_token(raw) not in text
    assert raw not in text


@pytest.mark.django_db
def test_revoking_a_token_is_recorded_without_its_hash(cm_officer: User) -> None:
    token, raw = services.create_api_token(user=cm_officer, name="สคริปต์")
    services.revoke_api_token(user=cm_officer, token_id=token.pk)
    latest = LogEntry.objects.get_for_object(token).order_by("-pk").first()
    assert latest is not None
    assert "revoked_at" in latest.changes_dict
    assert hash_token(raw) not in entry_text(latest)


@pytest.mark.django_db
def test_a_password_change_never_reaches_the_change_history(
    client: Client, siphum_volunteer: User
) -> None:
    old_hash = siphum_volunteer.password
    login(client, siphum_volunteer).post(
        reverse("account_change_password"),
        {
            "oldpassword": "Tambon-test-2568!",
            "password1": "Kanya-new-2568!",
            "password2": "Kanya-new-2568!",
        },
    )
    siphum_volunteer.refresh_from_db()
    assert siphum_volunteer.password != old_hash
    for entry in LogEntry.objects.get_for_object(siphum_volunteer):
        text = entry_text(entry)
        assert "password" not in (entry.changes_dict or {})
        assert siphum_volunteer.password not in text
        assert old_hash not in text


@pytest.mark.django_db
def test_a_password_set_by_code_never_reaches_the_change_history(admin: User) -> None:
    user = User.objects.create_user("kanya", "kanya@example.go.th", role=Role.VOLUNTEER)
    user.set_password("Kanya-new-2568!")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in (entry.changes_dict or {})
        assert user.password not in entry_text(entry)


@pytest.mark.django_db
def test_each_area_given_is_in_the_change_history_with_who_gave_it(
    client: Client, cm_officer: User, siphum_volunteer: User
) -> None:
    login(client, cm_officer).post(
        reverse("accounts:detail", args=[siphum_volunteer.pk]),
        {
            "role": Role.VOLUNTEER,
            "is_active": "on",
            "area-province": "50",
            "area-district": "5001",
            "area-subdistrict": "500102",
        },
    )
    area = siphum_volunteer.areas.get(area_code="500102")
    entry = LogEntry.objects.get_for_object(area).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == cm_officer
    assert entry.object_repr == "siphum_volunteer: 500102"
