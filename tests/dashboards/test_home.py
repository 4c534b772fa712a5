"""The home page: a landing page for visitors, the user's role, areas and tools once signed in."""

import pytest
from django.test import Client
from django.utils import translation

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.core import navigation
from tambon.core.navigation import NavItem
from tambon.dashboards import selectors
from tests.conftest import MakeUser, login

pytestmark = pytest.mark.django_db


def home(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def thai(label: object) -> str:
    with translation.override("th"):
        return str(label)


def test_visitors_see_the_program_and_a_sign_in_button(client: Client) -> None:
    html = home(client)
    assert "ตำบลสร้างเสริมสวัสดิการสังคม" in html
    assert "4S" in html
    assert "Shift and Share" in html
    assert 'id="landing-login"' in html
    assert 'href="/accounts/login/"' in html


def test_a_sub_district_officer_sees_their_role_and_sub_district(
    client: Client, siphum_officer: User
) -> None:
    html = home(login(client, siphum_officer))
    assert thai(Role.SUBDISTRICT_OFFICER.label) in html
    assert "ตำบลศรีภูมิ" in html
    assert "อำเภอเมืองเชียงใหม่" in html
    assert "จังหวัดเชียงใหม่" in html


def test_a_volunteer_sees_their_role_and_sub_district(
    client: Client, siphum_volunteer: User
) -> None:
    html = home(login(client, siphum_volunteer))
    assert thai(Role.VOLUNTEER.label) in html
    assert "ตำบลศรีภูมิ" in html


def test_a_provincial_officer_sees_their_province(client: Client, cm_officer: User) -> None:
    html = home(login(client, cm_officer))
    assert thai(Role.PROVINCIAL_OFFICER.label) in html
    assert "จังหวัดเชียงใหม่" in html


def test_a_national_administrator_covers_all_of_thailand(client: Client, admin: User) -> None:
    html = home(login(client, admin))
    assert "อรุณี ศรีสุข" in html
    assert thai(Role.NATIONAL_ADMIN.label) in html
    assert 'id="area-everywhere"' in html
    assert "ทั่วประเทศไทย" in html


def test_bangkok_areas_are_named_khwaeng_and_khet(client: Client, bkk_officer: User) -> None:
    html = home(login(client, bkk_officer))
    assert "แขวงพระบรมมหาราชวัง" in html
    assert "เขตพระนคร" in html
    assert "กรุงเทพมหานคร" in html
    assert "จังหวัดกรุงเทพมหานคร" not in html
    assert "เขตเขต" not in html


def test_areas_are_named_in_english_after_switching_language(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = home(client)
    assert "Sub-district officer" in html
    assert "Si Phum sub-district" in html
    assert "Mueang Chiang Mai district, Chiang Mai province" in html


def test_a_user_without_a_role_is_told_to_contact_their_officer(
    client: Client, make_user: MakeUser
) -> None:
    user = make_user("newcomer", "")
    html = home(login(client, user))
    assert 'id="no-role"' in html
    assert 'id="tools"' not in html


def test_a_user_without_areas_is_told_to_contact_their_officer(
    client: Client, make_user: MakeUser
) -> None:
    user = make_user("lost_volunteer", Role.VOLUNTEER)
    html = home(login(client, user))
    assert 'id="no-areas"' in html
    assert 'id="tools"' not in html


def test_signed_in_users_get_a_card_for_each_page_open_to_them(
    client: Client, siphum_officer: User, siphum_volunteer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(navigation, "_items", list(navigation._items))
    navigation.register(
        NavItem(
            label="ทะเบียนครัวเรือน",
            url_name="about",
            icon="bi-house-door",
            visible=lambda user: user.role == Role.SUBDISTRICT_OFFICER,
        )
    )
    officer_html = home(login(client, siphum_officer))
    volunteer_html = home(login(Client(), siphum_volunteer))
    assert "ทะเบียนครัวเรือน" in officer_html
    assert "bi-house-door" in officer_html
    assert "ทะเบียนครัวเรือน" not in volunteer_html


def test_areas_of_names_every_area_with_one_query_per_level(
    make_user: MakeUser, django_assert_max_num_queries
) -> None:
    user = make_user("cm_facilitator", Role.FACILITATOR, "50", "1001", "500101", "500102")
    user = User.objects.get(pk=user.pk)
    with django_assert_max_num_queries(4), translation.override("th"):
        coverage = selectors.areas_of(user)
    titles = [area.title for area in coverage.areas]
    assert titles == ["เขตพระนคร", "จังหวัดเชียงใหม่", "ตำบลศรีภูมิ", "ตำบลพระสิงห์"]
    assert coverage.areas[2].within == "อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่"


def test_areas_of_keeps_a_code_the_geography_does_not_know(make_user: MakeUser) -> None:
    user = make_user("odd_partner", Role.PARTNER)
    AreaAssignment.objects.create(user=user, area_code="999999")
    coverage = selectors.areas_of(User.objects.get(pk=user.pk))
    assert [area.title for area in coverage.areas] == ["999999"]


def test_areas_of_an_anonymous_user_is_empty() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert selectors.areas_of(AnonymousUser()).is_empty
