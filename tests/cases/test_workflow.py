"""The case workflow: every allowed transition works and is dated, attributed and audited;
every illegal one is refused through the service, the page and the API, with the state (and
everything else) unchanged."""

import json

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from tambon.accounts.models import User
from tambon.cases import workflow
from tambon.cases.models import Case, CaseEvent, State
from tambon.cases.selectors import hooks
from tambon.cases.services.workflow import (
    MSG_ILLEGAL,
    MSG_OPEN_REFERRALS,
    MSG_OUTCOME_ONLY_ON_CLOSE,
    MSG_OUTCOME_REQUIRED,
    MSG_SELF_RELIANT_TOO_EARLY,
    transition_case,
)
from tambon.core.errors import ValidationError
from tests.cases.factories import fresh, make_case
from tests.conftest import login
from tests.registry.test_people_support import api_client

pytestmark = pytest.mark.django_db

ALLOWED = sorted(workflow.STEPS)
ILLEGAL = sorted(
    (source, target)
    for source in State.values
    for target in State.values
    if (source, target) not in workflow.STEPS
)


def arguments(source: str, target: str) -> dict[str, str]:
    """What a user gives for a transition: an outcome when closing, a reason where needed."""
    found = workflow.step(source, target)
    assert found is not None
    args = {"reason": "", "outcome": ""}
    if found.needs_outcome:
        args["outcome"] = "self_reliant" if source in ("in_service", "follow_up") else "declined"
    if workflow.reason_required(source, target, args["outcome"]):
        args["reason"] = "ผู้สูงอายุปฏิเสธการช่วยเหลือ ญาติรับไปดูแลเอง"
    return args


def state_audited(case: Case) -> list[str]:
    """The states the change history recorded the case moving to."""
    entries = LogEntry.objects.get_for_object(case).order_by("timestamp", "pk")
    return [e.changes_dict["state"][1] for e in entries if "state" in (e.changes_dict or {})]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_transition_moves_the_case_and_is_recorded(
    siphum_officer: User, source: str, target: str
) -> None:
    case = make_case(siphum_officer, state=source)
    events_before = CaseEvent.objects.filter(case=case).count()

    transition_case(
        case=case,
        to=target,
        by=siphum_officer,
        expected_version=case.version,
        **arguments(source, target),
    )

    saved = fresh(case)
    assert saved.state == target
    event = CaseEvent.objects.filter(case=case).latest("pk")
    assert (event.kind, event.from_state, event.to_state, event.by) == (
        CaseEvent.Kind.TRANSITION,
        source,
        target,
        siphum_officer,
    )
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    assert state_audited(case)[-1] == target
    if target == State.CLOSED:
        assert saved.outcome and saved.closed_at is not None
    else:
        assert saved.outcome == "" and saved.closed_at is None


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_illegal_transition_is_refused_by_the_service(
    siphum_officer: User, source: str, target: str
) -> None:
    case = make_case(siphum_officer, state=source)
    before = (case.version, CaseEvent.objects.filter(case=case).count())

    with pytest.raises(ValidationError) as refused:
        transition_case(
            case=case,
            to=target,
            by=siphum_officer,
            expected_version=case.version,
            reason="ทดสอบ",
            outcome="declined" if target == State.CLOSED else "",
        )

    assert refused.value.message == gettext(MSG_ILLEGAL) % {
        "from": State(source).label,
        "to": State(target).label,
    }
    saved = fresh(case)
    assert saved.state == source
    assert (saved.version, CaseEvent.objects.filter(case=case).count()) == before


@pytest.mark.parametrize(
    ("source", "target"),
    [("intake", "in_service"), ("screening", "follow_up"), ("closed", "in_service")],
)
def test_an_illegal_transition_posted_on_the_page_is_refused(
    client: Client, siphum_officer: User, source: str, target: str
) -> None:
    case = make_case(siphum_officer, state=source)
    login(client, siphum_officer)

    response = client.post(
        reverse("cases:case_transition", args=[case.pk, target]),
        {"version": case.version, "reason": "ข้ามขั้นตอน"},
    )

    assert response.status_code == 400
    assert "ไม่สามารถ" in response.content.decode() or "cannot" in response.content.decode()
    assert fresh(case).state == source


