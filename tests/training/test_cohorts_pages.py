"""The cohort list and page: who sees which cohort, Buddhist-era dates, filters, tabs, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.training.selectors.cohorts import visible_cohorts
from tests.conftest import MakeUser, login
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

LIST = reverse("training:cohort_list")


def detail(cohort: object) -> str:
    return reverse("training:cohort_detail", args=[cohort.pk])  # type: ignore[attr-defined]


def test_the_cohort_page_shows_its_dates_in_the_buddhist_era(
    client: Client, cm_officer: User
) -> None:
    cohort = CohortFactory()
    response = login(client, cm_officer).get(detail(cohort))
    page = response.content.decode()
    assert response.status_code == 200
    assert "29 มี.ค. 2564" in page
    assert "31 มี.ค. 2564" in page
    assert "29 มีนาคม 2564" in page
    assert "2021" not in page


def test_the_cohort_page_counts_approved_waiting_and_nominated(
    client: Client, cm_officer: User
) -> None:
    cohort = CohortFactory()
    EnrollmentFactory(cohort=cohort)
    EnrollmentFactory(cohort=cohort, status="waitlisted")
    EnrollmentFactory(cohort=cohort, status="nominated", subdistrict_id="100101")
    response = login(client, cm_officer).get(detail(cohort))
    counts = response.context["counts"]
    assert (counts.approved, counts.waiting, counts.nominated) == (1, 1, 1)
    rows = {
        r.province.code: (r.approved, r.waiting, r.nominated)
        for r in response.context["quota_rows"]
    }
    assert rows == {"50": (1, 1, 0), "10": (0, 0, 1)}
    assert len(response.context["sessions"]) == 6


def test_a_bangkok_provincial_officer_does_not_see_a_chiang_mai_cohort(
    client: Client, make_user: MakeUser
) -> None:
    bangkok = make_user("bkk_provincial", Role.PROVINCIAL_OFFICER, "10")
    chiang_mai = CohortFactory()
    in_bangkok = CohortFactory(province_id="10", venue="กรุงเทพมหานคร")
    client = login(client, bangkok)
    listed = [c.pk for c in client.get(LIST).context["page_obj"].object_list]
    assert listed == [in_bangkok.pk]
    assert client.get(detail(chiang_mai)).status_code == 404
    assert client.get(reverse("training:cohort_trainees", args=[chiang_mai.pk])).status_code == 404


def test_organisers_trainers_and_approved_trainees_see_their_cohorts(
    make_user: MakeUser, siphum_volunteer: User
) -> None:
    trainer = make_user("trainer", Role.FACILITATOR, "5001")
    trained, organised, attended, other = (CohortFactory() for _ in range(4))
    trained.trainers.add(trainer)
    organised.organiser = trainer
    organised.save(update_fields=["organiser"])
    EnrollmentFactory(cohort=attended, trainee=trainer)
    EnrollmentFactory(cohort=other, trainee=siphum_volunteer, status="nominated")
    assert set(visible_cohorts(trainer)) == {trained, organised, attended}
    assert list(visible_cohorts(siphum_volunteer)) == []


def test_an_open_cohort_is_announced_to_anyone_with_a_role_without_its_trainees(
    client: Client, bkk_officer: User
) -> None:
    start = timezone.localdate() + dt.timedelta(days=30)
    cohort = CohortFactory(starts_on=start, ends_on=start + dt.timedelta(days=2))
    client = login(client, bkk_officer)
    response = client.get(LIST)
    assert [c.pk for c in response.context["announced"]] == [cohort.pk]
    response = client.get(detail(cohort))
    assert response.status_code == 200
    assert response.context["full"] is False
    assert "counts" not in response.context
    assert b"cohort-tabs" not in response.content


def test_the_list_filters_by_course_province_and_buddhist_year(client: Client, admin: User) -> None:
    course = CourseFactory()
    march_2021 = CohortFactory(course=course)
    CohortFactory(starts_on=dt.date(2022, 3, 1), ends_on=dt.date(2022, 3, 2))
    CohortFactory(province_id="10")
    client = login(client, admin)

    def listed(**params: str) -> list[int]:
        return [c.pk for c in client.get(LIST, params).context["page_obj"].object_list]

    assert listed(course=str(course.pk)) == [march_2021.pk]
    assert len(listed(year="2564")) == 2
    assert len(listed(year="2565")) == 1
    assert len(listed(province="10")) == 1


def test_the_list_is_paginated(client: Client, admin: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TAMBON_PAGE_SIZE = 2
    course = CourseFactory()
    for _ in range(3):
        CohortFactory(course=course)
    response = login(client, admin).get(LIST, {"page": "2"})
    assert len(response.context["page_obj"].object_list) == 1


def test_the_cohort_list_takes_the_same_number_of_queries_for_3_or_30_cohorts(
    client: Client, admin: User
) -> None:
    course = CourseFactory()
    client = login(client, admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    for _ in range(3):
        EnrollmentFactory(cohort=CohortFactory(course=course))
    few = queries()
    for _ in range(27):
        EnrollmentFactory(cohort=CohortFactory(course=course))
    assert queries() == few


def test_the_organiser_sees_every_tab_that_exists(client: Client) -> None:
    cohort = CohortFactory()
    response = login(client, cohort.organiser).get(detail(cohort))
    page = response.content.decode()
    assert 'id="tab-cohort_detail"' in page
    assert 'id="tab-cohort_trainees"' in page


def test_an_approved_trainee_sees_neither_the_trainee_list_nor_the_exports(client: Client) -> None:
    enrollment = EnrollmentFactory()
    response = login(client, enrollment.trainee).get(detail(enrollment.cohort))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="tab-cohort_detail"' in page
    assert 'id="tab-cohort_trainees"' not in page
    assert 'id="tab-cohort_report_xlsx"' not in page


def test_the_pages_of_an_organiser_open(client: Client) -> None:
    cohort = CohortFactory()
    client = login(client, cohort.organiser)
    urls = [
        reverse("training:cohort_create"),
        reverse("training:session_edit", args=[cohort.sessions.first().pk]),
        reverse("training:cohort_nominate", args=[cohort.pk]),
        reverse("training:cohort_nominate", args=[cohort.pk]) + "?q=สม",
        reverse("training:my_training"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_organiser_sets_a_quota_for_a_province(client: Client) -> None:
    cohort = CohortFactory()
    response = login(client, cohort.organiser).post(
        reverse("training:cohort_quotas", args=[cohort.pk]),
        {"version": cohort.version, "new_province": "51", "new_quota": "5"},
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.province_quotas == {"51": 5}
