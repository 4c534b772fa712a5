"""No N+1 on the work queues: with 1,000 cases (each with two problems, an overdue follow-up and
a late referral), every queue page costs the same number of queries at 10 or 100 rows a page,
within a fixed bound; so does the home page with its counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tambon.accounts.models import User
from tests.cases.queue_support import bulk_cases, help_request, partner_service
from tests.conftest import login

pytestmark = pytest.mark.django_db

QUEUES = ["mine", "intakes", "requests", "follow-ups", "referrals", "urgency"]
# Session and user, the user's areas, four counts for the tabs, the page's count and rows (and
# one prefetch of the problem types), the filter forms' choices (problem types, four area
# levels) and the shell's own (permissions, unread notifications): whatever the page size.
MAX_QUERIES = 20


@pytest.fixture
def thousand_cases(siphum_officer: User, siphum_volunteer: User, partner: User) -> None:
    service = partner_service(members=[partner])
    bulk_cases(1000, officer=siphum_officer, volunteer=siphum_volunteer, service=service)
    for _ in range(30):
        help_request()


def queries_for(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def page_sizes_cost(client: Client, settings, queue: str) -> tuple[int, int]:
    """Queries of a queue page at 10 rows a page, then at 100 (all full: 1,000 cases)."""
    url = reverse("cases:queue", args=[queue])
    client.get(url)  # warm the session and the translation catalogues
    settings.TAMBON_PAGE_SIZE = 10
    small = queries_for(client, url)
    settings.TAMBON_PAGE_SIZE = 100
    return small, queries_for(client, url)


# One arrangement of 1,000 cases per test (it is the slow part): each test walks the queues.


@pytest.mark.usefixtures("thousand_cases")
def test_every_officer_queue_page_costs_the_same_whatever_the_page_size(
    client: Client, siphum_officer: User, settings
) -> None:
    login(client, siphum_officer)
    for queue in QUEUES:
        small, large = page_sizes_cost(client, settings, queue)
        url = reverse("cases:queue", args=[queue])
        filtered = queries_for(client, url, sort="-due", problem_type="elderly", urgency="high")

        assert small == large <= MAX_QUERIES, queue
        assert filtered <= MAX_QUERIES + 1, queue  # the chosen problem type is looked up


@pytest.mark.usefixtures("thousand_cases")
def test_volunteer_and_partner_queue_pages_cost_the_same_whatever_the_page_size(
    client: Client, siphum_volunteer: User, partner: User, settings
) -> None:
    for user, queue in (
        (siphum_volunteer, "mine"),
        (siphum_volunteer, "follow-ups"),
        (partner, "referrals"),
    ):
        login(client, user)
        small, large = page_sizes_cost(client, settings, queue)
        rows = client.get(reverse("cases:queue", args=[queue])).content.decode()

        assert rows.count('class="list-group-item"') == 100, queue
        assert small == large <= MAX_QUERIES, queue


@pytest.mark.usefixtures("thousand_cases")
def test_the_home_page_counts_cost_a_few_queries(
    client: Client, siphum_officer: User, django_assert_max_num_queries
) -> None:
    login(client, siphum_officer)
    client.get("/")
    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()
    assert 'data-count="1000"' in html
    assert 'data-count="30"' in html
