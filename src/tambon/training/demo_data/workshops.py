"""Demo workshops run by the facilitators the demo cohorts certified."""

import datetime as dt

from tambon.accounts.models import AreaAssignment
from tambon.accounts.roles import Role
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext, generator
from tambon.geo.models import Village
from tambon.training.models import (
    Facilitator,
    Workshop,
    WorkshopHeadcount,
)

WORKSHOP_TITLES = {
    Workshop.Kind.YOUTH_CAMP: "ค่ายเยาวชนจิตอาสา Shift and Share ตำบล{name}",
    Workshop.Kind.SCHOOL: "กิจกรรมนวัตกรน้อยในโรงเรียน ตำบล{name}",
    Workshop.Kind.COMMUNITY_FORUM: "เวทีประชาคมค้นหาปัญหาสังคม ตำบล{name}",
    Workshop.Kind.VOLUNTEER_TRAINING: "อบรม อพม.รุ่นจิ๋ว ตำบล{name}",
}
WORKSHOP_TOPICS = (
    "บทบาทของเด็กและเยาวชนในการพัฒนาสังคม; จิตอาสา จิตสาธารณะ; การเป็นผู้ให้",
    "นวัตกรรมทางสังคมและความคิดสร้างสรรค์; ออกแบบโครงการจากปัญหาจริงของตำบล",
    "แผนที่ชุมชน; ต้นไม้ปัญหา; เลือกปัญหาที่ทีมอยากแก้",
)
PROBLEM_SETS = (
    ["elderly", "bedridden_care"],
    ["children_youth", "drugs"],
    ["poverty", "debt"],
    ["disability", "housing"],
    ["teenage_pregnancy", "children_youth"],
    ["unemployment", "poverty"],
)
BANDS = {
    Workshop.Kind.YOUTH_CAMP: {"youth": 0.7, "child": 0.2, "adult": 0.1},
    Workshop.Kind.SCHOOL: {"child": 0.8, "adult": 0.2},
    Workshop.Kind.COMMUNITY_FORUM: {"adult": 0.6, "elderly": 0.25, "youth": 0.15},
    Workshop.Kind.VOLUNTEER_TRAINING: {"youth": 0.5, "child": 0.3, "adult": 0.2},
}


def _headcounts(ctx: DemoContext, workshop: Workshop) -> list[WorkshopHeadcount]:
    total = ctx.random.randint(25, 60)
    rows = []
    for band, share in BANDS[Workshop.Kind(workshop.kind)].items():
        people = round(total * share)
        female = round(people * ctx.random.uniform(0.45, 0.6))
        for sex, n in (("female", female), ("male", people - female)):
            if n:
                rows.append(WorkshopHeadcount(workshop=workshop, age_band=band, sex=sex, count=n))
    return rows


@generator(name="training.workshops", order=62)
def workshops(ctx: DemoContext) -> str:
    """Workshops the demo facilitators ran in their sub-districts, with headcounts."""
    facilitators = list(
        Facilitator.objects.filter(
            user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}", workshops__isnull=True
        )
        .select_related("subdistrict", "cohort")
        .order_by("pk")
    )
    villages: dict[str, list[str]] = {}
    for code, subdistrict_code in Village.objects.filter(
        subdistrict_id__in=[f.subdistrict_id for f in facilitators]
    ).values_list("code", "subdistrict_id"):
        villages.setdefault(subdistrict_code, []).append(code)
    people: dict[str, list[int]] = {}
    for user_id, code in AreaAssignment.objects.filter(
        area_code__in=ctx.subdistrict_codes,
        user__role__in=[Role.INNOVATOR, Role.VOLUNTEER],
        user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
    ).values_list("user_id", "area_code"):
        people.setdefault(code, []).append(user_id)
    planned: list[tuple[Workshop, list[int], list[WorkshopHeadcount]]] = []
    for facilitator in facilitators:
        ctx.reseed_item(f"workshops:{facilitator.user.username}")
        count = ctx.random.choice((0, 1, 1, 2, 2, 3))
        after = facilitator.cohort.ends_on if facilitator.cohort else dt.date(2021, 4, 1)
        for _n in range(count):
            kind = ctx.random.choice(list(WORKSHOP_TITLES))
            sub = facilitator.subdistrict
            date = after + dt.timedelta(days=ctx.random.randint(14, 270))
            workshop = Workshop(
                facilitator=facilitator,
                subdistrict=sub,
                village_id=(
                    ctx.random.choice(villages[sub.code]) if villages.get(sub.code) else None
                ),
                date=date,
                kind=kind,
                title=WORKSHOP_TITLES[kind].format(name=sub.name_th),
                topics=ctx.random.choice(WORKSHOP_TOPICS),
                problems=ctx.random.choice(PROBLEM_SETS),
                created_by=facilitator.user,
                updated_by=facilitator.user,
            )
            planned.append((workshop, people.get(sub.code, []), _headcounts(ctx, workshop)))
    Workshop.objects.bulk_create([w for w, _, _ in planned], batch_size=500)
    headcounts: list[WorkshopHeadcount] = []
    known = []
    through = Workshop.participants_known.through
    for workshop, participants, counts in planned:
        for row in counts:
            row.workshop = workshop  # now saved: give the row its key
        headcounts += counts
        known += [through(workshop_id=workshop.pk, user_id=pk) for pk in participants]
    WorkshopHeadcount.objects.bulk_create(headcounts, batch_size=1000)
    through.objects.bulk_create(known, batch_size=1000, ignore_conflicts=True)
    reached = sum(h.count for h in headcounts) + len(known)
    return f"{len(planned)} new workshops reaching {reached} participants"
