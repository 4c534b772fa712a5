"""The data-subject export: everything held on a person, for national admins only, itself
written to the access log; the full national ID appears only there."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tambon.accounts.models import AccessLog, User
from tambon.accounts.services import record_access
from tambon.cases.models import Case, State
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.care_plans import add_action, add_goal, save_care_plan
from tambon.cases.services.cases import CaseData, add_note, open_case
from tambon.cases.services.follow_ups import schedule_follow_up
from tambon.cases.services.visits import record_visit
from tambon.core import nationalid
from tambon.registry.models import AssessmentAnswer, Indicator, Merge, Person
from tambon.registry.selectors.subject import export_subject
from tambon.registry.services.consent import add_consent
from tambon.registry.services.duplicates import merge_people
from tambon.registry.services.people import create_person, update_person
from tests.cases.factories import make_case, person_in, problems
from tests.cases.referral_support import NATIONAL_ID, World, world_fixture  # noqa: F401
from tests.conftest import login
from tests.registry.factories import make_household, make_person
from tests.registry.test_people_support import assess, new_national_id, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_id() -> str:
    return new_national_id()


@pytest.fixture
def person(siphum_officer: User, national_id: str) -> Person:
    """บุญมี, head of a household with her husband, with a consent, an assessment and history."""
    household = make_household(house_number="8/2")
    make_person(first_name="สมปอง", last_name="ศรีวงศ์", household=household, relation="spouse")
    person = create_person(
        by=siphum_officer,
        data=person_data(national_id=national_id, household=household, relation="head"),
    )
    update_person(
        by=siphum_officer,
        person=person,
        expected_version=1,
        data=person_data(household=household, relation="head", phone="0891112222"),
    )
    add_consent(by=siphum_officer, person=person, purpose="registry", given_on=dt.date(2025, 3, 1))
    assessment = assess(household=household, problems=["poverty"], on=dt.date(2025, 2, 1))
    AssessmentAnswer.objects.create(
        assessment=assessment, indicator=Indicator.objects.get(code="income_household"), met=False
    )
    record_access(user=siphum_officer, obj=person, action=AccessLog.Action.VIEW)
    other = make_person(first_name="บุญมี ซ้ำ")
    Merge.objects.create(survivor=person, merged=other, merged_by=siphum_officer, reason="คนเดียวกัน")
    return person


def test_the_json_export_holds_everything_with_the_full_id(
    client: Client, admin: User, person: Person, national_id: str
) -> None:
    response = login(client, admin).get(reverse("registry:subject_export_json", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    data = json.loads(response.content)
    assert nationalid.normalize(data["person"]["national_id"]) == national_id
    assert data["person"]["phone"] == "0891112222"
    assert [m["name"] for m in data["household"]["members"]] == ["สมปอง ศรีวงศ์"]
    assert data["consents"][0]["purpose"] == "registry"
    answers = data["assessments"][0]["answers"]
    assert answers == [
        {
            "indicator": "income_household",
            "question": answers[0]["question"],
            "met": False,
            "note": "",
        }
    ]
    assert data["assessments"][0]["problems"][0]["code"] == "poverty"
    assert {row["action"] for row in data["access_log"]} >= {"view", "export"}
    assert len(data["change_history"]) >= 3  # created, changed, consent created
    assert data["merges"][0]["survivor_id"] == person.pk
    for entry in data["change_history"]:
        assert national_id not in json.dumps(entry, ensure_ascii=False)


def test_the_printable_export_shows_the_full_id_to_the_admin(
    client: Client, admin: User, person: Person, national_id: str
) -> None:
    response = login(client, admin).get(reverse("registry:subject_export", args=[person.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert nationalid.format(national_id) in html
    assert "สมปอง" in html
    assert "no-store" in response["Cache-Control"]


def test_the_export_is_written_to_the_access_log(
    client: Client, admin: User, person: Person
) -> None:
    login(client, admin).get(reverse("registry:subject_export_json", args=[person.pk]))

    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).get()
    assert (entry.user, entry.object_id) == (admin, str(person.pk))


def test_an_officer_may_not_export_and_gets_no_id(
    client: Client, siphum_officer: User, person: Person, national_id: str
) -> None:
    response = login(client, siphum_officer).get(
        reverse("registry:subject_export_json", args=[person.pk])
    )

    assert response.status_code == 403
    assert national_id not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_only_the_admin_sees_the_export_buttons(
    client: Client, admin: User, siphum_officer: User, person: Person
) -> None:
    url = reverse("registry:person_detail", args=[person.pk])

    assert 'id="export-json"' in login(client, admin).get(url).content.decode()
    assert 'id="export-json"' not in login(client, siphum_officer).get(url).content.decode()


# --- the person's cases ------------------------------------------------------------------


def work_on(case: Case, world: World) -> None:
    """What an officer does in a case: a care plan, a visit, cash, a referral, a follow-up,
    a note."""
    officer, today = world.officer, timezone.localdate()
    save_care_plan(by=officer, case=case, summary="ดูแลให้มีรายได้พอใช้", expected_version=None)
    goal = add_goal(by=officer, case=case, text="มีรายได้พอใช้จ่ายรายเดือน")
    add_action(
        by=officer,
        case=case,
        goal=goal,
        description="สมัครเบี้ยยังชีพผู้สูงอายุ",
        owner_text="อบต.ศรีภูมิ",
        due_date=today + dt.timedelta(days=14),
    )
    record_visit(
        case=case,
        visited_on=today,
        met="บุตรสาว",
        observations="บ้านทรุดโทรม หลังคารั่ว",
        dimension_scores={"living": 2},
        by=officer,
    )
    record_assistance(
        case=case,
        given_on=today,
        kind="cash",
        description="เงินสงเคราะห์ครอบครัว",
        amount="1500",
        source="community_fund",
        by=officer,
    )
    world.refer(case=case)
    schedule_follow_up(
        case=case, due_on=today + dt.timedelta(days=30), purpose="ติดตามการซ่อมหลังคา", by=officer
    )
    add_note(by=officer, case=case, text="ญาติโทรมาแจ้งว่าย้ายไปอยู่กับบุตรสาวชั่วคราว")


@pytest.fixture
def helped(world: World) -> Person:
    """บุญมี of the referral world, whose planning case had every kind of work done."""
    work_on(world.case, world)
    person = world.case.person
    assert person is not None
    return person


def test_the_export_holds_the_case_and_all_that_was_done_in_it(
    admin: User, world: World, helped: Person
) -> None:
    with translation.override("en"):
        record = export_subject(by=admin, person=helped)

    [case] = record["cases"]
    assert (case["reference"], case["state"]) == (world.case.reference, "planning")
    assert {p["code"] for p in case["problem_types"]} == {"elderly", "poverty"}
    [goal] = case["care_plan"]["goals"]
    assert goal["goal"] == "มีรายได้พอใช้จ่ายรายเดือน"
    assert goal["actions"][0]["owner"] == "อบต.ศรีภูมิ"
    assert case["visits"][0]["observations"] == "บ้านทรุดโทรม หลังคารั่ว"
    assert case["visits"][0]["quick_reassessment"][0]["label"] == "living conditions"
    assert (case["assistance"][0]["amount"], case["assistance"][0]["source_label"]) == (
        Decimal("1500.00"),
        "community welfare fund",
    )
    [referral] = case["referrals"]
    assert (referral["partner"], referral["state_label"]) == (world.fund.name, "sent")
    assert case["follow_ups"][0]["purpose"] == "ติดตามการซ่อมหลังคา"
    assert case["notes"][0]["text"] == "ญาติโทรมาแจ้งว่าย้ายไปอยู่กับบุตรสาวชั่วคราว"


def test_the_export_holds_the_cases_of_records_merged_into_the_person(
    admin: User, world: World, helped: Person
) -> None:
    twin = person_in(first_name="บุญมี", last_name="ศรีวงค์")
    twin_case = make_case(world.officer, person=twin)
    merge_people(by=world.officer, survivor=helped, merged=twin, reason="คนเดียวกัน")

    record = export_subject(by=admin, person=helped)

    cases = {c["reference"]: c["person_id"] for c in record["cases"]}
    assert cases == {world.case.reference: helped.pk, twin_case.reference: twin.pk}


def test_the_export_holds_a_case_opened_on_the_person_s_household_alone(
    admin: User, world: World, helped: Person
) -> None:
    assert helped.household is not None
    of_household = open_case(
        by=world.officer,
        household=helped.household,
        data=CaseData(
            problem_types=problems("poverty"),
            channel=Case.Channel.HOTLINE_1300,
            summary="บ้านทรุดโทรม",
        ),
    )
    elsewhere = make_case(world.officer)  # another household's person

    record = export_subject(by=admin, person=helped)

    cases = {c["reference"]: c["person_id"] for c in record["cases"]}
    assert cases[of_household.reference] is None
    assert elsewhere.reference not in cases


def test_the_cases_in_the_export_hold_no_plaintext_national_id(
    admin: User, world: World, helped: Person
) -> None:
    record = export_subject(by=admin, person=helped)

    text = json.dumps(record["cases"], cls=DjangoJSONEncoder, ensure_ascii=False)
    assert world.case.reference in text
    assert NATIONAL_ID not in text
    assert nationalid.format(NATIONAL_ID) not in text


def test_the_export_reads_each_kind_of_case_record_once_however_many_cases(
    admin: User, world: World, helped: Person
) -> None:
    export_subject(by=admin, person=helped)  # warms the caches (content types, permissions)
    with CaptureQueriesContext(connection) as one_case:
        export_subject(by=admin, person=helped)
    work_on(make_case(world.officer, person=helped, state=State.PLANNING), world)

    with CaptureQueriesContext(connection) as two_cases:
        record = export_subject(by=admin, person=helped)

    assert len(record["cases"]) == 2
    assert len(two_cases) == len(one_case)


def test_the_printable_export_shows_the_cases(
    client: Client, admin: User, world: World, helped: Person
) -> None:
    twin = person_in(first_name="บุญมี", last_name="ศรีวงค์")
    make_case(world.officer, person=twin)
    merge_people(by=world.officer, survivor=helped, merged=twin, reason="คนเดียวกัน")

    with translation.override("en"):
        response = login(client, admin).get(
            reverse("registry:subject_export", args=[helped.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )

    html = response.content.decode()
    cases = html[html.index('id="export-cases"') : html.index('id="export-access-log"')]
    assert f'data-reference="{world.case.reference}"' in cases
    for shown in (
        "Home visits",
        "บ้านทรุดโทรม หลังคารั่ว",
        "1,500.00 baht",
        world.fund.name,
        "ติดตามการซ่อมหลังคา",
        "สมัครเบี้ยยังชีพผู้สูงอายุ",
        "ญาติโทรมาแจ้งว่าย้ายไปอยู่กับบุตรสาวชั่วคราว",
        f"recorded on merged record {twin.pk}",
    ):
        assert shown in cases


def test_the_printable_export_says_when_the_person_has_no_case(
    client: Client, admin: User, person: Person
) -> None:
    with translation.override("en"):
        response = login(client, admin).get(
            reverse("registry:subject_export", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )

    assert "No case is recorded for this person." in response.content.decode()


# --- the change history names fields by their labels -------------------------------------


def test_the_change_history_names_the_changed_fields_by_their_labels(
    client: Client, admin: User, siphum_officer: User, person: Person
) -> None:
    update_person(
        by=siphum_officer,
        person=person,
        expected_version=person.version,
        data=person_data(household=person.household, relation="head", welfare_card=True),
    )

    response = login(client, admin).get(reverse("registry:subject_export", args=[person.pk]))

    history = response.content.decode().split('id="export-history"')[1]
    assert '<span data-field="welfare_card">มีบัตรสวัสดิการแห่งรัฐ</span>' in history
    assert ">welfare_card<" not in history


def test_the_json_change_history_keeps_the_field_names_and_adds_their_labels(
    admin: User, siphum_officer: User, person: Person
) -> None:
    update_person(
        by=siphum_officer,
        person=person,
        expected_version=person.version,
        data=person_data(household=person.household, relation="head", welfare_card=True),
    )

    with translation.override("en"):
        record = export_subject(by=admin, person=person)

    last = record["change_history"][-1]
    assert "welfare_card" in last["changes"]
    assert {"name": "welfare_card", "label": "holds a state welfare card"} in last["fields"]


def test_a_reverse_relation_in_the_history_is_named_by_the_related_records(
    admin: User, person: Person
) -> None:
    with translation.override("en"):
        record = export_subject(by=admin, person=person)

    created = record["change_history"][0]
    assert {"name": "merged_people", "label": "people"} in created["fields"]


def test_a_field_the_model_no_longer_has_keeps_its_raw_name(admin: User, person: Person) -> None:
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=str(person),
        action=LogEntry.Action.UPDATE,
        changes={"village_headman": ["นายสมชาย", "นายสมศักดิ์"]},
    )

    record = export_subject(by=admin, person=person)

    last = record["change_history"][-1]
    assert last["fields"] == [{"name": "village_headman", "label": "village_headman"}]
