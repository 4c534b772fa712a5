"""Who may open and act on a cohort's pages: national admin, organiser, trainer, provincial
officer of the province and of another, trainee, anonymous. Forbidden acts change nothing."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.training.models import Cohort, CohortSession, Enrollment
from tests.conftest import MakeUser, login
from tests.training.factories import CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTORS = (
    "admin",
    "organiser",
    "trainer",
    "cm_provincial",
    "bkk_provincial",
    "trainee",
    "anonymous",
)


@pytest.fixture
def world(make_user: MakeUser) -> dict[str, object]:
    cohort = CohortFactory()
    trainer = make_user("trainer", Role.FACILITATOR, "5001")
    cohort.trainers.add(trainer)
    trainee = EnrollmentFactory(cohort=cohort).trainee
    nominee = EnrollmentFactory(cohort=cohort, status="nominated", decided_at=None)
    return {
        "cohort": cohort,
        "nominee": nominee,
        "users": {
            "admin": make_user("admin", Role.NATIONAL_ADMIN),
            "organiser": cohort.organiser,
            "trainer": trainer,
            "cm_provincial": make_user("cm_provincial", Role.PROVINCIAL_OFFICER, "50"),
            "bkk_provincial": make_user("bkk_provincial", Role.PROVINCIAL_OFFICER, "10"),
            "trainee": trainee,
            "anonymous": None,
        },
    }


def as_actor(client: Client, world: dict, actor: str) -> Client:  # type: ignore[type-arg]
    user = world["users"][actor]
    return login(client, user) if user is not None else client


# Expected status per actor, in the order of ACTORS.
PAGES = {
    "cohort_detail": (200, 200, 200, 200, 404, 200, 302),
    "cohort_trainees": (200, 200, 403, 200, 404, 403, 302),
    "cohort_edit": (200, 200, 403, 200, 404, 403, 302),
    "cohort_sessions": (200, 200, 403, 200, 404, 403, 302),
    "cohort_quotas": (200, 200, 403, 200, 404, 403, 302),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_open_the_cohort_pages(client: Client, world: dict, page: str, actor: str) -> None:  # type: ignore[type-arg]
    response = as_actor(client, world, actor).get(
        reverse(f"training:{page}", args=[world["cohort"].pk])
    )
    assert response.status_code == PAGES[page][ACTORS.index(actor)]


ALLOWED = {"admin", "organiser", "cm_provincial"}
FORBIDDEN_STATUS = {"trainer": 403, "bkk_provincial": 404, "trainee": 403, "anonymous": 302}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_approve_a_nomination(client: Client, world: dict, actor: str) -> None:  # type: ignore[type-arg]
    nominee = world["nominee"]
    response = as_actor(client, world, actor).post(
        reverse("training:enrollment_decide", args=[nominee.pk, "approve"])
    )
    after = Enrollment.objects.get(pk=nominee.pk).status
    if actor in ALLOWED:
        assert (response.status_code, after) == (302, "approved")
    else:
        assert response.status_code == FORBIDDEN_STATUS[actor]
        assert after == "nominated"


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_edit_the_cohort(client: Client, world: dict, actor: str) -> None:  # type: ignore[type-arg]
    cohort: Cohort = world["cohort"]
    data = {
        "version": cohort.version,
        "number": cohort.number,
        "title": "ชื่อใหม่",
        "starts_on": "29/03/2564",
        "ends_on": "31/03/2564",
        "venue": cohort.venue,
        "province": "50",
        "capacity": "60",
        "organiser": cohort.organiser_id,
    }
    response = as_actor(client, world, actor).post(
        reverse("training:cohort_edit", args=[cohort.pk]), data
    )
    title = Cohort.objects.get(pk=cohort.pk).title
    if actor in ALLOWED:
        assert (response.status_code, title) == (302, "ชื่อใหม่")
    else:
        assert response.status_code == FORBIDDEN_STATUS[actor]
        assert title == cohort.title


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_remove_a_session(client: Client, world: dict, actor: str) -> None:  # type: ignore[type-arg]
    session = world["cohort"].sessions.first()
    response = as_actor(client, world, actor).post(
        reverse("training:session_delete", args=[session.pk])
    )
    exists = CohortSession.objects.filter(pk=session.pk).exists()
    if actor in ALLOWED:
        assert (response.status_code, exists) == (302, False)
    else:
        assert response.status_code == FORBIDDEN_STATUS[actor]
        assert exists


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_promote_from_the_waiting_list(client: Client, world: dict, actor: str) -> None:  # type: ignore[type-arg]
    cohort: Cohort = world["cohort"]
    waiting = EnrollmentFactory(cohort=cohort, status="waitlisted")
    response = as_actor(client, world, actor).post(
        reverse("training:cohort_promote", args=[cohort.pk])
    )
    after = Enrollment.objects.get(pk=waiting.pk).status
    if actor in ALLOWED:
        assert (response.status_code, after) == (302, "approved")
    else:
        assert response.status_code == FORBIDDEN_STATUS[actor]
        assert after == "waitlisted"


def test_nobody_signed_out_sees_my_training(client: Client) -> None:
    response = client.get(reverse("training:my_training"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(role=Role.VOLUNTEER),
        lambda: UserFactory(role=Role.INNOVATOR),
    ],
)
def test_people_without_a_nominating_role_cannot_open_the_nomination_page(
    client: Client, make: Callable[[], User]
) -> None:
    cohort = CohortFactory()
    response = login(client, make()).get(reverse("training:cohort_nominate", args=[cohort.pk]))
    assert response.status_code == 403
