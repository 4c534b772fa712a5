"""The cascade: facilitators certified → workshops run → participants reached, per cohort and
province, scoped to the viewer's area; the innovation stages wait for their records."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.training.models import Cohort, Facilitator, Workshop, WorkshopHeadcount
from tambon.training.selectors.cascade import cascade
from tests.conftest import MakeUser, login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

URL = reverse("training:cascade")


def certified(cohort: Cohort, subdistrict: str) -> Facilitator:
    enrollment = EnrollmentFactory(
        cohort=cohort, subdistrict_id=subdistrict, trainee__areas=[subdistrict]
    )
    return Facilitator.objects.create(
        user=enrollment.trainee, cohort=cohort, subdistrict_id=subdistrict
    )


def ran(facilitator: Facilitator, counts: list[int], known: list[User] = ()) -> Workshop:  # type: ignore[assignment]
    workshop = Workshop.objects.create(
        facilitator=facilitator,
        subdistrict_id=facilitator.subdistrict_id,
        date=dt.date(2021, 6, 1),
        kind=Workshop.Kind.YOUTH_CAMP,
        title="ค่ายเยาวชน",
    )
    bands = [("youth", "female"), ("youth", "male"), ("child", "female")]
    for (band, sex), n in zip(bands, counts, strict=False):
        WorkshopHeadcount.objects.create(workshop=workshop, age_band=band, sex=sex, count=n)
    workshop.participants_known.set(known)
    return workshop


@pytest.fixture
def two_cohorts(make_user: MakeUser) -> dict[str, Any]:
    """Cohort 3 (Chiang Mai): two facilitators in Chiang Mai, one in Lamphun; cohort 1: one in
    Bangkok. Workshops: 25 + 10 and 2 named people in Chiang Mai, 7 in Lamphun, 30 in Bangkok."""
    third, first = CohortFactory(number=3), CohortFactory(number=1)
    cm_a, cm_b = certified(third, "500101"), certified(third, "500102")
    lamphun = certified(third, "510101")
    bangkok = certified(first, "100101")
    youth = [make_user(f"youth{n}", Role.INNOVATOR, "500101") for n in range(2)]
    ran(cm_a, [15, 10], known=youth)
    ran(cm_a, [10])
    ran(lamphun, [7])
    ran(bangkok, [20, 10])
    return {"third": third, "first": first, "cm_b": cm_b}


def values(table: Any) -> dict[tuple[int | None, str], list[int | None]]:
    return {
        (row.cohort.number if row.cohort else None, row.province.code): table.ordered(row.values)
        for row in table.rows
    }


def test_a_national_admin_sees_every_cohort_and_province(
    admin: User, two_cohorts: dict[str, Any]
) -> None:
    table = cascade(user=admin)

    assert values(table) == {
        (3, "50"): [2, 2, 37, None, None, None, None],
        (3, "51"): [1, 1, 7, None, None, None, None],
        (1, "10"): [1, 1, 30, None, None, None, None],
    }
    assert table.ordered(table.totals()) == [4, 4, 74, None, None, None, None]


def test_a_provincial_officer_sees_only_their_province(
    cm_officer: User, two_cohorts: dict[str, Any]
) -> None:
    table = cascade(user=cm_officer)

    assert values(table) == {(3, "50"): [2, 2, 37, None, None, None, None]}


def test_it_narrows_to_one_cohort(admin: User, two_cohorts: dict[str, Any]) -> None:
    table = cascade(user=admin, cohort=two_cohorts["first"])

    assert values(table) == {(1, "10"): [1, 1, 30, None, None, None, None]}


def test_the_cohort_lines_sum_their_provinces(admin: User, two_cohorts: dict[str, Any]) -> None:
    lines = {c.number: v for c, v in cascade(user=admin).by_cohort() if c}

    assert lines[3]["participants"] == 44
    assert lines[3]["facilitators"] == 3


def test_the_page_shows_the_tables_the_chart_data_and_the_pending_note(
    client: Client, admin: User, two_cohorts: dict[str, Any]
) -> None:
    with translation.override("en"):
        response = login(client, admin).get(URL, HTTP_ACCEPT_LANGUAGE="en")
        pending_note = str(response.context["pending_note"])

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["chart"]["values"] == [4, 4, 74]
    assert 'id="cascade-chart-data"' in html
    assert "training/cascade.js" in html
    assert "vendor/echarts/echarts.min.js" in html
    assert pending_note in html


def test_the_page_filters_by_cohort(
    client: Client, admin: User, two_cohorts: dict[str, Any]
) -> None:
    response = login(client, admin).get(URL, {"cohort": two_cohorts["first"].pk})

    assert response.context["chart"]["values"] == [1, 1, 30]


def test_sub_district_officers_and_volunteers_may_not_open_the_page(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    assert login(client, siphum_officer).get(URL).status_code == 403
    assert login(Client(), siphum_volunteer).get(URL).status_code == 403


def test_a_later_stage_can_be_given_a_counter(
    admin: User, two_cohorts: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tambon.training.selectors import cascade as module

    stages = [module.Stage(s.key, s.label, s.count, s.note) for s in module.STAGES]
    monkeypatch.setattr(module, "STAGES", stages)
    module.set_stage_counter("projects", lambda facilitators: {(two_cohorts["third"].pk, "50"): 5})

    table = cascade(user=admin)

    assert values(table)[(3, "50")][5] == 5
    assert values(table)[(3, "51")][5] == 0
