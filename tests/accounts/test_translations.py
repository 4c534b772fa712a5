"""The accounts app speaks Thai: its catalogue is complete and its pages use it."""

from pathlib import Path

import polib
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

import tambon.accounts
from tambon.accounts import services
from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tests.conftest import login

CATALOGUE = Path(tambon.accounts.__file__).parent / "locale/th/LC_MESSAGES/django.po"


def test_every_message_of_the_accounts_app_has_a_thai_translation() -> None:
    po = polib.pofile(str(CATALOGUE))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 100


@pytest.mark.django_db
def test_the_people_list_shows_roles_in_thai(
    client: Client, admin: User, siphum_volunteer: User
) -> None:
    html = login(client, admin).get(reverse("accounts:list")).content.decode()
    assert "อาสาสมัคร" in html
    assert "ผู้ใช้งาน" in html


@pytest.mark.django_db
def test_the_invitation_email_is_in_thai(
    siphum_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_user(
            by=siphum_officer,
            username="kanya",
            email="kanya@example.go.th",
            first_name="กัญญา",
            last_name="ทองดี",
            role=Role.VOLUNTEER,
            area_codes=["500101"],
        )
    assert mail.outbox[0].subject == "คุณได้รับเชิญให้ใช้งานระบบ Tambon"
    assert "เรียน คุณกัญญา ทองดี" in mail.outbox[0].body
