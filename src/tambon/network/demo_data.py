"""Demo data of the network: in every program sub-district 4–8 partners of mixed sectors, each
with 1–4 welfare services and 1–2 contacts; and the demo partner account made a member of its
community welfare fund.

A sub-district that already has a partner (an earlier run, or an officer's) is left alone, so
a second run creates nothing new. Every sub-district gets its own random stream
(ctx.reseed_item), so its partners are the same at every scale.
"""

import random
from collections import Counter
from dataclasses import dataclass, field

from tambon.accounts.models import User
from tambon.demo.demo_data import named_accounts
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext, generator
from tambon.geo.models import Subdistrict, Village
from tambon.network.models import (
    Partner,
    PartnerArea,
    PartnerContact,
    Sector,
    ServiceArea,
    ServiceType,
    WelfareService,
)
from tambon.registry.models import ProblemType, TargetGroup

PARTNERS_MIN, PARTNERS_MAX = 4, 8
FOUNDATION_NAMES = ("มูลนิธิพัฒนาเด็กและครอบครัว", "มูลนิธิเพื่อผู้สูงอายุ", "มูลนิธิสร้างสุขชุมชน")
SHOP_STEMS = ("ร้านวัสดุก่อสร้างรุ่งเรือง", "ร้านค้าชุมชนสามัคคี", "ร้านขายยาเภสัชกรชุมชน")
TEMPLE_STEMS = ("ศรีสุพรรณ", "พระธาตุ", "ป่าแดง", "ดอนชัย", "สันติธรรม", "โพธิ์งาม", "หนองบัว")
POSITIONS = {
    Sector.LOCAL_GOVERNMENT: ("นักพัฒนาชุมชน", "ปลัด อบต.", "นักสังคมสงเคราะห์"),
    Sector.SCHOOL: ("ผู้อำนวยการโรงเรียน", "ครูแนะแนว"),
    Sector.RELIGIOUS: ("เจ้าอาวาส", "ไวยาวัจกร"),
    Sector.GOVERNMENT: ("ผู้อำนวยการ รพ.สต.", "พยาบาลวิชาชีพ"),
    Sector.NGO: ("ผู้จัดการมูลนิธิ", "เจ้าหน้าที่ภาคสนาม"),
    Sector.BUSINESS: ("เจ้าของร้าน", "ผู้จัดการร้าน"),
    Sector.COMMUNITY: ("ประธานชมรม", "เลขานุการชมรม"),
    Sector.WELFARE_FUND: ("ประธานกองทุน", "เหรัญญิกกองทุน"),
}


@dataclass(frozen=True)
class ServiceIdea:
    name: str
    type_code: str
    problems: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    ages: tuple[int | None, int | None] = (None, None)
    capacity: tuple[int, int] | None = (5, 30)
    how: str = "ติดต่อที่ทำการ หรือให้เจ้าหน้าที่ พม. / อพม. ส่งต่อผ่านระบบ"


@dataclass
class PartnerIdea:
    sector: str
    name: str
    services: list[ServiceIdea] = field(default_factory=list)
    coverage: str = "subdistrict"  # subdistrict, district or province


