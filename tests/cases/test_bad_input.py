"""Malformed parameters, unknown ids, wrong slugs and bad form posts on every page and API route
of cases, referrals, field work, care plans and requests for help: each answers 4xx (or the
form again with its error, 200), never 500; a bad post writes nothing; and no answer ever holds
the person's national ID (not even when the ID is sent back as an id).

Every probe is sent by the national admin (who may act everywhere, so the input is what is
wrong) inside a transaction rolled back afterwards.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from tambon.accounts.models import User
from tambon.cases.models import (
    Assistance,
    CarePlan,
    CarePlanAction,
    CarePlanGoal,
    Case,
    CaseEvent,
    FollowUp,
    HelpRequest,
    HomeVisit,
    Referral,
)
from tambon.cases.services import care_plans
from tambon.cases.services.cases import assign_case
from tambon.cases.services.fieldwork import MSG_TOO_FAR, YEARS_AHEAD_MAX
from tambon.cases.services.visits import record_visit
from tambon.core.thai import format_date
from tambon.notifications.models import Notification
from tambon.registry.models import Household, Person
from tests.cases.queue_support import YESTERDAY
from tests.cases.queue_support import follow_up as make_follow_up
from tests.cases.referral_support import NATIONAL_ID, World
from tests.cases.referral_support import world_fixture as world_fixture
from tests.cases.requests_helpers import form_post, submit
from tests.cases.visits_support import _private_media as _private_media
from tests.cases.visits_support import allow_photos, too_big, upload
from tests.conftest import login
from tests.network.factories import ServiceFactory
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

LONG = "ก" * 500
HUGE = "x" * 10_000
BIG_ID = "99999999999999999999"  # past a 64-bit integer
ID_AS_PK = NATIONAL_ID  # 13 digits: a valid <int:pk>, and a number that must never be echoed
NOT_AN_IMAGE = b"%PDF-1.4 this is not a photo"
WATCHED = [
    Case,
    CaseEvent,
    CarePlan,
    CarePlanGoal,
    CarePlanAction,
    Referral,
    HomeVisit,
    Assistance,
    FollowUp,
    HelpRequest,
    Notification,
    Person,
    Household,
]


@dataclass
class W:
    """Ids of a ศรีภูมิ case in planning with everything hanging off it."""

    admin: User
    outsider: User  # an officer of Bangkok: never assignable to the case
    case: Case
    goal: int
    action: int
    referral: Referral
    visit: int
    plain_visit: int
    follow_up: int
    request: int
    service: int  # a second service of the fund, not yet referred to


@pytest.fixture
def w(world: World, admin: User, siphum_volunteer: User, bkk_officer: User) -> W:
    officer = world.officer
    case = assign_case(
        by=officer,
        case=world.case,
        expected_version=world.case.version,
        officer=officer,
        volunteer=siphum_volunteer,
    )
    care_plans.save_care_plan(by=officer, case=case, summary="ดูแลรายเดือน", expected_version=None)
    goal = care_plans.add_goal(by=officer, case=case, text="มีรายได้พอใช้จ่าย")
    action = care_plans.add_action(by=officer, case=case, goal=goal, description="สมัครเบี้ยยังชีพ")
    allow_photos(case, officer)
    today = timezone.localdate()
    visit = record_visit(
        case=case, visited_on=today, met="", observations="บ้านทรุด", photo=upload(), by=officer
    )
    plain = record_visit(case=case, visited_on=today, met="", observations="ไม่มีรายได้", by=officer)
    return W(
        admin=admin,
        outsider=bkk_officer,
        case=Case.objects.get(pk=case.pk),
        goal=goal.pk,
        action=action.pk,
        referral=world.refer(),
        visit=visit.pk,
        plain_visit=plain.pk,
        follow_up=make_follow_up(case, due_on=YESTERDAY, assigned_to=siphum_volunteer).pk,
        request=submit().pk,
        service=ServiceFactory(partner=world.fund, name="ให้ยืมรถเข็น", problems=["elderly"]).pk,
    )


def snapshot() -> list[list[tuple[Any, ...]]]:
    return [list(model.objects.order_by("pk").values_list()) for model in WATCHED]


def send(client: Client, api: Client, method: str, url: str, data: Any) -> Any:
    if url.startswith("/api/"):
        if method == "get":
            return api.get(url)
        if isinstance(data, dict) and any(isinstance(v, SimpleUploadedFile) for v in data.values()):
            return api.post(url, data)  # multipart
        body = data if isinstance(data, str) else json.dumps(data)
        return getattr(api, method)(url, body, content_type="application/json")
    return getattr(client, method)(url, data)


def check(w: W, probes: list[tuple[str, str, Any]]) -> None:
    """Send each probe; collect every answer that is a 5xx, a bad post that was taken, a write,
    or an answer holding the national ID."""
    client = login(Client(), w.admin)
    api = api_client(w.admin)
    wrong = []
    for method, url, data in probes:
        cache.clear()
        with transaction.atomic():
            before = snapshot()
            response = send(client, api, method, url, data)
            changed = snapshot() != before
            transaction.set_rollback(True)
        status = response.status_code
        body = "" if getattr(response, "streaming", False) else response.content.decode()
        # The shell's language switcher sends the user back to the address they typed (see
        # the report): the address itself is not data read from the records.
        body = body.replace(f'name="next" value="{url}"', "")
        if status >= 500:
            wrong.append(f"{method} {url}: {status}")
        elif method != "get" and changed:
            wrong.append(f"{method} {url}: bad input was taken ({status})")
        if NATIONAL_ID in body:
            wrong.append(f"{method} {url}: the national ID is in the answer")
    assert not wrong, "\n".join(wrong)


def test_the_case_pages(w: W) -> None:
    c, v, person = w.case.pk, w.case.version, w.case.person_id
    check(
        w,
        [
            ("get", "/cases/?page=abc&state=zz&urgency=zz&channel=zz&problem_type=zz&mine=zz", {}),
            ("get", f"/cases/?q={LONG}&page=-1&sort=zz", {}),
            ("get", "/cases/?q=%00&area-province=99&area-district=abc&area-subdistrict=%00", {}),
            ("get", "/cases/?page=99999", {}),
            ("get", "/cases/new/", {}),
            ("get", "/cases/new/?person=abc", {}),
            ("get", "/cases/new/?person=999999", {}),
            ("get", f"/cases/new/?person={BIG_ID}", {}),
            ("get", "/cases/new/?person=²&household=²", {}),  # str.isdigit takes "²"
            ("get", f"/cases/new/?person={person}&household=999999", {}),
            ("post", f"/cases/new/?person={person}", {}),
            (
                "post",
                f"/cases/new/?person={person}",
                {
                    "channel": "zz",
                    "urgency": "zz",
                    "problem_types": ["abc", "999999"],
                    "needs_assessment": "999999",
                    "summary": HUGE,
                },
            ),
            ("get", "/cases/999999/", {}),
            ("get", f"/cases/{BIG_ID}/", {}),
            ("get", f"/cases/{ID_AS_PK}/", {}),
            ("get", "/cases/999999/edit/", {}),
            ("post", f"/cases/{c}/edit/", {"version": "abc", "channel": "walk_in"}),
            ("post", f"/cases/{c}/edit/", {"version": "-1", "problem_types": ["999999"]}),
            ("post", f"/cases/{c}/edit/", {"version": "1e99", "urgency": "zz"}),
            (
                "post",
                f"/cases/{c}/edit/",
                {"version": v + 5, "channel": "walk_in", "urgency": "high", "problem_types": []},
            ),
            ("post", f"/cases/{c}/assign/", {"version": "abc", "assigned_officer": "999999"}),
            ("post", f"/cases/{c}/assign/", {"version": v, "assigned_officer": w.outsider.pk}),
            ("post", f"/cases/{c}/assign/", {"version": v, "assigned_volunteer": "abc"}),
            ("post", "/cases/999999/assign/", {"version": 1}),
            ("post", f"/cases/{c}/notes/", {}),
            ("post", f"/cases/{c}/notes/", {"text": HUGE}),
            ("get", f"/cases/{c}/notes/", {}),
            ("post", "/cases/999999/notes/", {"text": "โทรแล้ว"}),
            ("get", f"/cases/{c}/move/zz/", {}),
            ("post", f"/cases/{c}/move/zz/", {"version": v}),
            ("post", f"/cases/{c}/move/screening/", {"version": v}),
            ("post", f"/cases/{c}/move/closed/", {"version": "abc", "outcome": "zz"}),
            ("post", f"/cases/{c}/move/closed/", {"version": v, "outcome": "zz"}),
            ("post", f"/cases/{c}/move/in_service/", {"version": v + 9}),
            ("get", f"/cases/{c}/timeline/?page=abc", {}),
            ("get", "/cases/999999/timeline/", {}),
        ],
    )


def test_the_care_plan_pages(w: W) -> None:
    c, goal, action = w.case.pk, w.goal, w.action
    check(
        w,
        [
            ("get", "/cases/999999/plan/", {}),
            ("post", f"/cases/{c}/plan/", {"version": "abc", "summary": HUGE}),
            ("post", f"/cases/{c}/plan/", {"version": "99", "summary": "ใหม่"}),
            ("post", f"/cases/{c}/plan/goals/", {}),
            ("post", f"/cases/{c}/plan/goals/", {"goal-text": HUGE, "goal-problem_type": "999999"}),
            ("post", f"/cases/{c}/plan/goals/999999/status/", {"status": "achieved"}),
            ("post", f"/cases/{c}/plan/goals/{goal}/status/", {"status": "zz"}),
            ("post", f"/cases/{c}/plan/goals/{goal}/status/", {}),
            ("post", f"/cases/{c}/plan/goals/999999/actions/", {"action-description": "x"}),
            ("post", f"/cases/{c}/plan/goals/{goal}/actions/", {}),
            (
                "post",
                f"/cases/{c}/plan/goals/{goal}/actions/",
                {"action-description": "ซ่อมบ้าน", "action-due_date": "31/02/2567"},
            ),
            (
                "post",
                f"/cases/{c}/plan/goals/{goal}/actions/",
                {"action-description": "ซ่อมบ้าน", "action-due_date": "abc"},
            ),
            (
                "post",
                f"/cases/{c}/plan/goals/{goal}/actions/",
                {"action-description": "ซ่อมบ้าน", "action-due_date": "01/01/2026"},  # C.E.
            ),
            (
                "post",
                f"/cases/{c}/plan/goals/{goal}/actions/",
                {"action-description": "ซ่อมบ้าน", "action-due_date": "01/01/2699"},
            ),
            (
                "post",
                f"/cases/{c}/plan/goals/{goal}/actions/",
                {"action-description": "ซ่อมบ้าน", "action-owner": "999999"},
            ),
            (
                "post",
                f"/cases/{c}/plan/goals/{goal}/actions/",
                {"action-description": HUGE, "action-owner": str(w.outsider.pk)},
            ),
            ("post", f"/cases/{c}/plan/actions/999999/done/", {}),
            ("get", f"/cases/{c}/plan/actions/{action}/done/", {}),
        ],
    )


def test_the_queue_pages(w: W) -> None:
    check(
        w,
        [
            ("get", "/cases/queues/zz/", {}),
            ("get", "/cases/queues/?sort=zz&urgency=zz&problem_type=%00&page=abc", {}),
            ("get", f"/cases/queues/intakes/?area-subdistrict=abc&area-province=99&q={LONG}", {}),
            ("get", "/cases/queues/follow-ups/?sort=-zz&page=-5&urgency=critical", {}),
            ("get", "/cases/queues/referrals/?sort=due&page=99999", {}),
            ("get", "/cases/queues/requests/?sort=urgency&problem_type=999999", {}),
            ("get", "/cases/my-visits/?page=abc", {}),
        ],
    )


def test_the_referral_pages(w: W) -> None:
    c, r, rv = w.case.pk, w.referral.pk, w.referral.version
    check(
        w,
        [
            ("get", "/cases/999999/referrals/new/", {}),
            ("post", f"/cases/{c}/referrals/new/", {}),
            (
                "post",
                f"/cases/{c}/referrals/new/",
                {"service": "999999", "request": "", "answer_due": "31/02/2567", "action": "abc"},
            ),
            (
                "post",
                f"/cases/{c}/referrals/new/",
                {"service": "abc", "request": HUGE, "answer_due": "01/01/2026"},  # C.E. year
            ),
            (
                "post",
                f"/cases/{c}/referrals/new/",
                {"service": w.service, "request": "ขอ", "answer_due": "01/01/2699"},
            ),
            (
                "post",
                f"/cases/{c}/referrals/new/",
                {"service": w.service, "request": "ขอ", "answer_due": "01/01/2026"},  # C.E.
            ),
            (
                "post",
                f"/cases/{c}/referrals/new/",
                {"service": w.service, "request": "", "share_personal_data": "on"},
            ),
            ("get", "/cases/referrals/inbox/?state=zz&overdue=zz&page=abc", {}),
            ("get", "/cases/referrals/999999/", {}),
            ("get", f"/cases/referrals/{BIG_ID}/", {}),
            ("get", f"/cases/referrals/{r}/answer/zz/", {}),
            ("post", f"/cases/referrals/{r}/answer/zz/", {"version": rv}),
            ("post", f"/cases/referrals/{r}/answer/accept/", {"version": "abc"}),
            ("post", f"/cases/referrals/{r}/answer/decline/", {"version": rv}),  # no reason
            ("post", f"/cases/referrals/{r}/answer/deliver/", {"version": rv}),  # not accepted
            ("post", f"/cases/referrals/{r}/answer/accept/", {"version": rv + 3}),
            ("post", "/cases/referrals/999999/answer/accept/", {"version": 1}),
            ("post", f"/cases/referrals/{r}/withdraw/", {"version": "abc", "reason": HUGE}),
            ("get", "/cases/referrals/999999/withdraw/", {}),
        ],
    )


def test_the_field_work_pages(w: W) -> None:
    c, visit, plain, f = w.case.pk, w.visit, w.plain_visit, w.follow_up
    note = {"observations": "เยี่ยมตามนัด"}
    check(
        w,
        [
            ("get", f"/cases/{c}/visits/?page=abc", {}),
            ("get", "/cases/999999/visits/", {}),
            ("post", f"/cases/{c}/visits/new/", {}),
            ("post", f"/cases/{c}/visits/new/", {**note, "visited_on": "31/02/2567"}),
            ("post", f"/cases/{c}/visits/new/", {**note, "visited_on": "abc"}),
            ("post", f"/cases/{c}/visits/new/", {**note, "visited_on": "2999-01-01"}),
            ("post", f"/cases/{c}/visits/new/", {**note, "visited_on": "01/01/2026"}),  # C.E.
            ("post", f"/cases/{c}/visits/new/", {**note, "visited_on": "01/01/2568", "x": 1}),
            (
                "post",
                f"/cases/{c}/visits/new/",
                {"visited_on": "", "observations": HUGE, "score_health": "zz"},
            ),
            (
                "post",
                f"/cases/{c}/visits/new/",
                {**note, "visited_on": timezone.localdate().isoformat(), "score_health": "9"},
            ),
            (
                "post",
                f"/cases/{c}/visits/new/",
                {
                    **note,
                    "visited_on": timezone.localdate().isoformat(),
                    "photo": upload(NOT_AN_IMAGE, name="รูป.jpg"),
                },
            ),
            (
                "post",
                f"/cases/{c}/visits/new/",
                {
                    **note,
                    "visited_on": timezone.localdate().isoformat(),
                    "photo": upload(too_big()),
                },
            ),
            ("get", f"/cases/{c}/visits/999999/photo/", {}),
            ("get", f"/cases/{c}/visits/{plain}/photo/", {}),  # a visit without a photo
            ("get", f"/cases/999999/visits/{visit}/photo/", {}),
            ("get", "/cases/999999/assistance/", {}),
            ("post", f"/cases/{c}/assistance/", {}),
            *(
                (
                    "post",
                    f"/cases/{c}/assistance/",
                    {
                        "assistance-given_on": timezone.localdate().isoformat(),
                        "assistance-kind": "cash",
                        "assistance-description": "เงินสงเคราะห์",
                        "assistance-amount": amount,
                        "assistance-source": "government",
                    },
                )
                for amount in ("-1", "1e99", "abc", "NaN", "Infinity", "1" * 40, "12.345", "")
            ),
            (
                "post",
                f"/cases/{c}/assistance/",
                {
                    "assistance-given_on": "31/02/2567",
                    "assistance-kind": "zz",
                    "assistance-description": HUGE,
                    "assistance-source": "zz",
                    "assistance-partner": "999999",
                    "assistance-referral": "abc",
                },
            ),
            ("get", "/cases/999999/follow-ups/", {}),
            ("post", f"/cases/{c}/follow-ups/", {}),
            ("post", f"/cases/{c}/follow-ups/", {"follow_up-due_on": "abc"}),
            (
                "post",
                f"/cases/{c}/follow-ups/",
                {"follow_up-due_on": "31/02/2567", "follow_up-purpose": HUGE},
            ),
            (
                "post",
                f"/cases/{c}/follow-ups/",
                {"follow_up-due_on": "2999-01-01", "follow_up-purpose": "ติดตาม"},
            ),
            (
                "post",
                f"/cases/{c}/follow-ups/",
                {"follow_up-due_on": "01/01/2026", "follow_up-purpose": "ติดตาม"},  # C.E.
            ),
            (
                "post",
                f"/cases/{c}/follow-ups/",
                {
                    "follow_up-due_on": timezone.localdate().isoformat(),
                    "follow_up-purpose": "ติดตาม",
                    "follow_up-assigned_to": str(w.outsider.pk),
                },
            ),
            ("get", f"/cases/{c}/follow-ups/999999/done/", {}),
            ("post", f"/cases/{c}/follow-ups/{f}/done/", {}),
            ("post", f"/cases/{c}/follow-ups/{f}/done/", {"result": HUGE, "visit": "999999"}),
            ("post", f"/cases/{c}/follow-ups/999999/cancel/", {}),
            ("post", f"/cases/{c}/follow-ups/{f}/cancel/", {"reason": HUGE}),
        ],
    )


def test_the_request_pages_and_the_public_form(w: W) -> None:
    r = w.request
    person = w.case.person_id
    check(
        w,
        [
            ("get", "/cases/requests/?status=zz&page=abc", {}),
            ("get", "/cases/requests/999999/", {}),
            ("get", f"/cases/requests/{r}/open-case/?q=%00", {}),
            ("get", f"/cases/requests/{r}/open-case/?q={LONG}", {}),
            ("post", f"/cases/requests/{r}/open-case/", {}),
            ("post", f"/cases/requests/{r}/open-case/", {"mode": "zz", "subject": "zz:1"}),
            (
                "post",
                f"/cases/requests/{r}/open-case/",
                {"mode": "existing", "subject": "person:999999", "problem_types": ["abc"]},
            ),
            (
                "post",
                f"/cases/requests/{r}/open-case/",
                {"subject": f"person:{BIG_ID}", "urgency": "zz"},
            ),
            (
                "post",
                f"/cases/requests/{r}/open-case/",
                {"subject": "household:abc", "urgency": "high", "problem_types": ["999999"]},
            ),
            ("post", f"/cases/requests/{r}/open-case/", {"mode": "new"}),
            (
                "post",
                f"/cases/requests/{r}/open-case/",
                {"mode": "new", "first_name": HUGE, "village": "999999", "sex": "zz"},
            ),
            ("post", f"/cases/requests/{r}/open-case/", {"subject": "household:²"}),
            ("post", "/cases/requests/999999/open-case/", {"subject": f"person:{person}"}),
            ("post", f"/cases/requests/{r}/close/", {}),
            ("post", f"/cases/requests/{r}/close/", {"note": HUGE}),
            ("post", "/cases/requests/999999/close/", {"note": "ซ้ำ"}),
            ("post", "/help/", {}),
            (
                "post",
                "/help/",
                form_post(**{"place-subdistrict": "999999", "place-village": "abc"}),
            ),
            ("post", "/help/", form_post(description=HUGE, contact_phone="abc")),
            ("post", "/help/", form_post(problem_type="zz", consent=None)),
            ("post", "/help/", form_post(**{"place-province": "%00", "place-district": "12"})),
            ("get", "/help/status/?reference=%00", {}),
            ("get", f"/help/status/?reference={LONG}", {}),
            ("get", "/help/status/?reference=R000000", {}),
            ("get", "/help/thanks/", {}),
        ],
    )


def test_the_cases_api(w: W) -> None:
    c, v, person = w.case.pk, w.case.version, w.case.person_id
    base = "/api/v1/cases"
    new_case = {"person_id": person, "channel": "walk_in", "problem_types": ["elderly"]}
    check(
        w,
        [
            ("get", f"{base}/?limit=abc&offset=-1&state=zz&urgency=zz&mine=zz", {}),
            ("get", f"{base}/?area=abc&problem_type=zz&q={LONG}", {}),
            ("get", f"{base}/?limit=5000&q=%00", {}),
            ("get", f"{base}/abc", {}),
            ("get", f"{base}/999999", {}),
            ("get", f"{base}/{BIG_ID}", {}),
            ("get", f"{base}/{ID_AS_PK}", {}),
            ("post", f"{base}/", "{bad json"),
            ("post", f"{base}/", {}),
            ("post", f"{base}/", {**new_case, "person_id": "abc"}),
            ("post", f"{base}/", {**new_case, "person_id": 999999}),
            ("post", f"{base}/", {**new_case, "person_id": BIG_ID}),
            ("post", f"{base}/", {**new_case, "household_id": 999999}),
            ("post", f"{base}/", {**new_case, "needs_assessment_id": 999999}),
            ("post", f"{base}/", {**new_case, "problem_types": ["zz"], "channel": "zz"}),
            ("post", f"{base}/", {**new_case, "urgency": "zz", "summary": HUGE}),
            ("put", f"{base}/{c}", {"version": "abc"}),
            ("put", f"{base}/{c}", {**new_case, "version": v + 7}),
            ("put", f"{base}/999999", {**new_case, "version": 1}),
            ("put", f"{base}/{c}/assignment", {"version": v, "assigned_officer_id": 999999}),
            ("put", f"{base}/{c}/assignment", {"version": v, "assigned_officer_id": w.outsider.pk}),
            ("put", f"{base}/{c}/assignment", {"version": v, "assigned_volunteer_id": "abc"}),
            ("post", f"{base}/{c}/transitions", {"to": "zz", "version": v}),
            ("post", f"{base}/{c}/transitions", {"to": "closed", "version": v, "outcome": "zz"}),
            ("post", f"{base}/{c}/transitions", {"to": "screening", "version": v}),
            ("post", f"{base}/{c}/transitions", {"to": "in_service", "version": "1e99"}),
            ("post", f"{base}/{c}/notes", {"text": ""}),
            ("post", f"{base}/{c}/notes", {"text": HUGE}),
            ("get", f"{base}/999999/timeline", {}),
            ("get", f"{base}/999999/care-plan", {}),
            ("put", f"{base}/{c}/care-plan", {"version": "abc"}),
            ("put", f"{base}/{c}/care-plan", {"version": 42, "summary": "ใหม่"}),
            ("post", f"{base}/{c}/care-plan/goals", {"text": "", "problem_type": "zz"}),
            ("post", f"{base}/{c}/care-plan/goals", {"text": "มีงาน", "problem_type": "zz"}),
            ("put", f"{base}/{c}/care-plan/goals/999999/status", {"status": "achieved"}),
            ("put", f"{base}/{c}/care-plan/goals/{w.goal}/status", {"status": "zz"}),
            (
                "post",
                f"{base}/{c}/care-plan/goals/{w.goal}/actions",
                {"description": "ซ่อมบ้าน", "owner_id": 999999, "due_date": "2567-02-31"},
            ),
            (
                "post",
                f"{base}/{c}/care-plan/goals/{w.goal}/actions",
                {"description": "ซ่อมบ้าน", "owner_id": w.outsider.pk},
            ),
            (
                "post",
                f"{base}/{c}/care-plan/goals/{w.goal}/actions",
                {"description": "ซ่อมบ้าน", "due_date": "abc"},
            ),
            (
                "post",
                f"{base}/{c}/care-plan/goals/{w.goal}/actions",
                {"description": "ซ่อมบ้าน", "due_date": "2569-12-31"},  # a B.E. year
            ),
            ("post", f"{base}/{c}/care-plan/goals/999999/actions", {"description": "ซ่อมบ้าน"}),
            ("post", f"{base}/{c}/care-plan/actions/999999/done", {}),
        ],
    )


def test_the_referral_field_work_and_request_api(w: W) -> None:
    c, r, f = w.case.pk, w.referral.pk, w.follow_up
    base = "/api/v1/cases"
    refer = {"case_id": c, "service_id": w.referral.service_id, "request": "ขอ"}
    given = {
        "given_on": timezone.localdate().isoformat(),
        "kind": "cash",
        "description": "เงินสงเคราะห์",
        "source": "government",
    }
    check(
        w,
        [
            ("get", f"{base}/referrals/?state=zz&overdue=zz&case_id=abc&limit=0", {}),
            ("get", f"{base}/referrals/abc", {}),
            ("get", f"{base}/referrals/999999", {}),
            ("post", f"{base}/referrals/", {**refer, "case_id": 999999}),
            ("post", f"{base}/referrals/", {**refer, "service_id": 999999}),
            ("post", f"{base}/referrals/", {**refer, "action_id": 999999}),
            ("post", f"{base}/referrals/", {**refer, "answer_due": "2567-13-01"}),
            (
                "post",
                f"{base}/referrals/",
                {**refer, "service_id": w.service, "answer_due": "2569-12-31"},  # B.E. year
            ),
            ("post", f"{base}/referrals/", {**refer, "service_id": w.service, "request": ""}),
            ("post", f"{base}/referrals/", {**refer, "request": HUGE}),
            ("post", f"{base}/referrals/{r}/answer", {"action": "zz", "version": 1}),
            ("post", f"{base}/referrals/{r}/answer", {"action": "accept", "version": "abc"}),
            ("post", f"{base}/referrals/{r}/answer", {"action": "decline", "version": 1}),
            ("post", f"{base}/referrals/999999/answer", {"action": "accept", "version": 1}),
            ("post", f"{base}/referrals/999999/withdraw", {"version": 1}),
            ("get", f"{base}/{c}/visits?limit=abc&offset=zz", {}),
            ("post", f"{base}/{c}/visits", {"visited_on": "31/02/2567", "observations": "x"}),
            ("post", f"{base}/{c}/visits", {"visited_on": "2999-01-01", "observations": "x"}),
            (
                "post",
                f"{base}/{c}/visits",
                {
                    "visited_on": timezone.localdate().isoformat(),
                    "observations": "x",
                    "dimension_scores": {"zz": 9},
                },
            ),
            (
                "post",
                f"{base}/{c}/visits",
                {
                    "visited_on": timezone.localdate().isoformat(),
                    "observations": "x",
                    "dimension_scores": {"health": "abc"},
                },
            ),
            ("post", f"{base}/{c}/visits/999999/photo", {"photo": upload()}),
            (
                "post",
                f"{base}/{c}/visits/{w.plain_visit}/photo",
                {"photo": upload(NOT_AN_IMAGE, name="รูป.jpg")},
            ),
            ("post", f"{base}/{c}/visits/{w.plain_visit}/photo", {}),
            ("get", f"{base}/{c}/visits/999999/photo", {}),
            ("get", f"{base}/{c}/visits/{w.plain_visit}/photo", {}),
            *(
                ("post", f"{base}/{c}/assistance", {**given, "amount": amount})
                for amount in ("-1", "1e99", "abc", "NaN", "Infinity", "1" * 40)
            ),
            ("post", f"{base}/{c}/assistance", {**given, "kind": "zz", "source": "zz"}),
            ("post", f"{base}/{c}/assistance", {**given, "amount": "1", "partner_id": 999999}),
            ("post", f"{base}/{c}/assistance", {**given, "amount": "1", "referral_id": 999999}),
            ("post", f"{base}/{c}/assistance", {**given, "amount": "1", "given_on": "abc"}),
            ("post", f"{base}/{c}/follow-ups", {"due_on": "abc", "purpose": "ติดตาม"}),
            ("post", f"{base}/{c}/follow-ups", {"due_on": "2999-01-01", "purpose": "ติดตาม"}),
            ("post", f"{base}/{c}/follow-ups", {"due_on": "2569-12-31", "purpose": "ติดตาม"}),
            (
                "post",
                f"{base}/{c}/follow-ups",
                {"due_on": "2026-01-01", "purpose": "ติดตาม", "assigned_to_id": 999999},
            ),
            (
                "post",
                f"{base}/{c}/follow-ups",
                {
                    "due_on": timezone.localdate().isoformat(),
                    "purpose": "ติดตาม",
                    "assigned_to_id": w.outsider.pk,
                },
            ),
            ("post", f"{base}/{c}/follow-ups/999999/complete", {"result": "ดีขึ้น"}),
            ("post", f"{base}/{c}/follow-ups/{f}/complete", {"result": "", "visit_id": 999999}),
            ("post", f"{base}/{c}/follow-ups/{f}/complete", {"result": "ดี", "visit_id": 999999}),
            ("post", f"{base}/{c}/follow-ups/999999/cancel", {}),
            ("get", f"{base}/requests/?status=zz&limit=abc", {}),
            ("get", f"{base}/requests/999999", {}),
            ("post", f"{base}/requests/{w.request}/open-case", {"problem_types": []}),
            (
                "post",
                f"{base}/requests/{w.request}/open-case",
                {"person_id": 999999, "problem_types": ["elderly"]},
            ),
            (
                "post",
                f"{base}/requests/{w.request}/open-case",
                {"problem_types": ["elderly"]},  # nobody named
            ),
            (
                "post",
                f"{base}/requests/{w.request}/open-case",
                {
                    "new_person": {"first_name": "บุญมา", "village_code": "99999999"},
                    "problem_types": ["elderly"],
                },
            ),
            ("post", f"{base}/requests/{w.request}/close", {"note": ""}),
            ("post", f"{base}/requests/999999/close", {"note": "ซ้ำ"}),
        ],
    )


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("assignment", "assigned_officer_id"),
        ("care-plan/goals/{goal}/actions", "owner_id"),
        ("follow-ups", "assigned_to_id"),
    ],
)
def test_a_user_id_outside_the_area_gets_the_answer_of_a_missing_one(
    w: W, path: str, field: str
) -> None:
    url = f"/api/v1/cases/{w.case.pk}/" + path.format(goal=w.goal)
    body = {
        "version": w.case.version,
        "description": "ซ่อมบ้าน",
        "due_on": timezone.localdate().isoformat(),
        "purpose": "ติดตาม",
    }
    api = api_client(w.admin)

    def attempt(pk: int) -> tuple[int, Any]:
        response = getattr(api, "put" if path == "assignment" else "post")(
            url, json.dumps({**body, field: pk}), content_type="application/json"
        )
        answer = response.json()
        answer["message"] = answer["message"].replace(str(pk), "<id>")
        return response.status_code, answer

    outsider = attempt(w.outsider.pk)

    assert outsider == attempt(999999)
    assert outsider[0] == 400
    assert w.outsider.first_name not in json.dumps(outsider, ensure_ascii=False)


def test_a_buddhist_era_year_in_an_iso_date_is_refused_as_too_far_ahead(w: W) -> None:
    # 2569 typed where the API wants a Christian-era year: 543 years from now.
    response = api_client(w.admin).post(
        f"/api/v1/cases/{w.case.pk}/follow-ups",
        json.dumps({"due_on": "2569-12-31", "purpose": "ติดตามอาการ"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "due_on"
    assert response.json()["message"] == gettext(MSG_TOO_FAR) % {
        "date": format_date(dt.date(2569, 12, 31)),
        "years": YEARS_AHEAD_MAX,
    }
    assert "3112" in response.json()["message"]  # shown in the Buddhist era: the slip is plain
    assert not FollowUp.objects.filter(due_on=dt.date(2569, 12, 31)).exists()


def test_a_due_date_just_inside_the_limit_is_still_taken(w: W) -> None:
    due = timezone.localdate() + dt.timedelta(days=365 * YEARS_AHEAD_MAX)

    response = api_client(w.admin).post(
        f"/api/v1/cases/{w.case.pk}/follow-ups",
        json.dumps({"due_on": due.isoformat(), "purpose": "ทบทวนแผน"}),
        content_type="application/json",
    )

    assert response.status_code == 201


def test_a_reason_too_long_to_keep_does_not_call_off_the_follow_up(w: W) -> None:
    client = login(Client(), w.admin)

    response = client.post(
        f"/cases/{w.case.pk}/follow-ups/{w.follow_up}/cancel/", {"reason": HUGE}, follow=True
    )

    too_long = ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        2000,
    ) % {"limit_value": 2000, "show_value": len(HUGE)}
    assert FollowUp.objects.get(pk=w.follow_up).status == FollowUp.Status.OPEN
    assert response.redirect_chain[-1][0] == f"/cases/{w.case.pk}/follow-ups/"
    assert too_long in response.content.decode()
