from io import StringIO

import pytest
from django.core.management import call_command

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext, generator, generators
from tambon.geo.models import Village

pytestmark = pytest.mark.django_db

FOUNDATION = ["geo.villages", "accounts.users"]


def run_demo(*, seed: int = 1, only: list[str] | None = None) -> str:
    out = StringIO()
    call_command("demo", scale="small", seed=seed, only=only or [], stdout=out)
    return out.getvalue()


def program_subdistricts() -> list[str]:
    return DemoContext.create(scale="small", seed=1).subdistrict_codes


def demo_users() -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").prefetch_related("areas")
    return sorted(
        (u.username, u.first_name, u.last_name, u.role, tuple(u.area_codes())) for u in users
    )


def demo_villages() -> list[tuple[str, int, str]]:
    return list(
        Village.objects.filter(subdistrict_id__in=program_subdistricts())
        .order_by("code")
        .values_list("code", "number", "name_th")
    )


def forget_demo() -> None:
    User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
    Village.objects.filter(subdistrict_id__in=program_subdistricts()).delete()


def test_the_small_scale_is_around_siphum_in_chiang_mai() -> None:
    codes = program_subdistricts()
    assert "500101" in codes
    assert 5 <= len(codes) <= 8
    assert {code[:2] for code in codes} == {"50"}
    assert len({code[:4] for code in codes}) == 2


def test_a_run_creates_a_user_of_every_role() -> None:
    run_demo(only=FOUNDATION)
    roles = set(
        User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).values_list("role", flat=True)
    )
    assert roles == set(Role.values)


def test_every_demo_user_works_inside_the_demo_area() -> None:
    run_demo(only=FOUNDATION)
    codes = program_subdistricts()
    areas = AreaAssignment.objects.filter(user__email__endswith=DEMO_EMAIL_DOMAIN)
    assert areas.exists()
    for area in areas:
        assert any(code.startswith(area.area_code) for code in codes), area.area_code


def test_the_named_demo_accounts_have_the_areas_of_their_role() -> None:
    run_demo(only=FOUNDATION)
    expected = {
        "admin": (Role.NATIONAL_ADMIN, []),
        "province": (Role.PROVINCIAL_OFFICER, ["50"]),
        "officer": (Role.SUBDISTRICT_OFFICER, ["500101"]),
        "volunteer": (Role.VOLUNTEER, ["500101"]),
        "partner": (Role.PARTNER, ["5001"]),
        "facilitator": (Role.FACILITATOR, ["50"]),
        "innovator": (Role.INNOVATOR, ["500101"]),
    }
    for username, (role, areas) in expected.items():
        user = User.objects.get(username=username)
        assert (user.role, user.area_codes()) == (role, areas)


def test_demo_users_sign_in_with_the_demo_password() -> None:
    run_demo(only=FOUNDATION)
    assert User.objects.get(username="officer").check_password("tambon-demo")


def test_demo_users_have_thai_names() -> None:
    run_demo(only=FOUNDATION)
    officer = User.objects.get(username="officer")
    assert officer.first_name and officer.last_name
    assert all("\u0e00" <= ch <= "\u0e7f" for ch in officer.first_name + officer.last_name)


def test_a_run_creates_villages_with_valid_codes() -> None:
    run_demo(only=FOUNDATION)
    codes = program_subdistricts()
    villages = Village.objects.filter(subdistrict_id__in=codes)
    assert 8 * len(codes) <= villages.count() <= 15 * len(codes)
    for village in villages:
        assert len(village.code) == 8 and village.code.isdigit()
        assert village.code == f"{village.subdistrict_id}{village.number:02d}"
        assert village.name_th.startswith("บ้าน")


def test_every_program_subdistrict_has_villages_numbered_from_one() -> None:
    run_demo(only=FOUNDATION)
    for code in program_subdistricts():
        numbers = list(Village.objects.filter(subdistrict_id=code).values_list("number", flat=True))
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert len(numbers) >= 8


