"""The facilitator directory: who, where, which cohort, how many workshops; filters; no N+1."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.training.models import Facilitator, Workshop, WorkshopHeadcount
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

URL = reverse("training:facilitator_list")


def facilitator(
    subdistrict: str, first_name: str, *, workshops: int = 0, **extra: Any
) -> Facilitator:
    enrollment = EnrollmentFactory(
        subdistrict_id=subdistrict,
        trainee__areas=[subdistrict],
        trainee__first_name=first_name,
        **({"cohort": extra.pop("cohort")} if "cohort" in extra else {}),
    )
    f = Facilitator.objects.create(
        user=enrollment.trainee,
        cohort=enrollment.cohort,
        subdistrict_id=subdistrict,
        skills=extra.pop("skills", "ค่ายเยาวชน"),
        **extra,
    )
    for n in range(workshops):
        w = Workshop.objects.create(
            facilitator=f,
            subdistrict_id=subdistrict,
            date=dt.date(2021, 5, 1 + n),
            kind=Workshop.Kind.COMMUNITY_FORUM,
            title=f"เวทีประชาคม ครั้งที่ {n + 1}",
        )
        WorkshopHeadcount.objects.create(workshop=w, age_band="adult", sex="female", count=10)
    return f


def names(response: Any) -> list[str]:
    return [f.user.first_name for f in response.context["page_obj"].object_list]


def test_it_lists_active_facilitators_with_their_area_cohort_and_workshops(
    client: Client, siphum_volunteer: User
) -> None:
    facilitator("500101", "วันเพ็ญ", workshops=2)
    facilitator("500102", "ประยูร", is_active=False)

    response = login(client, siphum_volunteer).get(URL)

    assert response.status_code == 200
    [row] = response.context["page_obj"].object_list
    assert row.user.first_name == "วันเพ็ญ"
    assert row.workshop_count == 2
    html = response.content.decode()
    assert "ศรีภูมิ" in html and "เมืองเชียงใหม่" in html and "เชียงใหม่" in html
    assert f"รุ่นที่ {row.cohort.number}" in html or f"cohort {row.cohort.number}" in html
    assert "ค่ายเยาวชน" in html


def test_it_filters_by_province(client: Client, siphum_volunteer: User) -> None:
    facilitator("500101", "วันเพ็ญ")
    facilitator("100101", "กรุงเทพ")

    response = login(client, siphum_volunteer).get(URL, {"area-province": "10"})

    assert names(response) == ["กรุงเทพ"]


def test_it_filters_by_sub_district(client: Client, siphum_volunteer: User) -> None:
    facilitator("500101", "วันเพ็ญ")
    facilitator("500102", "ประยูร")

    response = login(client, siphum_volunteer).get(
        URL, {"area-province": "50", "area-district": "5001", "area-subdistrict": "500102"}
    )

    assert names(response) == ["ประยูร"]


def test_it_searches_by_name(client: Client, siphum_volunteer: User) -> None:
    facilitator("500101", "วันเพ็ญ")
    facilitator("500102", "ประยูร")

    response = login(client, siphum_volunteer).get(URL, {"q": "ประยู"})

    assert names(response) == ["ประยูร"]


def test_it_is_paginated(client: Client, siphum_volunteer: User, settings: Any) -> None:
    settings.TAMBON_PAGE_SIZE = 2
    cohort = CohortFactory()
    for name in ("ก้อง", "จันทร์", "สุริยา"):
        facilitator("500101", name, cohort=cohort)

    response = login(client, siphum_volunteer).get(URL, {"page": "2"})

    assert len(response.context["page_obj"].object_list) == 1
    assert response.context["page_obj"].paginator.count == 3


def test_the_list_runs_the_same_number_of_queries_for_many_facilitators(
    client: Client,
    siphum_volunteer: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    cohort = CohortFactory()
    facilitator("500101", "วันเพ็ญ", workshops=1, cohort=cohort)
    login(client, siphum_volunteer)
    client.get(URL)  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for n in range(8):
        facilitator(f"50010{(n % 9) + 1}", f"คนที่{n}", workshops=2)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert len(response.context["page_obj"].object_list) == 9


def test_the_detail_page_lists_the_facilitators_workshops(
    client: Client, siphum_volunteer: User
) -> None:
    f = facilitator("500101", "วันเพ็ญ", workshops=2)

    response = login(client, siphum_volunteer).get(
        reverse("training:facilitator_detail", args=[f.pk])
    )

    assert response.status_code == 200
    assert [w.title for w in response.context["page_obj"].object_list] == [
        "เวทีประชาคม ครั้งที่ 2",
        "เวทีประชาคม ครั้งที่ 1",
    ]
    assert [w.reached for w in response.context["page_obj"].object_list] == [10, 10]


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
