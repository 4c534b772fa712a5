"""Malformed parameters, unknown ids and bad form data on the network pages and API get a clear
4xx answer, never a crash."""

import pytest
from django.test import Client

from tambon.accounts.models import User
from tambon.network.models import Partner
from tests.conftest import login
from tests.network.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_bad_input_never_crashes_a_network_page(
    client: Client, admin: User, siphum_partner: Partner
) -> None:
    service = ServiceFactory(partner=siphum_partner)
    p, s = siphum_partner.pk, service.pk
    login(client, admin)
    urls = [
        ("get", "/network/partners/?sector=zz&area-province=99&page=x&q=%00", {}),
        ("get", "/network/partners/999999/", {}),
        ("post", f"/network/partners/{p}/edit/", {"version": "x", "coverage": "zz"}),
        (
            "post",
            f"/network/partners/{p}/edit/",
            {"coverage": "custom", "coverage_codes": "1" * 900},
        ),
        ("post", "/network/partners/new/", {"area-subdistrict": "abc", "website": "ftp://x"}),
        ("post", f"/network/partners/{p}/contacts/999999/edit/", {"name": "x"}),
        ("post", f"/network/partners/{p}/services/new/", {"service_type": "999", "min_age": "-4"}),
        ("post", f"/network/services/{s}/edit/", {"version": "0", "target_groups": ["zz"]}),
        (
            "get",
            "/network/directory/?problem_type=zz&target_group=%00&area-district=12&page=-1",
            {},
        ),
        ("post", "/network/service-types/new/", {"code": "ไม่ใช่ slug", "position": "x"}),
        ("get", "/api/v1/network/services/?area=5&age=-1", {}),
        ("get", "/api/v1/network/partners/?area=abc&limit=5000", {}),
        ("get", "/api/v1/network/services/999999", {}),
    ]
    bad = []
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        if response.status_code >= 500:
            bad.append((url, response.status_code))
    assert not bad, bad