LOCAL_GOV_SERVICES = [
    ServiceIdea(
        "เบี้ยยังชีพผู้สูงอายุ",
        "cash_allowance",
        ("elderly", "poverty"),
        ("elderly",),
        (60, None),
        None,
        "ยื่นคำขอลงทะเบียนที่กองสวัสดิการสังคม อบต. พร้อมสำเนาบัตรประชาชนและสมุดบัญชี",
    ),
    ServiceIdea(
        "เบี้ยความพิการ",
        "cash_allowance",
        ("disability",),
        ("disability",),
        (None, None),
        None,
        "ยื่นคำขอที่ อบต. พร้อมบัตรประจำตัวคนพิการ",
    ),
    ServiceIdea(
        "ซ่อมแซมบ้านผู้ยากไร้",
        "housing_repair",
        ("housing", "poverty"),
        ("low_income", "elderly"),
        (None, None),
        (1, 4),
    ),
    ServiceIdea("ถุงยังชีพผู้ประสบภัย", "disaster_relief", ("disaster",), (), (None, None), (20, 100)),
]
SCHOOL_SERVICES = [
    ServiceIdea(
        "ทุนการศึกษาเด็กยากจน",
        "education",
        ("education", "poverty", "children_youth"),
        ("child",),
        (6, 15),
        (3, 10),
    ),
    ServiceIdea(
        "อาหารกลางวันและนมสำหรับนักเรียน",
        "goods_food",
        ("children_youth", "poverty"),
        ("child",),
        (3, 15),
        (30, 120),
    ),
    ServiceIdea(
        "ครูแนะแนวให้คำปรึกษาเด็กและครอบครัว",
        "counselling",
        ("children_youth", "teenage_pregnancy"),
        ("child", "youth"),
        (6, 18),
        (5, 20),
    ),
]
TEMPLE_SERVICES = [
    ServiceIdea(
        "โรงทานและแจกข้าวสาร",
        "goods_food",
        ("poverty", "homeless"),
        ("low_income", "homeless"),
        (None, None),
        (20, 80),
        "มารับได้ที่ศาลาวัดทุกวันพระ",
    ),
    ServiceIdea(
        "ที่พักพิงชั่วคราวในวัด",
        "shelter",
        ("homeless", "domestic_violence"),
        ("homeless",),
        (None, None),
        (1, 5),
    ),
    ServiceIdea("ศูนย์ดูแลผู้สูงอายุในวัด", "home_care", ("elderly",), ("elderly",), (60, None), (10, 30)),
]
HEALTH_SERVICES = [
    ServiceIdea(
        "เยี่ยมบ้านดูแลผู้ป่วยติดเตียง",
        "home_care",
        ("bedridden_care", "elderly"),
        ("bedridden",),
        (None, None),
        (5, 20),
        "แจ้ง อสม. ประจำหมู่บ้าน หรือโทรนัดที่ รพ.สต.",
    ),
    ServiceIdea(
        "ยืมกายอุปกรณ์และเตียงผู้ป่วย",
        "rehabilitation",
        ("disability", "bedridden_care"),
        ("disability", "bedridden"),
        (None, None),
        (2, 8),
    ),
    ServiceIdea(
        "คัดกรองสุขภาพและส่งต่อการรักษา",
        "health_care",
        ("health", "elderly"),
        (),
        (None, None),
        (30, 120),
    ),
]
FOUNDATION_SERVICES = [
    ServiceIdea(
        "ให้คำปรึกษาครอบครัวและความรุนแรงในครอบครัว",
        "counselling",
        ("domestic_violence",),
        ("woman", "family_crisis"),
        (None, None),
        (5, 15),
        "โทรสายด่วน 1300 หรือติดต่อมูลนิธิโดยตรง",
    ),
    ServiceIdea(
        "คุ้มครองเด็กและเยาวชนเสี่ยง",
        "child_protection",
        ("children_youth", "human_trafficking"),
        ("child", "youth"),
        (0, 18),
        (2, 10),
    ),
    ServiceIdea(
        "ช่วยเหลือทางกฎหมายเบื้องต้น",
        "legal_aid",
        ("domestic_violence", "debt", "human_trafficking"),
        (),
        (None, None),
        (3, 10),
    ),
    ServiceIdea(
        "ทุนการศึกษาต่อเนื่อง", "education", ("education",), ("child", "youth"), (12, 22), (2, 8)
    ),
]
SHOP_SERVICES = [
    ServiceIdea(
        "วัสดุซ่อมบ้านราคาทุน", "housing_repair", ("housing",), ("low_income",), (None, None), (2, 6)
    ),
    ServiceIdea(
        "รับผู้พิการและผู้สูงอายุเข้าทำงาน",
        "job_training",
        ("unemployment", "disability"),
        ("disability", "elderly"),
        (18, None),
        (1, 3),
    ),
    ServiceIdea(
        "บริจาคสิ่งของจำเป็นรายเดือน", "goods_food", ("poverty",), ("low_income",), (None, None), (5, 20)
    ),
]
COMMUNITY_SERVICES = [
    ServiceIdea(
        "อาสาเยี่ยมบ้านผู้สูงอายุที่อยู่ลำพัง", "home_care", ("elderly",), ("elderly",), (60, None), (10, 40)
    ),
    ServiceIdea(
        "ฝึกอาชีพจักสานและแปรรูปอาหาร",
        "job_training",
        ("unemployment", "poverty"),
        ("woman", "low_income"),
        (18, None),
        (10, 25),
    ),
    ServiceIdea("กลุ่มออมทรัพย์และแนะนำการแก้หนี้", "debt_advice", ("debt",), (), (18, None), (5, 20)),
]
FUND_SERVICES = [
    ServiceIdea(
        "สวัสดิการเกิด แก่ เจ็บ ตาย ของสมาชิกกองทุน",
        "cash_allowance",
        ("poverty", "health"),
        (),
        (None, None),
        (10, 40),
        "สมัครเป็นสมาชิกกองทุนวันละบาท แล้วยื่นคำขอที่คณะกรรมการกองทุน",
    ),
    ServiceIdea(
        "เงินช่วยเหลือฉุกเฉินครอบครัวเดือดร้อน",
        "cash_allowance",
        ("poverty", "family_crisis", "disaster"),
        ("family_crisis", "low_income"),
        (None, None),
        (2, 10),
    ),
    ServiceIdea(
        "กู้ยืมดอกเบี้ยต่ำเพื่อแก้หนี้นอกระบบ", "debt_advice", ("debt",), ("low_income",), (20, None), (2, 6)
    ),
]


