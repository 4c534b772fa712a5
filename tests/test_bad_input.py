"""Malformed parameters, unknown ids and bad form data get a clear 4xx page, never a crash."""

import pytest
from django.test import Client

from tests.conftest import login
from tests.training.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db
NO_JOB = "00000000-0000-0000-0000-000000000000"


def test_bad_input_never_crashes_a_page(client: Client, admin) -> None:  # type: ignore[no-untyped-def]
    e = EnrollmentFactory()
    c = e.cohort
    s = c.sessions.first()
    login(client, admin)
    urls = [
        ("post", f"/training/enrollments/{e.pk}/explode/", {}),
        ("get", f"/training/cohorts/{c.pk}/tests/middle/", {}),
        ("post", f"/training/cohorts/{c.pk}/tests/middle/", {}),
        ("get", f"/training/cohorts/{c.pk}/paper-tests/{e.pk}/middle/", {}),
        (
            "get",
            f"/training/cohorts/{c.pk}/certificates/batch/00000000-0000-0000-0000-000000000000/exe/",
            {},
        ),
        ("get", "/training/check-in/garbage/", {}),
        ("get", "/training/verify/nope/", {}),
        ("get", "/training/cohorts/?year=abc&course=zz&province=999", {}),
        ("get", f"/training/cohorts/{c.pk}/trainees/?status=zzz&province=zz", {}),
        ("post", f"/training/sessions/{s.pk}/attendance/99999/", {}),
        ("post", f"/training/cohorts/{c.pk}/certificates/issue/", {"issued_on": "31/02/2564"}),
        ("post", f"/training/cohorts/{c.pk}/certificates/generate/", {"x": "y"}),
        ("post", f"/training/cohorts/{c.pk}/quotas/", {"version": "abc"}),
        ("post", f"/training/cohorts/{c.pk}/edit/", {"starts_on": "1/1/25", "ends_on": "x"}),
        ("get", "/training/facilitators/?province=zz&page=abc", {}),
        ("get", "/training/workshops/?page=-1&province=%00", {}),
        ("post", "/training/workshops/new/", {"date": "99/99/9999", "version": "x"}),
        ("get", "/training/cascade/?cohort=abc&province=zz", {}),
        ("get", "/people/?role=zz&area-province=zz&page=x", {}),
        ("get", "/people/audit/?from=abc&to=1/1/25&tab=zz", {}),
        ("get", "/people/audit/export.csv?from=abc", {}),
        ("get", "/geo/?q=%00&page=zz", {}),
        ("get", "/geo/area-select/?depth=zz&province=%00", {}),
        ("get", "/api/v1/geo/subdistricts?district=zz&limit=-5", {}),
        ("get", "/api/v1/training/cohorts/999999", {}),
    ]
    # The test client re-raises a view's exception, so a crash fails here, not as a 500.
    bad = []
    for method, url, data in urls:
        r = getattr(client, method)(url, data)
        if r.status_code >= 500:
            bad.append((url, r.status_code))
    assert not bad, bad


def test_a_nul_character_in_a_parameter_is_refused_with_a_clear_message(client: Client) -> None:
    # PostgreSQL cannot compare text containing NUL: without the guard this search crashed.
    response = client.get("/geo/", {"q": "ศรี\x00ภูมิ"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
