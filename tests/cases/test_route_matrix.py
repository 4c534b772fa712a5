"""The policy matrix of the cases app, in one table: every route (pages, the public help pages,
notifications and the /api/v1/cases/ API) × method → what each role gets, inside and outside
the case's area, as DOMAIN.md's roles section and cases/policy.py say.

| role (column)          | who                                                             |
| ---------------------- | --------------------------------------------------------------- |
| anon                   | nobody signed in (pages: the sign-in redirect "L"; API: 401)    |
| admin                  | national admin: everything                                      |
| prov / prov_other      | provincial officer of Chiang Mai (the case's) / of Bangkok      |
| sub / sub_next / sub_o | sub-district officer of ศรีภูมิ (the case's) / of พระสิงห์ next  |
|                        | door in the same district / of พระบรมมหาราชวัง in Bangkok        |
| vol / vol_other        | volunteer of ศรีภูมิ assigned to the case / not assigned         |
| member / member_other  | partner acting for the fund the case is referred to / a partner |
|                        | of ศรีภูมิ acting for another organisation (a temple)            |
| facilitator, innovator | Shift and Share roles: nothing of cases                         |

A case, referral or request the user may not see is a 404 (a 400 naming the id when the id is
in a JSON body, with the same answer as for an id that does not exist); an action they may not
take on what they see is a 403; a role with no part in cases at all gets a 403 on pages.

Each row is sent once per role inside a transaction rolled back afterwards, so every role meets
the same world. Besides the status, every answer is checked for leaks (no national ID ever; the
person's name, the case's reference and the request's contact only to who may see them) and every
refused request for writes (nothing changed); an allowed POST must change something.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.api.api import api
from tambon.cases import help_urls
from tambon.cases import urls as case_urls
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
from tambon.cases.selectors.queues import Queue
from tambon.cases.services import care_plans
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.cases import assign_case
from tambon.cases.services.visits import record_visit
from tambon.notifications import urls as notification_urls
from tambon.notifications.models import Notification
from tambon.notifications.services import notify
from tambon.registry.models import Consent, Household, Person
from tests.cases.queue_support import YESTERDAY
from tests.cases.queue_support import follow_up as overdue_follow_up
from tests.cases.referral_support import ADDRESS, NATIONAL_ID, PHONE, World
from tests.cases.referral_support import world_fixture as world_fixture
from tests.cases.requests_helpers import form_post, submit
from tests.cases.visits_support import _private_media as _private_media
from tests.cases.visits_support import allow_photos, image_bytes, upload
from tests.conftest import MakeUser, login
from tests.network.factories import ServiceFactory
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

ROLES = (
    "anon",
    "admin",
    "prov",
    "prov_other",
    "sub",
    "sub_next",
    "sub_other",
    "vol",
    "vol_other",
    "member",
    "member_other",
    "facilitator",
    "innovator",
)
# Who may read the case (and so its person's name): DOMAIN.md's officers of the area and the
# volunteer assigned to it. The partner it is referred to reads the referral, without the
# person when no personal data is shared (the case here shares none).
SEES_CASE = {"admin", "prov", "sub", "vol"}
SEES_REFERENCE = SEES_CASE | {"member"}
HANDLES_REQUEST = {"admin", "prov", "sub"}

LOGIN = "L"  # the sign-in redirect of a page

# --- the outcomes, one column per role (in the order of ROLES) ------------------------------
# fmt: off
#                        anon admin prov p_oth sub  s_nxt s_oth vol  v_oth mem  m_oth fac  inn
CASE_READ =            "L    200   200  404   200  404   404   200  404   403  403   403  403"
CASE_MANAGE_FORM =     "L    200   200  404   200  404   404   403  404   403  403   403  403"
CASE_MANAGE_POST =     "L    302   302  404   302  404   404   403  404   403  403   403  403"
CASE_SEE_POST =        "L    302   302  404   302  404   404   302  404   403  403   403  403"
CASE_SECTION =         "L    200   200  200   200  200   200   200  200   403  403   403  403"
OPEN_FORM =            "L    200   200  404   200  404   404   403  403   403  403   403  403"
OPEN_POST =            "L    302   302  404   302  404   404   403  403   403  403   403  403"
QUEUES =               "L    200   200  200   200  200   200   200  200   200  200   403  403"
REFERRAL_QUEUE =       "L    200   200  200   200  200   200   404  404   200  200   403  403"
INBOX =                "L    200   403  403   403  403   403   403  403   200  200   403  403"
REFERRAL_READ =        "L    200   200  404   200  404   404   200  404   200  404   404  404"
ANSWER_FORM =          "L    200   403  404   403  404   404   403  404   200  404   404  404"
ANSWER_POST =          "L    302   403  404   403  404   404   403  404   302  404   404  404"
WITHDRAW_FORM =        "L    200   200  404   200  404   404   403  404   403  404   404  404"
WITHDRAW_POST =        "L    302   302  404   302  404   404   403  404   403  404   404  404"
REQUESTS =             "L    200   200  200   200  200   200   403  403   403  403   403  403"
REQUEST_FORM =         "L    200   200  404   200  404   404   403  403   403  403   403  403"
REQUEST_POST =         "L    302   302  404   302  404   404   403  403   403  403   403  403"
PUBLIC =               "200  200   200  200   200  200   200   200  200   200  200   200  200"
PUBLIC_POST =          "302  302   302  302   302  302   302   302  302   302  302   302  302"
PUBLIC_REDIRECT = PUBLIC_POST  # thanks without a request just sent: back to the form
SIGNED_IN =            "L    200   200  200   200  200   200   200  200   200  200   200  200"
SIGNED_IN_POST =       "L    302   302  302   302  302   302   302  302   302  302   302  302"
BADGE =                "204  200   200  200   200  200   200   200  200   200  200   200  200"
OWN_NOTIFICATION =     "L    404   404  404   302  404   404   404  404   404  404   404  404"
# API: 401 without a caller; a case outside what the caller sees is a 404 whatever the role.
API_LIST =             "401  200   200  200   200  200   200   200  200   200  200   200  200"
API_CASE_READ =        "401  200   200  404   200  404   404   200  404   404  404   404  404"
API_CASE_MANAGE =      "401  200   200  404   200  404   404   403  404   404  404   404  404"
API_CASE_CREATE =      "401  201   201  404   201  404   404   403  404   404  404   404  404"
API_CASE_SEE_CREATE =  "401  201   201  404   201  404   404   201  404   404  404   404  404"
API_CASE_SEE_WRITE =   "401  200   200  404   200  404   404   200  404   404  404   404  404"
API_OPEN_CASE =        "401  201   201  400   201  400   400   403  403   403  403   403  403"
API_REFER =            "401  201   201  400   201  400   400   403  400   400  400   400  400"
API_REFERRAL_READ =    "401  200   200  404   200  404   404   200  404   200  404   404  404"
API_ANSWER =           "401  200   403  404   403  404   404   403  404   200  404   404  404"
API_WITHDRAW =         "401  200   200  404   200  404   404   403  404   403  404   404  404"
API_REQUESTS =         "401  200   200  200   200  200   200   403  403   403  403   403  403"
API_REQUEST_READ =     "401  200   200  404   200  404   404   403  403   403  403   403  403"
API_REQUEST_CREATE =   "401  201   201  404   201  404   404   403  403   403  403   403  403"
# fmt: on


@dataclass
class Matrix:
    """The world every row is sent to: a case of ศรีภูมิ in planning with its person (national
    ID, phone, address), assigned officer and volunteer, a care plan with a goal and an action,
    two visits (one with a photo), assistance, an overdue follow-up of the volunteer, a late
    referral to the fund (no personal data shared), a second service of the fund, a public
    request for help of ศรีภูมิ and a notification of the sub-district officer."""

    users: dict[str, User]
    case: Case
    person: Person
    referral: Referral
    service: Any
    goal: CarePlanGoal
    action: CarePlanAction
    photo_visit: HomeVisit
    plain_visit: HomeVisit
    follow_up: FollowUp
    help_request: HelpRequest
    notification: Notification
    tokens: dict[str, Client] = field(default_factory=dict)

    def secrets(self, role: str) -> list[str]:
        """What `role` must never read anywhere in the cases app."""
        person = self.person
        hidden = [NATIONAL_ID]
        if role not in SEES_CASE:
            hidden += [person.first_name, person.last_name, PHONE, ADDRESS]
        if role not in SEES_REFERENCE:
            hidden.append(self.case.reference)
        if role not in HANDLES_REQUEST:
            hidden += [self.help_request.contact_name, self.help_request.description]
        return hidden


@pytest.fixture
def m(
    world: World,
    make_user: MakeUser,
    admin: User,
    cm_officer: User,
    siphum_volunteer: User,
    other_volunteer: User,
    bkk_officer: User,
    facilitator: User,
) -> Matrix:
    officer = world.officer
    # A partner of ศรีภูมิ itself, acting for another organisation: the area grants nothing.
    other_member = make_user("temple_siphum", Role.PARTNER, "500101", first_name="พระครู")
    world.temple.members.add(other_member)
    users = {
        "admin": admin,
        "prov": cm_officer,
        "prov_other": make_user("bkk_provincial", Role.PROVINCIAL_OFFICER, "10"),
        "sub": officer,
        "sub_next": make_user("phrasing_officer", Role.SUBDISTRICT_OFFICER, "500102"),
        "sub_other": bkk_officer,
        "vol": siphum_volunteer,
        "vol_other": other_volunteer,
        "member": world.member,
        "member_other": other_member,
        "facilitator": facilitator,
        "innovator": make_user("innovator", Role.INNOVATOR, "500101", first_name="ปิยะ"),
    }
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
    photo_visit = record_visit(
        case=case,
        visited_on=today,
        met="ผู้สูงอายุ",
        observations="บ้านทรุดโทรม",
        photo=upload(),
        by=officer,
    )
    plain_visit = record_visit(  # the volunteer's: its visitor may add the photo later
        case=case, visited_on=today, met="ลูกสาว", observations="ยังไม่มีรายได้", by=siphum_volunteer
    )
    record_assistance(
        case=case,
        given_on=today,
        kind=Assistance.Kind.GOODS,
        description="ถุงยังชีพ",
        amount="",
        source=Assistance.Source.DONOR,
        by=officer,
    )
    referral = world.refer()
    Referral.objects.filter(pk=referral.pk).update(answer_due=YESTERDAY)  # late: in the queues
    help_request = submit()
    notify(
        recipients=[officer],
        subject=f"กรณี {case.reference} มอบหมายให้คุณ",
        body="",
        url=reverse("cases:case_detail", args=[case.pk]),
        email=False,
    )
    matrix = Matrix(
        users=users,
        case=Case.objects.get(pk=case.pk),
        person=Person.objects.get(pk=case.person_id),
        referral=Referral.objects.get(pk=referral.pk),
        service=ServiceFactory(partner=world.fund, name="ให้ยืมอุปกรณ์ผู้สูงอายุ", problems=["elderly"]),
        goal=goal,
        action=action,
        photo_visit=photo_visit,
        plain_visit=plain_visit,
        follow_up=overdue_follow_up(case, due_on=YESTERDAY, assigned_to=siphum_volunteer),
        help_request=help_request,
        notification=Notification.objects.filter(recipient=officer).latest("pk"),
    )
    matrix.tokens = {role: api_client(user) for role, user in users.items()}
    matrix.tokens["anon"] = Client()
    return matrix


# --- the rows: route × method → outcomes, and what is sent ----------------------------------

Build = Callable[[Matrix], Any]


@dataclass(frozen=True)
class Row:
    route: str  # a URL name ("cases:case_edit") or an API operation ("PUT /api/v1/cases/{case_id}")
    method: str
    outcomes: str
    url: Build
    data: Build | None = None
    writes: bool = True  # an allowed POST must change something (False: it may not)

    @property
    def api(self) -> bool:
        return self.route.startswith(("GET ", "POST ", "PUT "))

    @property
    def id(self) -> str:
        return self.route if self.api else f"{self.method} {self.route}"

    def expected(self) -> dict[str, str]:
        return dict(zip(ROLES, self.outcomes.split(), strict=True))


def page(name: str, method: str, outcomes: str, *args: Build, data: Build | None = None) -> Row:
    return Row(
        name, method, outcomes, lambda w: reverse(name, args=[a(w) for a in args]), data=data
    )


def endpoint(method: str, path: str, outcomes: str, data: Build | None = None) -> Row:
    """An API operation: `path` is its OpenAPI template, filled from the world."""

    def url(w: Matrix) -> str:
        ids = {
            "case_id": w.case.pk,
            "goal_id": w.goal.pk,
            "action_id": w.action.pk,
            "referral_id": w.referral.pk,
            "visit_id": w.photo_visit.pk if method == "GET" else w.plain_visit.pk,
            "follow_up_id": w.follow_up.pk,
            "request_id": w.help_request.pk,
        }
        return re.sub(r"\{(\w+)\}", lambda found: str(ids[found[1]]), path)

    return Row(f"{method} {path}", method, outcomes, url, data=data)


def case_pk(w: Matrix) -> int:
    return w.case.pk


def today() -> str:
    return timezone.localdate().isoformat()


def case_form(w: Matrix) -> dict[str, Any]:
    return {
        "version": w.case.version,
        "channel": "walk_in",
        "urgency": "critical",
        "problem_types": [p.pk for p in w.case.problem_types.all()],
    }


CASES = "/api/v1/cases"
ROWS = [
    # pages of cases
    Row("cases:case_list", "GET", CASE_SECTION, lambda w: reverse("cases:case_list")),
    Row(
        "cases:case_open",
        "GET",
        OPEN_FORM,
        lambda w: reverse("cases:case_open") + f"?person={w.person.pk}",
    ),
    Row(
        "cases:case_open",
        "POST",
        OPEN_POST,
        lambda w: reverse("cases:case_open") + f"?person={w.person.pk}",
        lambda w: {**case_form(w), "version": ""},
    ),
    page("cases:case_detail", "GET", CASE_READ, case_pk),
    page("cases:case_edit", "GET", CASE_MANAGE_FORM, case_pk),
    page("cases:case_edit", "POST", CASE_MANAGE_POST, case_pk, data=case_form),
    page("cases:case_assign", "GET", CASE_MANAGE_FORM, case_pk),
    page(
        "cases:case_assign",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        data=lambda w: {"version": w.case.version, "assigned_officer": w.users["sub"].pk},
    ),
    page("cases:case_note", "POST", CASE_SEE_POST, case_pk, data=lambda w: {"text": "โทรแล้ว"}),
    page("cases:case_transition", "GET", CASE_MANAGE_FORM, case_pk, lambda w: "in_service"),
    page(
        "cases:case_transition",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        lambda w: "in_service",
        data=lambda w: {"version": w.case.version},
    ),
    page("cases:care_plan", "GET", CASE_READ, case_pk),
    page(
        "cases:care_plan",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        data=lambda w: {"version": 1, "summary": "เยี่ยมบ้านทุกสัปดาห์"},
    ),
    page(
        "cases:goal_add", "POST", CASE_MANAGE_POST, case_pk, data=lambda w: {"goal-text": "มีงานทำ"}
    ),
    page(
        "cases:goal_status",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        lambda w: w.goal.pk,
        data=lambda w: {"status": "achieved"},
    ),
    page(
        "cases:action_add",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        lambda w: w.goal.pk,
        data=lambda w: {"action-description": "พาไปสมัครงาน"},
    ),
    page("cases:action_done", "POST", CASE_MANAGE_POST, case_pk, lambda w: w.action.pk),
    page("cases:case_timeline", "GET", CASE_READ, case_pk),
    Row("cases:queues", "GET", QUEUES, lambda w: reverse("cases:queues")),
    page("cases:queue", "GET", REFERRAL_QUEUE, lambda w: "referrals"),
    # referrals
    page("cases:case_refer", "GET", CASE_MANAGE_FORM, case_pk),
    page(
        "cases:case_refer",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        data=lambda w: {"service": w.service.pk, "request": "ขอยืมรถเข็น", "answer_due": ""},
    ),
    Row("cases:referral_inbox", "GET", INBOX, lambda w: reverse("cases:referral_inbox")),
    page("cases:referral_detail", "GET", REFERRAL_READ, lambda w: w.referral.pk),
    page("cases:referral_answer", "GET", ANSWER_FORM, lambda w: w.referral.pk, lambda w: "accept"),
    page(
        "cases:referral_answer",
        "POST",
        ANSWER_POST,
        lambda w: w.referral.pk,
        lambda w: "accept",
        data=lambda w: {"version": w.referral.version},
    ),
    page("cases:referral_withdraw", "GET", WITHDRAW_FORM, lambda w: w.referral.pk),
    page(
        "cases:referral_withdraw",
        "POST",
        WITHDRAW_POST,
        lambda w: w.referral.pk,
        data=lambda w: {"version": w.referral.version, "reason": "ญาติรับไปดูแลเอง"},
    ),
    # field work
    Row("cases:my_visits", "GET", CASE_SECTION, lambda w: reverse("cases:my_visits")),
    page("cases:visit_list", "GET", CASE_READ, case_pk),
    page("cases:visit_new", "GET", CASE_READ, case_pk),
    page(
        "cases:visit_new",
        "POST",
        CASE_SEE_POST,
        case_pk,
        data=lambda w: {"visited_on": today(), "observations": "เยี่ยมตามนัด"},
    ),
    page("cases:visit_photo", "GET", CASE_READ, case_pk, lambda w: w.photo_visit.pk),
    page("cases:assistance", "GET", CASE_READ, case_pk),
    page(
        "cases:assistance",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        data=lambda w: {
            "assistance-given_on": today(),
            "assistance-kind": "cash",
            "assistance-description": "เงินสงเคราะห์",
            "assistance-amount": "1000",
            "assistance-source": "government",
        },
    ),
    page("cases:follow_ups", "GET", CASE_READ, case_pk),
    page(
        "cases:follow_ups",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        data=lambda w: {"follow_up-due_on": today(), "follow_up-purpose": "ติดตามอาการ"},
    ),
    page("cases:follow_up_done", "GET", CASE_READ, case_pk, lambda w: w.follow_up.pk),
    page(
        "cases:follow_up_done",
        "POST",
        CASE_SEE_POST,
        case_pk,
        lambda w: w.follow_up.pk,
        data=lambda w: {"result": "อาการดีขึ้น"},
    ),
    page(
        "cases:follow_up_cancel",
        "POST",
        CASE_MANAGE_POST,
        case_pk,
        lambda w: w.follow_up.pk,
        data=lambda w: {"reason": "ย้ายออกนอกพื้นที่"},
    ),
    # public requests for help, officers' side
    Row("cases:request_list", "GET", REQUESTS, lambda w: reverse("cases:request_list")),
    page("cases:request_detail", "GET", REQUEST_FORM, lambda w: w.help_request.pk),
    page("cases:request_open_case", "GET", REQUEST_FORM, lambda w: w.help_request.pk),
    page(
        "cases:request_open_case",
        "POST",
        REQUEST_POST,
        lambda w: w.help_request.pk,
        data=lambda w: {
            "mode": "existing",
            "subject": f"person:{w.person.pk}",
            "urgency": "high",
            "problem_types": [p.pk for p in w.case.problem_types.all()],
        },
    ),
    page("cases:request_close", "GET", REQUEST_FORM, lambda w: w.help_request.pk),
    page(
        "cases:request_close",
        "POST",
        REQUEST_POST,
        lambda w: w.help_request.pk,
        data=lambda w: {"note": "ซ้ำกับกรณีที่เปิดแล้ว"},
    ),
    # the public pages (no sign-in)
    Row("help:form", "GET", PUBLIC, lambda w: reverse("help:form")),
    Row("help:form", "POST", PUBLIC_POST, lambda w: reverse("help:form"), lambda w: form_post()),
    Row("help:thanks", "GET", PUBLIC_REDIRECT, lambda w: reverse("help:thanks")),
    Row(
        "help:status",
        "GET",
        PUBLIC,
        lambda w: reverse("help:status") + f"?reference={w.help_request.reference}",
    ),
    # notifications
    Row("notifications:badge", "GET", BADGE, lambda w: reverse("notifications:badge")),
    Row("notifications:list", "GET", SIGNED_IN, lambda w: reverse("notifications:list")),
    page("notifications:open", "POST", OWN_NOTIFICATION, lambda w: w.notification.pk),
    Row(
        "notifications:read_all",
        "POST",
        SIGNED_IN_POST,
        lambda w: reverse("notifications:read_all"),
        writes=False,  # only a user with unread notifications changes anything
    ),
    # the API
    endpoint("GET", f"{CASES}/", API_LIST),
    endpoint(
        "POST",
        f"{CASES}/",
        API_OPEN_CASE,
        lambda w: {"person_id": w.person.pk, "channel": "walk_in", "problem_types": ["poverty"]},
    ),
    endpoint("GET", f"{CASES}/{{case_id}}", API_CASE_READ),
    endpoint(
        "PUT",
        f"{CASES}/{{case_id}}",
        API_CASE_MANAGE,
        lambda w: {"version": w.case.version, "channel": "walk_in", "problem_types": ["elderly"]},
    ),
    endpoint(
        "PUT",
        f"{CASES}/{{case_id}}/assignment",
        API_CASE_MANAGE,
        lambda w: {"version": w.case.version, "assigned_officer_id": w.users["sub"].pk},
    ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/transitions",
        API_CASE_MANAGE,
        lambda w: {"to": "in_service", "version": w.case.version},
    ),
    endpoint(
        "POST", f"{CASES}/{{case_id}}/notes", API_CASE_SEE_CREATE, lambda w: {"text": "โทรแล้ว"}
    ),
    endpoint("GET", f"{CASES}/{{case_id}}/timeline", API_CASE_READ),
    endpoint("GET", f"{CASES}/{{case_id}}/care-plan", API_CASE_READ),
    endpoint(
        "PUT",
        f"{CASES}/{{case_id}}/care-plan",
        API_CASE_MANAGE,
        lambda w: {"version": 1, "summary": "ติดตามรายเดือน"},
    ),
    endpoint(
        "POST", f"{CASES}/{{case_id}}/care-plan/goals", API_CASE_CREATE, lambda w: {"text": "มีงาน"}
    ),
    endpoint(
        "PUT",
        f"{CASES}/{{case_id}}/care-plan/goals/{{goal_id}}/status",
        API_CASE_MANAGE,
        lambda w: {"status": "achieved"},
    ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/care-plan/goals/{{goal_id}}/actions",
        API_CASE_CREATE,
        lambda w: {"description": "พาไปสมัครงาน"},
    ),
    endpoint("POST", f"{CASES}/{{case_id}}/care-plan/actions/{{action_id}}/done", API_CASE_MANAGE),
    endpoint("GET", f"{CASES}/referrals/", API_LIST),
    endpoint(
        "POST",
        f"{CASES}/referrals/",
        API_REFER,
        lambda w: {"case_id": w.case.pk, "service_id": w.service.pk, "request": "ขอยืมรถเข็น"},
    ),
    endpoint("GET", f"{CASES}/referrals/{{referral_id}}", API_REFERRAL_READ),
    endpoint(
        "POST",
        f"{CASES}/referrals/{{referral_id}}/answer",
        API_ANSWER,
        lambda w: {"action": "accept", "version": w.referral.version},
    ),
    endpoint(
        "POST",
        f"{CASES}/referrals/{{referral_id}}/withdraw",
        API_WITHDRAW,
        lambda w: {"version": w.referral.version},
    ),
    endpoint("GET", f"{CASES}/{{case_id}}/visits", API_CASE_READ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/visits",
        API_CASE_SEE_CREATE,
        lambda w: {"visited_on": today(), "observations": "เยี่ยมตามนัด"},
    ),
    endpoint("GET", f"{CASES}/{{case_id}}/visits/{{visit_id}}/photo", API_CASE_READ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/visits/{{visit_id}}/photo",
        API_CASE_SEE_WRITE,
        lambda w: {"photo": upload(image_bytes())},
    ),
    endpoint("GET", f"{CASES}/{{case_id}}/assistance", API_CASE_READ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/assistance",
        API_CASE_CREATE,
        lambda w: {
            "given_on": today(),
            "kind": "cash",
            "description": "เงินสงเคราะห์",
            "amount": "2000.00",
            "source": "government",
        },
    ),
    endpoint("GET", f"{CASES}/{{case_id}}/follow-ups", API_CASE_READ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/follow-ups",
        API_CASE_CREATE,
        lambda w: {"due_on": today(), "purpose": "ติดตามอาการ"},
    ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/follow-ups/{{follow_up_id}}/complete",
        API_CASE_SEE_WRITE,
        lambda w: {"result": "อาการดีขึ้น"},
    ),
    endpoint(
        "POST",
        f"{CASES}/{{case_id}}/follow-ups/{{follow_up_id}}/cancel",
        API_CASE_MANAGE,
        lambda w: {"reason": "ย้ายออกนอกพื้นที่"},
    ),
    endpoint("GET", f"{CASES}/requests/", API_REQUESTS),
    endpoint("GET", f"{CASES}/requests/{{request_id}}", API_REQUEST_READ),
    endpoint(
        "POST",
        f"{CASES}/requests/{{request_id}}/open-case",
        API_REQUEST_CREATE,
        lambda w: {"person_id": w.person.pk, "problem_types": ["elderly"]},
    ),
    endpoint(
        "POST",
        f"{CASES}/requests/{{request_id}}/close",
        API_REQUEST_READ,
        lambda w: {"note": "ซ้ำกับกรณีที่เปิดแล้ว"},
    ),
]


# --- sending a row, and what "nothing changed" means -----------------------------------------

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
    Consent,
]


def snapshot() -> list[list[tuple[Any, ...]]]:
    """Every row of the records the cases app writes, with every field."""
    return [list(model.objects.order_by("pk").values_list()) for model in WATCHED]


def send(row: Row, w: Matrix, role: str) -> Any:
    url = row.url(w)
    data = row.data(w) if row.data else None
    if row.api:
        client = w.tokens[role]
        if row.method == "GET":
            return client.get(url)
        if data is not None and "photo" in data:
            return client.post(url, data)  # multipart
        body = json.dumps(data or {})
        method = getattr(client, row.method.lower())
        return method(url, body, content_type="application/json")
    client = Client()
    if role != "anon":
        login(client, w.users[role])
    return getattr(client, row.method.lower())(url, data or {})


def outcome(response: Any) -> str:
    location = response.get("Location", "") if response.status_code == 302 else ""
    if location.startswith(reverse("account_login")):
        return LOGIN
    return str(response.status_code)


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return ""  # a photo's bytes
    return response.content.decode(errors="replace")


def run(row: Row, w: Matrix, role: str) -> tuple[str, list[str]]:
    """Send `row` as `role` and roll it back; the outcome and what went wrong besides it."""
    problems: list[str] = []
    cache.clear()  # the public form's rate limits count in the cache
    with transaction.atomic():
        before = snapshot()
        response = send(row, w, role)
        changed = snapshot() != before
        transaction.set_rollback(True)
    got = outcome(response)
    allowed = got in ("200", "201", "204", "302") and got != LOGIN
    if changed and (row.method == "GET" or not allowed):
        problems.append("changed the data")
    if row.method != "GET" and allowed and row.writes and not changed:
        problems.append("was allowed but changed nothing")
    text = body_of(response)
    hidden = w.secrets(role)
    if got in ("403", "404"):  # an error page names nobody, whoever asks
        hidden += [w.person.first_name, w.person.last_name, w.case.reference]
    leaked = [secret for secret in dict.fromkeys(hidden) if secret and secret in text]
    if leaked:
        problems.append(f"leaked {leaked}")
    return got, problems


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_every_role_gets_what_the_policy_says(m: Matrix, row: Row) -> None:
    expected = row.expected()
    wrong = []
    for role in ROLES:
        got, problems = run(row, m, role)
        if got != expected[role] or problems:
            wrong.append(f"{role}: expected {expected[role]}, got {got} {' '.join(problems)}")
    assert not wrong, "\n".join(wrong)


# --- the table cannot go stale --------------------------------------------------------------


def routes_served() -> set[str]:
    names = {f"cases:{p.name}" for p in case_urls.urlpatterns}
    names |= {f"help:{p.name}" for p in help_urls.urlpatterns}
    names |= {f"notifications:{p.name}" for p in notification_urls.urlpatterns}
    for path, operations in api.get_openapi_schema()["paths"].items():
        if path.startswith("/api/v1/cases/"):
            names |= {f"{method.upper()} {path}" for method in operations}
    return names


def test_every_route_of_the_cases_app_has_a_row() -> None:
    in_table = {row.route for row in ROWS}

    assert routes_served() - in_table == set(), "a route without a row in the policy matrix"
    assert in_table - routes_served() == set(), "a row for a route that is gone"


def test_every_api_row_is_a_served_operation() -> None:
    served = routes_served()

    assert all(row.route in served for row in ROWS if row.api)


# --- lists, searches and counts -------------------------------------------------------------

SIGNED_IN_ROLES = [role for role in ROLES if role != "anon"]


def listings(w: Matrix) -> list[str]:
    """Every page that lists or counts cases, referrals or requests, with searches."""
    person, reference = w.person, w.case.reference
    return [
        "/",
        reverse("cases:case_list"),
        reverse("cases:case_list") + f"?q={person.first_name}",
        reverse("cases:case_list") + f"?q={person.last_name}",
        reverse("cases:case_list") + f"?q={reference}",
        reverse("cases:case_list") + "?area-province=50&area-district=5001&area-subdistrict=500101",
        *(reverse("cases:queue", args=[slug]) for slug in Queue.values),
        reverse("cases:my_visits"),
        reverse("cases:referral_inbox") + "?overdue=on",
        reverse("cases:request_list") + "?status=received",
        reverse("notifications:list"),
    ]


def api_listings(w: Matrix) -> list[str]:
    person, reference = w.person, w.case.reference
    return [
        f"{CASES}/",
        f"{CASES}/?q={person.first_name}",
        f"{CASES}/?q={reference}",
        f"{CASES}/?area=500101",
        f"{CASES}/?mine=true",
        f"{CASES}/referrals/",
        f"{CASES}/referrals/?case_id={w.case.pk}",
        f"{CASES}/referrals/?overdue=true",
        f"{CASES}/requests/",
    ]


def home_counts(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-count="(\d+)"', html)]


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_no_list_search_or_count_shows_a_case_to_who_may_not_see_it(m: Matrix, role: str) -> None:
    client = login(Client(), m.users[role])
    secrets = m.secrets(role)
    sees = role in SEES_CASE
    for url in listings(m):
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (403, 404), url
            continue
        html = response.content.decode()
        assert not [s for s in secrets if s in html and s not in url], url  # a search echoes
        if url == "/":
            # Not even as a number: outside the case's area every queue counts nothing.
            assert (sum(home_counts(html)) > 0) == (role in SEES_REFERENCE), home_counts(html)
    searched = client.get(reverse("cases:case_list"), {"q": m.person.first_name})
    if searched.status_code == 200:
        # The search finds the case exactly for who may see it (so the checks above can fail).
        assert (m.case.reference in searched.content.decode()) == sees
        assert ('id="cases-empty"' in searched.content.decode()) == (not sees)
    for url in api_listings(m):
        response = m.tokens[role].get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        assert not [s for s in secrets if s in response.content.decode() and s not in url], url
        count = response.json()["count"]
        if url.startswith(f"{CASES}/?") and "mine" not in url:
            assert count == (1 if sees else 0), url
        elif url.startswith(f"{CASES}/referrals/"):
            assert count == (1 if role in SEES_REFERENCE else 0), url
        elif url.startswith(f"{CASES}/requests/"):
            assert count == (1 if role in HANDLES_REQUEST else 0), url


@pytest.mark.parametrize(
    ("role", "method", "path", "payload"),
    [
        ("prov_other", "post", f"{CASES}/", "person_id"),
        ("sub_other", "post", f"{CASES}/referrals/", "case_id"),
        ("member", "post", f"{CASES}/referrals/", "case_id"),
    ],
)
def test_an_id_outside_the_area_gets_the_answer_of_an_id_that_does_not_exist(
    m: Matrix, role: str, method: str, path: str, payload: str
) -> None:
    def attempt(pk: int) -> Any:
        body = {
            payload: pk,
            "channel": "walk_in",
            "problem_types": ["elderly"],
            "service_id": m.service.pk,
            "request": "ขอยืมรถเข็น",
        }
        response = m.tokens[role].post(path, json.dumps(body), content_type="application/json")
        return response.status_code, response.content.decode().replace(str(pk), "<id>")

    hidden = m.person.pk if payload == "person_id" else m.case.pk

    assert attempt(hidden) == attempt(999999)
    assert attempt(hidden)[0] == 400