def _ideas(ctx: DemoContext, sub: Subdistrict, villages: list[str]) -> list[PartnerIdea]:
    """The candidate partners of a sub-district; the first four always exist."""
    rng = ctx.random
    village = rng.choice(villages) if villages else f"บ้าน{sub.name_th}"
    bangkok = sub.code.startswith("10")
    local = f"สำนักงานเขต{sub.district.name_th}" if bangkok else f"องค์การบริหารส่วนตำบล{sub.name_th}"
    mandatory = [
        PartnerIdea(Sector.LOCAL_GOVERNMENT, local, LOCAL_GOV_SERVICES),
        PartnerIdea(Sector.SCHOOL, f"โรงเรียน{village}", SCHOOL_SERVICES),
        PartnerIdea(Sector.RELIGIOUS, f"วัด{rng.choice(TEMPLE_STEMS)}", TEMPLE_SERVICES),
        PartnerIdea(Sector.WELFARE_FUND, f"กองทุนสวัสดิการชุมชนตำบล{sub.name_th}", FUND_SERVICES),
    ]
    optional = [
        PartnerIdea(Sector.GOVERNMENT, f"โรงพยาบาลส่งเสริมสุขภาพตำบล{sub.name_th}", HEALTH_SERVICES),
        PartnerIdea(Sector.NGO, rng.choice(FOUNDATION_NAMES), FOUNDATION_SERVICES, "province"),
        PartnerIdea(Sector.BUSINESS, rng.choice(SHOP_STEMS), SHOP_SERVICES),
        PartnerIdea(Sector.COMMUNITY, f"ชมรมผู้สูงอายุตำบล{sub.name_th}", COMMUNITY_SERVICES),
    ]
    count = rng.randint(PARTNERS_MIN, PARTNERS_MAX)
    return mandatory + rng.sample(optional, k=count - len(mandatory))


