"""Inviting someone: the form, the invitation e-mail and its link, and the domain errors."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tambon.accounts import services
from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied
from tests.accounts.helpers import th
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = reverse("accounts:invite")
NEW_PASSWORD = "Kanya-choose-2568!"


def invitation(**overrides: str) -> dict[str, str]:
    data = {
        "username": "kanya",
        "email": "kanya@example.go.th",
        "first_name": "กัญญา",
        "last_name": "ทองดี",
        "organisation": "อบต.ศรีภูมิ",
        "phone": "0812345678",
        "role": Role.VOLUNTEER,
        "area-province": "50",
        "area-district": "5001",
        "area-subdistrict": "500101",
    }
    data.update(overrides)
    return data


def test_an_officer_invites_a_volunteer_of_their_subdistrict(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, siphum_officer).post(URL, invitation())
    kanya = User.objects.get(username="kanya")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[kanya.pk])
    assert kanya.role == Role.VOLUNTEER
    assert kanya.area_codes() == ["500101"]
    assert kanya.organisation == "อบต.ศรีภูมิ"
    assert not kanya.has_usable_password()


def test_the_invitation_email_carries_a_link_to_choose_a_password(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        login(client, siphum_officer).post(URL, invitation())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kanya@example.go.th"]
    assert "Tambon" in message.subject
    assert "kanya" in message.body
    assert re.search(r"http://\S+/accounts/password/reset/key/\S+", message.body)


def test_the_invited_person_chooses_a_password_with_the_link_and_signs_in(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        login(client, siphum_officer).post(URL, invitation())
    client.logout()
    link = re.search(r"http://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link
    form_page = client.get(link[1], follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link[1],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert User.objects.get(username="kanya").check_password(NEW_PASSWORD)
    assert client.login(username="kanya", password=NEW_PASSWORD)


def test_the_form_offers_only_the_roles_the_officer_may_give(
    client: Client, siphum_officer: User
) -> None:
    form = login(client, siphum_officer).get(URL).context["form"]
    offered = {value for value, _label in form.fields["role"].choices if value}
    assert offered == {Role.VOLUNTEER, Role.PARTNER, Role.INNOVATOR}


def test_the_picker_starts_at_the_officers_own_subdistrict(
    client: Client, siphum_officer: User
) -> None:
    area_form = login(client, siphum_officer).get(URL).context["area_form"]
    assert area_form.initial == {"province": "50", "district": "5001", "subdistrict": "500101"}


def test_a_taken_email_is_shown_on_the_email_field(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, siphum_officer).post(
        URL, invitation(email=siphum_volunteer.email.upper())
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [th(services.MSG_EMAIL_TAKEN)]
    assert not User.objects.filter(username="kanya").exists()


def test_a_taken_username_is_shown_on_the_username_field(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, siphum_officer).post(URL, invitation(username="SIPHUM_volunteer"))
    assert response.status_code == 400
    assert response.context["form"].errors["username"] == [th(services.MSG_USERNAME_TAKEN)]


def test_an_area_of_the_wrong_level_is_shown_on_the_area_picker(
    client: Client, cm_officer: User
) -> None:
    response = login(client, cm_officer).post(
        URL, invitation(**{"area-district": "", "area-subdistrict": ""})
    )
    assert response.status_code == 400
    errors = response.context["area_form"].non_field_errors()
    assert len(errors) == 1
    assert "50" in errors[0]
    assert not User.objects.filter(username="kanya").exists()


def test_a_role_with_areas_needs_an_area(client: Client, admin: User) -> None:
    response = login(client, admin).post(
        URL, invitation(**{"area-province": "", "area-district": "", "area-subdistrict": ""})
    )
    assert response.status_code == 400
    assert response.context["area_form"].non_field_errors() == [th(services.MSG_AREA_REQUIRED)]
    assert not User.objects.filter(username="kanya").exists()


def test_a_subdistrict_officer_cannot_invite_a_provincial_officer(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).post(
        URL,
        invitation(role=Role.PROVINCIAL_OFFICER, **{"area-district": "", "area-subdistrict": ""}),
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="kanya").exists()


def test_the_service_refuses_a_role_the_officer_may_not_give(siphum_officer: User) -> None:
    with pytest.raises(PermissionDenied) as refused:
        services.invite_user(
            by=siphum_officer,
            username="kanya",
            email="kanya@example.go.th",
            first_name="กัญญา",
            last_name="ทองดี",
            role=Role.PROVINCIAL_OFFICER,
            area_codes=["50"],
        )
    assert refused.value.field == "role"
    assert not User.objects.filter(username="kanya").exists()


def test_a_subdistrict_officer_cannot_give_an_area_outside_theirs(
    client: Client, siphum_officer: User
) -> None:
    response = login(client, siphum_officer).post(URL, invitation(**{"area-subdistrict": "500102"}))
    assert response.status_code == 403
    errors = response.context["area_form"].non_field_errors()
    assert errors == [th(services.MSG_AREA_OUTSIDE) % {"code": "500102"}]
    assert not User.objects.filter(username="kanya").exists()
    assert len(mail.outbox) == 0


def test_a_volunteer_may_not_invite(client: Client, siphum_volunteer: User) -> None:
    client = login(client, siphum_volunteer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, invitation()).status_code == 403
    assert not User.objects.filter(username="kanya").exists()
