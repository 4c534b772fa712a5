"""The foundation of the demo: villages of the program sub-districts and one user per role.

Other apps add their own generators in their `demo_data.py` (see tambon.demo.registry).
"""

from dataclasses import dataclass

from tambon.accounts.models import AreaAssignment, User
from tambon.accounts.roles import Role
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext, generator
from tambon.geo.models import District, Province, Subdistrict, Village

VILLAGES_MIN, VILLAGES_MAX = 8, 15


@generator(name="geo.villages", order=10)
def villages(ctx: DemoContext) -> str:
    """Villages หมู่ที่ 1..N (N from 8 to 15) of every program sub-district."""
    codes = ctx.subdistrict_codes
    rows: list[Village] = []
    for done, code in enumerate(codes, start=1):
        ctx.reseed_item(code)
        count = ctx.random.randint(VILLAGES_MIN, VILLAGES_MAX)
        names = ctx.area_provider.village_names(count)
        rows.extend(
            Village(code=f"{code}{n:02d}", subdistrict_id=code, number=n, name_th=name)
            for n, name in enumerate(names, start=1)
        )
        ctx.progress(done, len(codes))
    before = Village.objects.filter(subdistrict_id__in=codes).count()
    # Villages already on record (imported by an officer, or a previous run) are left as they are.
    Village.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    total = Village.objects.filter(subdistrict_id__in=codes).count()
    return f"{total - before} new villages ({total} in {len(codes)} program sub-districts)"


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    area_codes: tuple[str, ...]
    organisation: str


def named_accounts(ctx: DemoContext) -> list[AccountSpec]:
    """The seven accounts to try Tambon with, one per role, all around ศรีภูมิ, Chiang Mai."""
    sub = ctx.home_subdistrict
    district, province = sub[:4], sub[:2]
    names = _names([sub, district, province])
    return [
        AccountSpec("admin", Role.NATIONAL_ADMIN, (), "กรมพัฒนาสังคมและสวัสดิการ"),
        AccountSpec(
            "province",
            Role.PROVINCIAL_OFFICER,
            (province,),
            f"สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{names[province]}",
        ),
        AccountSpec("officer", Role.SUBDISTRICT_OFFICER, (sub,), f"ศูนย์ช่วยเหลือสังคมตำบล{names[sub]}"),
        AccountSpec("volunteer", Role.VOLUNTEER, (sub,), f"อพม. ตำบล{names[sub]}"),
        AccountSpec(
            "partner", Role.PARTNER, (district,), f"กองทุนสวัสดิการชุมชนอำเภอ{names[district]}"
        ),
        AccountSpec(
            "facilitator",
            Role.FACILITATOR,
            (province,),
            f"วิทยากรกระบวนการ Shift and Share จังหวัด{names[province]}",
        ),
        AccountSpec("innovator", Role.INNOVATOR, (sub,), f"นวัตกรน้อย ตำบล{names[sub]}"),
    ]


def more_accounts(ctx: DemoContext) -> list[AccountSpec]:
    """Officers and volunteers of every program sub-district, and an officer per province."""
    home = ctx.home_subdistrict
    names = _names([*ctx.subdistrict_codes, *ctx.province_codes])
    specs = [
        AccountSpec(
            f"province-{code}",
            Role.PROVINCIAL_OFFICER,
            (code,),
            f"สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{names[code]}",
        )
        for code in ctx.province_codes
        if code != home[:2]
    ]
    for code in ctx.subdistrict_codes:
        extra_officers = ctx.scale.officers_per_subdistrict - (code == home)
        specs += [
            AccountSpec(
                f"officer-{code}-{n}",
                Role.SUBDISTRICT_OFFICER,
                (code,),
                f"ศูนย์ช่วยเหลือสังคมตำบล{names[code]}",
            )
            for n in range(1, extra_officers + 1)
        ]
        specs += [
            AccountSpec(f"volunteer-{code}-{n}", Role.VOLUNTEER, (code,), f"อพม. ตำบล{names[code]}")
            for n in range(1, ctx.scale.volunteers_per_subdistrict + 1)
        ]
    return specs


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


@generator(name="accounts.users", order=20)
def users(ctx: DemoContext) -> str:
    """Demo users of every role with their areas; all share the demo password."""
    specs = named_accounts(ctx) + more_accounts(ctx)
    existing = set(
        User.objects.filter(username__in=[s.username for s in specs]).values_list(
            "username", flat=True
        )
    )
    new: list[User] = []
    for done, spec in enumerate(specs, start=1):
        ctx.reseed_item(spec.username)
        female = ctx.random.random() < 0.55
        first = ctx.fake.first_name_female() if female else ctx.fake.first_name_male()
        last = ctx.fake.last_name()
        phone = ctx.area_provider.thai_mobile_number()
        if spec.username not in existing:
            new.append(
                User(
                    username=spec.username,
                    email=demo_email(spec.username),
                    first_name=first,
                    last_name=last,
                    role=spec.role,
                    organisation=spec.organisation,
                    phone=phone,
                    password=ctx.password_hash,
                )
            )
        ctx.progress(done, len(specs))
    User.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    # Only accounts the demo made get areas: an existing "admin" of a real site stays untouched.
    ids = dict(
        User.objects.filter(
            username__in=[s.username for s in specs], email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
        ).values_list("username", "id")
    )
    wanted = [
        AreaAssignment(user_id=ids[s.username], area_code=code)
        for s in specs
        if s.username in ids
        for code in s.area_codes
    ]
    areas_before = AreaAssignment.objects.filter(user_id__in=ids.values()).count()
    AreaAssignment.objects.bulk_create(wanted, batch_size=1000, ignore_conflicts=True)
    areas_added = AreaAssignment.objects.filter(user_id__in=ids.values()).count() - areas_before
    return f"{len(new)} new users ({len(specs)} demo accounts), {areas_added} new area assignments"


def _names(codes: list[str]) -> dict[str, str]:
    """Thai names of area codes of any level, in one query per level."""
    by_level: dict[int, list[str]] = {}
    for code in codes:
        by_level.setdefault(len(code), []).append(code)
    names: dict[str, str] = {}
    for length, model in ((2, Province), (4, District), (6, Subdistrict)):
        if by_level.get(length):
            names.update(
                model.objects.filter(code__in=by_level[length]).values_list("code", "name_th")
            )
    return names


def area_label(code: str) -> str:
    """ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ (แขวง/เขต in Bangkok) for a 2-, 4- or 6-digit code."""
    names = _names([code[:2], code[:4], code[:6]][: {2: 1, 4: 2, 6: 3}.get(len(code), 0)])
    bangkok = code.startswith("10")
    parts = []
    if len(code) >= 6:
        parts.append(("แขวง" if bangkok else "ต.") + names.get(code[:6], code[:6]))
    if len(code) >= 4:
        parts.append(("เขต" if bangkok else "อ.") + names.get(code[:4], code[:4]))
    if len(code) >= 2:
        province = names.get(code[:2], code[:2])
        parts.append(province if bangkok else "จ." + province)
    return " ".join(parts)