def _landline(rng: random.Random) -> str:
    """A Thai landline such as 053 123 456."""
    return (
        f"0{rng.randint(2, 7)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    )


def _coverage(idea: PartnerIdea, code: str) -> str:
    return {"district": code[:4], "province": code[:2]}.get(idea.coverage, code)


@dataclass
class _Planned:
    partners: list[Partner] = field(default_factory=list)
    areas: list[tuple[Partner, str]] = field(default_factory=list)
    contacts: list[PartnerContact] = field(default_factory=list)
    services: list[tuple[WelfareService, ServiceIdea]] = field(default_factory=list)
    service_areas: list[tuple[WelfareService, str]] = field(default_factory=list)


def _plan_subdistrict(ctx: DemoContext, sub: Subdistrict, plan: _Planned, types: dict) -> None:
    villages = list(
        Village.objects.filter(subdistrict_id=sub.code)
        .order_by("code")
        .values_list("name_th", flat=True)
    )
    rng, fake = ctx.random, ctx.fake
    for idea in _ideas(ctx, sub, [v for v in villages if v]):
        address = fake.thai_address(sub.code) if sub.code in ctx.subdistrict_codes else None
        partner = Partner(
            name=idea.name,
            sector=idea.sector,
            subdistrict_id=sub.code,
            address=f"{address.house_number} หมู่ที่ {address.village_number}" if address else "",
            phone=_landline(rng),
        )
        plan.partners.append(partner)
        plan.areas.append((partner, _coverage(idea, sub.code)))
        for _ in range(rng.randint(1, 2)):
            female = rng.random() < 0.55
            first = fake.first_name_female() if female else fake.first_name_male()
            plan.contacts.append(
                PartnerContact(
                    partner=partner,
                    name=f"{'นาง' if female else 'นาย'}{first} {fake.last_name()}",
                    position=rng.choice(POSITIONS[Sector(idea.sector)]),
                    phone=ctx.area_provider.thai_mobile_number(),
                )
            )
        for service_idea in rng.sample(idea.services, k=rng.randint(1, min(4, len(idea.services)))):
            if service_idea.type_code not in types:
                continue
            capacity = rng.randint(*service_idea.capacity) if service_idea.capacity else None
            service = WelfareService(
                partner=partner,
                name=service_idea.name,
                service_type=types[service_idea.type_code],
                description=f"{service_idea.name} โดย{idea.name}",
                min_age=service_idea.ages[0],
                max_age=service_idea.ages[1],
                capacity_per_month=capacity,
                how_to_request=service_idea.how,
            )
            plan.services.append((service, service_idea))
            # Some services of a wide partner serve only its own sub-district.
            if idea.coverage != "subdistrict" and rng.random() < 0.3:
                plan.service_areas.append((service, sub.code))


def _write(plan: _Planned) -> None:
    Partner.objects.bulk_create(plan.partners, batch_size=500)
    PartnerArea.objects.bulk_create(
        [PartnerArea(partner_id=p.pk, code=code) for p, code in plan.areas], batch_size=1000
    )
    for contact in plan.contacts:
        contact.partner_id = contact.partner.pk
    PartnerContact.objects.bulk_create(plan.contacts, batch_size=1000)
    services = [s for s, _ in plan.services]
    for service in services:
        service.partner_id = service.partner.pk
    WelfareService.objects.bulk_create(services, batch_size=500)
    ServiceArea.objects.bulk_create(
        [ServiceArea(service_id=s.pk, code=code) for s, code in plan.service_areas],
        batch_size=1000,
    )
    problems = dict(ProblemType.objects.values_list("code", "pk"))
    groups = dict(TargetGroup.objects.values_list("code", "pk"))
    problem_through = WelfareService.problem_types.through
    group_through = WelfareService.target_groups.through
    problem_through.objects.bulk_create(
        [
            problem_through(welfareservice_id=s.pk, problemtype_id=problems[code])
            for s, idea in plan.services
            for code in idea.problems
            if code in problems
        ],
        batch_size=1000,
    )
    group_through.objects.bulk_create(
        [
            group_through(welfareservice_id=s.pk, targetgroup_id=groups[code])
            for s, idea in plan.services
            for code in idea.groups
            if code in groups
        ],
        batch_size=1000,
    )


def _partner_account(ctx: DemoContext) -> str:
    """Make the demo partner account a member of the fund named after its organisation."""
    spec = next(s for s in named_accounts(ctx) if s.username == "partner")
    user = User.objects.filter(
        username=spec.username, email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
    ).first()
    if user is None:
        return "no demo partner account"
    home = ctx.home_subdistrict
    partner = Partner.objects.filter(name=spec.organisation, subdistrict_id=home).first()
    if partner is None:
        partner = Partner.objects.create(
            name=spec.organisation,
            sector=Sector.WELFARE_FUND,
            subdistrict_id=home,
            phone="053 112 233",
        )
        PartnerArea.objects.create(partner=partner, code=spec.area_codes[0])
        types = {t.code: t for t in ServiceType.objects.all()}
        for idea in FUND_SERVICES:
            service = WelfareService.objects.create(
                partner=partner,
                name=idea.name,
                service_type=types[idea.type_code],
                how_to_request=idea.how,
                capacity_per_month=idea.capacity[1] if idea.capacity else None,
                min_age=idea.ages[0],
                max_age=idea.ages[1],
            )
            service.problem_types.set(ProblemType.objects.filter(code__in=idea.problems))
            service.target_groups.set(TargetGroup.objects.filter(code__in=idea.groups))
    partner.members.add(user)
    return f"the account “partner” acts for {partner.name}"


@generator(name="network.partners", order=45)
def partners(ctx: DemoContext) -> str:
    """Partners of every sector with their contacts and welfare services."""
    codes = ctx.subdistrict_codes
    filled = set(
        Partner.objects.filter(subdistrict_id__in=codes)
        .order_by()
        .values_list("subdistrict_id", flat=True)
        .distinct()
    )
    todo = [c for c in codes if c not in filled]
    subs = {s.code: s for s in Subdistrict.objects.filter(code__in=todo).select_related("district")}
    types = {t.code: t for t in ServiceType.objects.filter(active=True)}
    plan = _Planned()
    for done, code in enumerate(todo, start=1):
        ctx.reseed_item(code)
        _plan_subdistrict(ctx, subs[code], plan, types)
        ctx.progress(done, len(todo))
    _write(plan)
    account = _partner_account(ctx)
    sectors = Counter(p.sector for p in plan.partners)
    return (
        f"{len(plan.partners)} new partners ({len(sectors)} sectors), "
        f"{len(plan.services)} services, {len(plan.contacts)} contacts in {len(todo)} "
        f"sub-districts ({len(filled)} already had partners); {account}"
    )