@pytest.mark.parametrize(
    ("source", "target"),
    [("intake", "closed_bogus"), ("intake", "planning"), ("follow_up", "screening")],
)
def test_an_illegal_transition_through_the_api_is_a_400_and_changes_nothing(
    siphum_officer: User, source: str, target: str
) -> None:
    case = make_case(siphum_officer, state=source)

    response = api_client(siphum_officer).post(
        f"/api/v1/cases/{case.pk}/transitions",
        json.dumps({"to": target, "version": case.version}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "to"
    assert fresh(case).state == source
    assert fresh(case).version == case.version


def test_the_api_cannot_set_the_state_through_an_update(siphum_officer: User) -> None:
    case = make_case(siphum_officer)

    response = api_client(siphum_officer).put(
        f"/api/v1/cases/{case.pk}",
        json.dumps(
            {
                "version": case.version,
                "channel": "walk_in",
                "problem_types": ["elderly"],
                "state": "closed",
                "outcome": "self_reliant",
            }
        ),
        content_type="application/json",
    )

    assert response.status_code == 200
    saved = fresh(case)
    assert (saved.state, saved.outcome, saved.channel) == ("intake", "", "walk_in")


def test_the_state_field_cannot_be_assigned_in_code(siphum_officer: User) -> None:
    case = make_case(siphum_officer)

    with pytest.raises(AttributeError):
        case.state = State.CLOSED  # type: ignore[assignment]


def test_closing_needs_an_outcome(siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.FOLLOW_UP)

    with pytest.raises(ValidationError) as refused:
        transition_case(case=case, to="closed", by=siphum_officer, expected_version=case.version)

    assert (refused.value.field, refused.value.message) == (
        "outcome",
        gettext(MSG_OUTCOME_REQUIRED),
    )
    assert fresh(case).state == State.FOLLOW_UP


def test_a_case_is_self_reliant_only_after_help_was_given(siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.SCREENING)

    with pytest.raises(ValidationError) as refused:
        transition_case(
            case=case,
            to="closed",
            by=siphum_officer,
            expected_version=case.version,
            outcome="self_reliant",
        )

    assert refused.value.message == gettext(MSG_SELF_RELIANT_TOO_EARLY)
    assert fresh(case).state == State.SCREENING


def test_an_outcome_is_given_only_when_closing(siphum_officer: User) -> None:
    case = make_case(siphum_officer)

    with pytest.raises(ValidationError) as refused:
        transition_case(
            case=case,
            to="screening",
            by=siphum_officer,
            expected_version=case.version,
            outcome="moved",
        )

    assert refused.value.message == gettext(MSG_OUTCOME_ONLY_ON_CLOSE)
    assert fresh(case).state == State.INTAKE


@pytest.mark.parametrize(
    ("source", "target", "outcome"),
    [
        ("closed", "reopened", ""),
        ("follow_up", "in_service", ""),
        ("intake", "closed", "declined"),
        ("in_service", "closed", "moved"),
        ("screening", "closed", "deceased"),
    ],
)
def test_these_transitions_need_a_reason(
    siphum_officer: User, source: str, target: str, outcome: str
) -> None:
    case = make_case(siphum_officer, state=source)

    with pytest.raises(ValidationError) as refused:
        transition_case(
            case=case,
            to=target,
            by=siphum_officer,
            expected_version=case.version,
            outcome=outcome,
            reason="   ",
        )

    assert refused.value.field == "reason"
    assert fresh(case).state == source


def test_closing_as_self_reliant_needs_no_reason(siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.FOLLOW_UP)

    transition_case(
        case=case,
        to="closed",
        by=siphum_officer,
        expected_version=case.version,
        outcome="self_reliant",
    )

    assert fresh(case).outcome == "self_reliant"


def test_a_case_with_an_open_referral_cannot_be_closed(
    siphum_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = make_case(siphum_officer, state=State.FOLLOW_UP)
    monkeypatch.setattr(hooks, "has_open_referrals", lambda case: True)

    with pytest.raises(ValidationError) as refused:
        transition_case(
            case=case,
            to="closed",
            by=siphum_officer,
            expected_version=case.version,
            outcome="self_reliant",
        )

    assert refused.value.message == gettext(MSG_OPEN_REFERRALS)
    assert fresh(case).state == State.FOLLOW_UP
    # The state machine itself agrees: closing is not offered.
    assert "closed" not in [t.target for t in case.get_available_state_transitions()]


def test_reopening_clears_the_outcome_and_the_timeline_keeps_it(siphum_officer: User) -> None:
    case = make_case(siphum_officer, state=State.REOPENED)

    saved = fresh(case)
    assert (saved.outcome, saved.closed_at) == ("", None)
    closing = CaseEvent.objects.get(case=case, to_state=State.CLOSED)
    assert closing.data == {"outcome": "self_reliant"}
    reopening = CaseEvent.objects.get(case=case, to_state=State.REOPENED)
    assert reopening.reason == "ญาติแจ้งว่ากลับมามีปัญหาอีก"


def test_the_case_page_offers_only_the_steps_the_machine_allows(
    client: Client, siphum_officer: User
) -> None:
    case = make_case(siphum_officer, state=State.FOLLOW_UP)

    html = login(client, siphum_officer).get(reverse("cases:case_detail", args=[case.pk]))
    content = html.content.decode()

    offered = {target for target in State.values if f'data-to="{target}"' in content}
    assert offered == {"in_service", "closed"}


def test_closing_through_the_page_asks_for_the_outcome(
    client: Client, siphum_officer: User
) -> None:
    case = make_case(siphum_officer, state=State.FOLLOW_UP)
    login(client, siphum_officer)
    url = reverse("cases:case_transition", args=[case.pk, "closed"])

    form = client.get(url)
    missing = client.post(url, {"version": case.version})
    done = client.post(url, {"version": case.version, "outcome": "self_reliant"})

    assert 'name="outcome"' in form.content.decode()
    assert missing.status_code == 400
    assert done.status_code == 302
    saved = fresh(case)
    assert (saved.state, saved.outcome) == ("closed", "self_reliant")