def test_a_second_run_with_the_same_seed_creates_nothing_new() -> None:
    run_demo()
    users, villages = demo_users(), demo_villages()
    output = run_demo()
    assert "0 new villages" in output
    assert "0 new users" in output
    assert (demo_users(), demo_villages()) == (users, villages)


def test_two_runs_with_the_same_seed_give_identical_data() -> None:
    run_demo(only=FOUNDATION)
    users, villages = demo_users(), demo_villages()
    forget_demo()
    run_demo(only=FOUNDATION)
    assert demo_users() == users
    assert demo_villages() == villages


def test_a_different_seed_gives_different_names() -> None:
    run_demo(seed=1, only=FOUNDATION)
    first = [(u[1], u[2]) for u in demo_users()]
    forget_demo()
    run_demo(seed=2, only=FOUNDATION)
    second = [(u[1], u[2]) for u in demo_users()]
    assert first != second


def test_a_run_keeps_what_officers_changed() -> None:
    run_demo(only=FOUNDATION)
    Village.objects.filter(code="50010101").update(name_th="บ้านที่ชาวบ้านตั้งชื่อเอง")
    run_demo(only=FOUNDATION)
    assert Village.objects.get(code="50010101").name_th == "บ้านที่ชาวบ้านตั้งชื่อเอง"


def test_an_existing_account_with_a_demo_username_is_left_alone(make_user) -> None:  # type: ignore[no-untyped-def]
    real_admin = make_user("admin", Role.NATIONAL_ADMIN, first_name="อรุณี", last_name="ศรีสุข")
    output = run_demo(only=FOUNDATION)
    real_admin.refresh_from_db()
    assert (real_admin.first_name, real_admin.email) == ("อรุณี", "admin@example.go.th")
    assert not real_admin.check_password("tambon-demo")
    assert "existing account, not changed" in output


def test_the_command_prints_the_demo_accounts_and_how_to_sign_in() -> None:
    output = run_demo(only=FOUNDATION)
    for username in ("admin", "province", "officer", "volunteer", "partner", "innovator"):
        assert username in output
    assert "tambon-demo" in output
    assert "ต.ศรีภูมิ อ.เมืองเชียงใหม่" in output
    assert "http://127.0.0.1:8000/accounts/login/" in output
    assert "authenticator app (TOTP)" in output


def test_every_registered_generator_is_run() -> None:
    names = [g.name for g in generators()]
    assert {"geo.villages", "accounts.users"} <= set(names)
    output = run_demo()
    for name in names:
        assert f"✓ {name}:" in output


def test_the_list_option_shows_every_registered_generator() -> None:
    out = StringIO()
    call_command("demo", list=True, stdout=out)
    for gen in generators():
        assert gen.name in out.getvalue()
    assert not User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).exists()


def test_generators_run_in_their_order() -> None:
    orders = [g.order for g in generators()]
    assert orders == sorted(orders)
    names = [g.name for g in generators()]
    assert names.index("geo.villages") < names.index("accounts.users")


def test_two_different_generators_cannot_share_a_name() -> None:
    def another(ctx: DemoContext) -> str:
        return ""

    with pytest.raises(ValueError, match=r"geo\.villages"):
        generator(name="geo.villages")(another)


def test_an_unknown_generator_is_refused_before_anything_is_written() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"no\.such"):
        run_demo(only=["no.such"])
    assert not User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).exists()


def test_a_subdistrict_gets_the_same_villages_at_every_scale() -> None:
    run_demo(only=["geo.villages"])
    small = list(Village.objects.filter(subdistrict_id="500101").values_list("code", "name_th"))
    forget_demo()
    call_command("demo", scale="medium", seed=1, only=["geo.villages"], stdout=StringIO())
    medium = list(Village.objects.filter(subdistrict_id="500101").values_list("code", "name_th"))
    assert small == medium
