"""Malformed parameters, unknown ids and bad form data on registry pages: a 4xx, never a crash."""

import pytest
from django.test import Client

from tambon.accounts.models import User
from tests.conftest import login
from tests.registry.factories import make_household, make_person

pytestmark = pytest.mark.django_db


def test_bad_input_never_crashes_a_registry_page(client: Client, admin: User) -> None:
    person = make_person()
    household = make_household()
    login(client, admin)
    urls = [
        ("get", "/registry/people/?page=abc&target_group=zz&need=%00&province=999", {}),
        ("get", "/registry/people/?q=" + "ก" * 500 + "&subdistrict=12", {}),
        ("post", "/registry/people/", {"national_id": "x" * 300}),
        ("get", "/registry/people/999999/", {}),
        ("get", f"/registry/people/{person.pk}/edit/?version=abc", {}),
        (
            "post",
            f"/registry/people/{person.pk}/edit/",
            {"version": "abc", "birth_date": "99/99/9999"},
        ),
        ("post", "/registry/people/new/", {"birth_date": "31/02/2564", "national_id": "๑๒๓"}),
        ("post", f"/registry/people/{person.pk}/national-id/", {"reason": "x" * 1000}),
        ("get", "/registry/households/?page=-1&housing=zz&need=zz", {}),
        ("post", f"/registry/households/{household.pk}/edit/", {"version": "x"}),
        ("post", "/registry/households/new/", {"subdistrict": "999999", "village": "abc"}),
        ("get", "/registry/assessments/?from=abc&to=31/02/2564&problem=zz&page=x", {}),
        ("get", "/registry/assessments/new/?household=abc", {}),
        ("get", "/registry/assessments/new/?person=1&household=2", {}),
        ("post", f"/registry/assessments/new/?person={person.pk}", {"assessed_on": "1/1/25"}),
        ("get", "/registry/assessments/999999/", {}),
        ("get", "/registry/imports/999999/", {}),
        ("post", "/registry/imports/999999/confirm/", {}),
        ("get", "/registry/imports/?page=zz&status=zz", {}),
        ("get", "/registry/duplicates/?status=zz&min_probability=abc&page=-3", {}),
        ("get", "/registry/duplicates/999999/", {}),
        ("post", "/registry/duplicates/999999/merge/", {"survivor": "abc"}),
        ("post", "/registry/merges/999999/undo/", {}),
        ("get", "/registry/taxonomies/zz/", {}),
        ("post", "/registry/taxonomies/problem-types/new/", {"code": "!!", "position": "-1"}),
        ("get", "/registry/taxonomies/mapping/999999/", {}),
        ("post", f"/registry/people/{person.pk}/consents/new/", {"given_on": "32/13/2564"}),
        ("post", "/registry/consents/999999/withdraw/", {"withdrawn_on": "x"}),
        ("post", "/registry/imports/new/", {"file": "not a file"}),
        ("post", "/registry/imports/999999/columns/", {"first_name": "zz"}),
        ("get", "/registry/imports/template.pdf", {}),
        ("get", f"/registry/people/{person.pk}/export/?format=zz", {}),
        ("get", "/api/v1/registry/persons/?limit=abc&subdistrict=%00", {}),
        ("get", "/api/v1/registry/persons/abc", {}),
        ("put", f"/api/v1/registry/persons/{person.pk}", {}),
        ("get", "/api/v1/registry/assessments?from_date=zz&page=x", {}),
        ("get", "/api/v1/registry/duplicates?min_probability=abc", {}),
        ("get", "/api/v1/registry/imports/abc", {}),
    ]
    for method, url, data in urls:
        if method == "put":
            response = client.put(url, data="{bad json", content_type="application/json")
        else:
            response = getattr(client, method)(url, data)
        assert response.status_code < 500, (method, url, response.status_code)
