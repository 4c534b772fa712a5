"""The access policy, table-driven over roles × areas.

Villages in three sub-districts: ศรีภูมิ 500101 and พระสิงห์ 500102 (เมืองเชียงใหม่, Chiang Mai)
and พระบรมมหาราชวัง 100101 (Bangkok). Each named user must see exactly the villages inside their
area, through the queryset scope and the object predicate alike, and the people pages must let
them open, invite and edit exactly whom the policy says — and nothing must change otherwise.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts import policy, selectors, services
from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core.errors import PermissionDenied
from tambon.geo.models import Village
from tests.conftest import MakeUser, login

pytestmark = pytest.mark.django_db

SIPHUM, PHRA_SING, PALACE = "50010101", "50010201", "10010101"
CHIANG_MAI = {SIPHUM, PHRA_SING}
ALL = {SIPHUM, PHRA_SING, PALACE}


@pytest.fixture(autouse=True)
def villages(db) -> None:  # type: ignore[no-untyped-def]
    for code in ALL:
        Village.objects.create(code=code, subdistrict_id=code[:6], number=1, name_th="บ้านทดสอบ")


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("muang_partner", Role.PARTNER, "5001")


@pytest.fixture
def facilitator(make_user: MakeUser) -> User:
    return make_user("cm_facilitator", Role.FACILITATOR, "50")


@pytest.fixture
def innovator(make_user: MakeUser) -> User:
    return make_user("phrasing_innovator", Role.INNOVATOR, "500102")


@pytest.fixture
def inactive_officer(make_user: MakeUser) -> User:
    return make_user("retired_officer", Role.PROVINCIAL_OFFICER, "50", is_active=False)


@pytest.fixture
def roleless(make_user: MakeUser) -> User:
    return make_user("no_role_yet", "", "500101")


@pytest.fixture
def bkk_volunteer(make_user: MakeUser) -> User:
    return make_user("bkk_volunteer", Role.VOLUNTEER, "100101")


@pytest.fixture
def other_cm_officer(make_user: MakeUser) -> User:
    return make_user("other_cm_officer", Role.PROVINCIAL_OFFICER, "50")


@pytest.fixture
def siphum_partner(make_user: MakeUser) -> User:
    return make_user("siphum_partner", Role.PARTNER, "500101")


VISIBLE_VILLAGES = [
    ("admin", ALL),
    ("cm_officer", CHIANG_MAI),
    ("siphum_officer", {SIPHUM}),
    ("siphum_volunteer", {SIPHUM}),
    ("bkk_officer", {PALACE}),
    ("partner", CHIANG_MAI),
    ("facilitator", CHIANG_MAI),
    ("innovator", {PHRA_SING}),
    ("inactive_officer", set()),
    ("roleless", set()),
]


@pytest.mark.parametrize(("who", "expected"), VISIBLE_VILLAGES)
def test_the_scope_holds_exactly_the_villages_inside_the_users_area(
    request: pytest.FixtureRequest, who: str, expected: set[str]
) -> None:
    user = request.getfixturevalue(who)
    scoped = policy.scope_to_user(Village.objects.all(), user, area_field="subdistrict")
    assert set(scoped.values_list("code", flat=True)) == expected


@pytest.mark.parametrize(("who", "expected"), VISIBLE_VILLAGES)
def test_covers_and_the_object_rule_agree_with_the_scope(
    request: pytest.FixtureRequest, who: str, expected: set[str]
) -> None:
    user = request.getfixturevalue(who)
    for village in Village.objects.all():
        inside = village.code in expected
        assert policy.covers(user, village.code) is inside, village.code
        assert user.has_perm("geo.view_area", village) is inside, village.code


@pytest.mark.parametrize("who", ["inactive_officer", "roleless"])
def test_an_inactive_or_roleless_user_manages_and_invites_nobody(
    request: pytest.FixtureRequest, who: str, siphum_volunteer: User
) -> None:
    user = request.getfixturevalue(who)
    assert not selectors.managed_users(user=user).exists()
    assert policy.invitable_roles(user) == []
    assert not user.has_perm("accounts.invite_user")
    assert not user.has_perm("accounts.manage_user", siphum_volunteer)
    with pytest.raises(PermissionDenied):
        services.invite_user(
            by=user,
            username="kanya",
            email="kanya@example.go.th",
            first_name="กัญญา",
            last_name="ทองดี",
            role=Role.VOLUNTEER,
            area_codes=["500101"],
        )
    assert not User.objects.filter(username="kanya").exists()


# --- the people pages ---------------------------------------------------------------------


def as_user(client: Client, request: pytest.FixtureRequest, who: str) -> Client:
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if user.is_active:
        return login(client, user)
    client.force_login(user)  # the session is refused: an inactive user is signed out
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("cm_officer", 200),
        ("siphum_officer", 200),
        ("bkk_officer", 200),
        ("siphum_volunteer", 403),
        ("partner", 403),
        ("facilitator", 403),
        ("innovator", 403),
        ("roleless", 403),
        ("inactive_officer", 302),
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_people_list(
    client: Client, request: pytest.FixtureRequest, who: str, status: int
) -> None:
    response = as_user(client, request, who).get(reverse("accounts:list"))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "role", "area", "status"),
    [
        ("admin", Role.PROVINCIAL_OFFICER, "50", 302),
        ("cm_officer", Role.SUBDISTRICT_OFFICER, "500101", 302),
        ("cm_officer", Role.FACILITATOR, "50", 302),
        ("cm_officer", Role.PROVINCIAL_OFFICER, "50", 200),  # not a role they may give
        ("cm_officer", Role.VOLUNTEER, "100101", 403),  # outside Chiang Mai
        ("siphum_officer", Role.VOLUNTEER, "500101", 302),
        ("siphum_officer", Role.PARTNER, "500101", 302),
        ("siphum_officer", Role.PROVINCIAL_OFFICER, "50", 200),
        ("siphum_officer", Role.SUBDISTRICT_OFFICER, "500101", 200),
        ("siphum_officer", Role.VOLUNTEER, "500102", 403),  # the next sub-district
        ("siphum_officer", Role.VOLUNTEER, "100101", 403),  # Bangkok
        ("bkk_officer", Role.INNOVATOR, "100101", 302),
        ("bkk_officer", Role.VOLUNTEER, "500101", 403),
        ("siphum_volunteer", Role.VOLUNTEER, "500101", 403),
        ("partner", Role.VOLUNTEER, "500101", 403),
        ("facilitator", Role.INNOVATOR, "500101", 403),
        ("roleless", Role.VOLUNTEER, "500101", 403),
        ("inactive_officer", Role.VOLUNTEER, "500101", 302),
        ("anonymous", Role.VOLUNTEER, "500101", 302),
    ],
)
def test_who_may_invite_whom_where(
    client: Client, request: pytest.FixtureRequest, who: str, role: str, area: str, status: int
) -> None:
    levels = {"area-province": area[:2]}
    if len(area) >= 4:
        levels["area-district"] = area[:4]
    if len(area) >= 6:
        levels["area-subdistrict"] = area[:6]
    response = as_user(client, request, who).post(
        reverse("accounts:invite"),
        {
            "username": "kanya",
            "email": "kanya@example.go.th",
            "first_name": "กัญญา",
            "last_name": "ทองดี",
            "role": role,
            **levels,
        },
    )
    assert response.status_code == status
    created = User.objects.filter(username="kanya").first()
    if status == 302 and who not in ("anonymous", "inactive_officer"):
        assert created is not None
        assert (created.role, created.area_codes()) == (role, [area])
    else:
        assert created is None


@pytest.mark.parametrize(
    ("who", "target", "allowed"),
    [
        ("admin", "siphum_volunteer", True),
        ("admin", "cm_officer", True),
        ("cm_officer", "siphum_volunteer", True),
        ("cm_officer", "siphum_officer", True),
        ("cm_officer", "bkk_volunteer", False),
        ("cm_officer", "other_cm_officer", False),
        ("cm_officer", "admin", False),
        ("siphum_officer", "siphum_volunteer", True),
        ("siphum_officer", "siphum_partner", True),
        ("siphum_officer", "partner", False),  # a district-wide partner is wider than them
        ("siphum_officer", "innovator", False),  # the next sub-district
        ("siphum_officer", "bkk_volunteer", False),
        ("siphum_officer", "cm_officer", False),
        ("bkk_officer", "bkk_volunteer", True),
        ("bkk_officer", "siphum_volunteer", False),
        ("siphum_volunteer", "innovator", False),
        ("partner", "siphum_volunteer", False),
        ("cm_officer", "cm_officer", False),
    ],
)
def test_who_may_edit_whom(
    client: Client, request: pytest.FixtureRequest, who: str, target: str, allowed: bool
) -> None:
    other = request.getfixturevalue(target)
    client = as_user(client, request, who)
    url = reverse("accounts:detail", args=[other.pk])
    assert client.get(url).status_code == (200 if allowed else 403)
    # Deactivate: keep the role, leave "active" unticked.
    response = client.post(url, {"role": other.role})
    assert response.status_code == (302 if allowed else 403)
    assert User.objects.get(pk=other.pk).is_active is not allowed
    listed = {u.pk for u in selectors.managed_users(user=request.getfixturevalue(who))}
    assert (other.pk in listed) is allowed


@pytest.mark.parametrize(
    ("prefix", "inside"),
    [
        ("50", {"50", "5001", "500101", "5099"}),
        ("5001", {"5001", "500101"}),
        ("5099", {"5099"}),
        ("99", {"99", "9901"}),
    ],
)
def test_code_within_is_exactly_the_codes_that_start_with_the_prefix(
    make_user: MakeUser, prefix: str, inside: set[str]
) -> None:
    # Stored as assignments: the area-code column every area lookup compares.
    from tambon.accounts.models import AreaAssignment

    holder = make_user("holder", Role.NATIONAL_ADMIN)
    codes = ["49", "4999", "5", "50", "5001", "500101", "5099", "51", "5100", "99"]
    codes += ["9901", "98"]
    AreaAssignment.objects.bulk_create(AreaAssignment(user=holder, area_code=c) for c in codes)
    found = AreaAssignment.objects.filter(policy.code_within("area_code", prefix), user=holder)
    assert set(found.values_list("area_code", flat=True)) == inside
    assert inside == {c for c in codes if c.startswith(prefix)}
