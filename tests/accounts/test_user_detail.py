"""A user's page: changing role, areas and the active flag, and resending the invitation."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tambon.accounts import services
from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tests.accounts.helpers import th
from tests.conftest import MakeUser, login

pytestmark = pytest.mark.django_db


def detail(user: User) -> str:
    return reverse("accounts:detail", args=[user.pk])


def remove_url(user: User) -> str:
    return reverse("accounts:remove_area", args=[user.pk])


def resend_url(user: User) -> str:
    return reverse("accounts:resend_invitation", args=[user.pk])


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_it_shows_the_users_role_and_area_names(
    client: Client, cm_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, cm_officer).get(detail(siphum_volunteer))
    assert response.status_code == 200
    assert response.context["areas"] == [("500101", "ศรีภูมิ")]
    assert "ศรีภูมิ" in response.content.decode()


def test_an_officer_changes_a_volunteers_role(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, siphum_officer).post(
        detail(siphum_volunteer), {"role": Role.INNOVATOR, "is_active": "on"}
    )
    assert response.status_code == 302
    assert fresh(siphum_volunteer).role == Role.INNOVATOR
    assert fresh(siphum_volunteer).area_codes() == ["500101"]


def test_an_officer_adds_an_area_with_the_picker(
    client: Client, cm_officer: User, siphum_volunteer: User
) -> None:
    login(client, cm_officer).post(
        detail(siphum_volunteer),
        {
            "role": Role.VOLUNTEER,
            "is_active": "on",
            "area-province": "50",
            "area-district": "5001",
            "area-subdistrict": "500102",
        },
    )
    assert fresh(siphum_volunteer).area_codes() == ["500101", "500102"]


def test_a_new_role_drops_the_areas_that_do_not_fit_it(
    client: Client, make_user: MakeUser, cm_officer: User
) -> None:
    partner = make_user("mae_ping_partner", Role.PARTNER, "5001", "500101")
    response = login(client, cm_officer).post(
        detail(partner), {"role": Role.VOLUNTEER, "is_active": "on"}, follow=True
    )
    assert fresh(partner).role == Role.VOLUNTEER
    assert fresh(partner).area_codes() == ["500101"]
    assert "5001" in response.content.decode()


def test_an_officer_removes_one_of_two_areas(
    client: Client, make_user: MakeUser, cm_officer: User
) -> None:
    volunteer = make_user("two_areas", Role.VOLUNTEER, "500101", "500102")
    response = login(client, cm_officer).post(remove_url(volunteer), {"code": "500102"})
    assert response.status_code == 302
    assert fresh(volunteer).area_codes() == ["500101"]


def test_the_last_area_of_a_volunteer_cannot_be_removed(
    client: Client, cm_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, cm_officer).post(
        remove_url(siphum_volunteer), {"code": "500101"}, follow=True
    )
    assert fresh(siphum_volunteer).area_codes() == ["500101"]
    assert th(services.MSG_AREA_REQUIRED) in response.content.decode()


def test_an_officer_deactivates_a_user(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    login(client, siphum_officer).post(detail(siphum_volunteer), {"role": Role.VOLUNTEER})
    assert not fresh(siphum_volunteer).is_active


def test_an_officer_resends_a_pending_invitation(
    client: Client, siphum_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invite_user(
            by=siphum_officer,
            username="kanya",
            email="kanya@example.go.th",
            first_name="กัญญา",
            last_name="ทองดี",
            role=Role.VOLUNTEER,
            area_codes=["500101"],
        )
    mail.outbox.clear()
    assert login(client, siphum_officer).get(detail(invited)).context["invitation_pending"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invited))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["kanya@example.go.th"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_no_invitation_is_resent_to_someone_who_chose_a_password(
    client: Client, siphum_officer: User, siphum_volunteer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, siphum_officer).post(resend_url(siphum_volunteer), follow=True)
    assert mail.outbox == []
    assert th(services.MSG_ALREADY_JOINED) in response.content.decode()


def test_an_officer_cannot_open_a_user_of_another_area(
    client: Client, siphum_officer: User, bkk_officer: User, make_user: MakeUser
) -> None:
    bkk_volunteer = make_user("bkk_volunteer", Role.VOLUNTEER, "100101")
    assert login(client, siphum_officer).get(detail(bkk_volunteer)).status_code == 403


def test_an_officer_cannot_edit_a_user_of_another_area(
    client: Client, siphum_officer: User, make_user: MakeUser
) -> None:
    bkk_volunteer = make_user("bkk_volunteer", Role.VOLUNTEER, "100101")
    client = login(client, siphum_officer)
    assert client.post(detail(bkk_volunteer), {"role": Role.INNOVATOR}).status_code == 403
    assert client.post(remove_url(bkk_volunteer), {"code": "100101"}).status_code == 403
    assert fresh(bkk_volunteer).role == Role.VOLUNTEER
    assert fresh(bkk_volunteer).is_active
    assert fresh(bkk_volunteer).area_codes() == ["100101"]


def test_an_officer_cannot_resend_the_invitation_of_a_user_they_do_not_manage(
    client: Client, siphum_officer: User, bkk_officer: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, siphum_officer).post(resend_url(bkk_officer))
    assert response.status_code == 403
    assert mail.outbox == []


def test_an_officer_cannot_add_an_area_outside_their_own(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    response = login(client, siphum_officer).post(
        detail(siphum_volunteer),
        {
            "role": Role.VOLUNTEER,
            "is_active": "on",
            "area-province": "10",
            "area-district": "1001",
            "area-subdistrict": "100101",
        },
    )
    assert response.status_code == 403
    assert fresh(siphum_volunteer).area_codes() == ["500101"]


def test_a_subdistrict_officer_cannot_edit_their_provincial_officer(
    client: Client, siphum_officer: User, cm_officer: User
) -> None:
    response = login(client, siphum_officer).post(
        detail(cm_officer), {"role": Role.VOLUNTEER, "is_active": "on"}
    )
    assert response.status_code == 403
    assert fresh(cm_officer).role == Role.PROVINCIAL_OFFICER


def test_nobody_edits_their_own_access(client: Client, cm_officer: User) -> None:
    response = login(client, cm_officer).post(
        detail(cm_officer), {"role": Role.VOLUNTEER, "is_active": "on"}
    )
    assert response.status_code == 403
    assert fresh(cm_officer).role == Role.PROVINCIAL_OFFICER
