"""The work-queue pages as each role uses them: tabs of the role's queues only, filters, a
whitelisted sort (a bad key falls back to the default, never a 500), empty states, the partner's
view of a referral (no personal data without consent) and the counts on the home page."""

import pytest
from django.test import Client
from django.urls import reverse

from tambon.accounts.models import User
from tambon.cases.models import Case, State
from tambon.geo.models import Village
from tests.cases.factories import make_case, person_in
from tests.cases.queue_support import (
    YESTERDAY,
    assigned_case,
    follow_up,
    help_request,
    partner_service,
    referral,
)
from tests.conftest import login
from tests.registry.factories import PHRA_BOROM, SIPHUM_VILLAGE, make_household

pytestmark = pytest.mark.django_db


def page(client: Client, queue: str = "", **params: str) -> str:
    url = reverse("cases:queue", args=[queue]) if queue else reverse("cases:queues")
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def order_of(html: str, *references: str) -> list[str]:
    """The references in the order the page shows them."""
    return sorted(references, key=html.index)


def test_an_officer_sees_a_tab_per_queue_with_its_count(
    client: Client, siphum_officer: User
) -> None:
    make_case(siphum_officer)
    make_case(siphum_officer)
    html = page(login(client, siphum_officer))

    for queue in ("mine", "intakes", "requests", "follow-ups", "referrals", "urgency"):
        assert f'data-queue="{queue}"' in html
    assert 'data-queue="mine" aria-current="page"' in html
    intakes = page(client, "intakes")
    assert 'data-count="2"' in intakes
    assert intakes.count('<li class="list-group-item" data-case=') == 2


def test_a_volunteer_has_only_their_cases_and_follow_ups(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = assigned_case(siphum_officer, volunteer=siphum_volunteer, state=State.FOLLOW_UP)
    follow_up(case, due_on=YESTERDAY, assigned_to=siphum_volunteer)
    login(client, siphum_volunteer)

    html = page(client)
    assert case.reference in html
    assert 'data-queue="follow-ups"' in html
    assert 'data-queue="intakes"' not in html
    assert 'data-queue="urgency"' not in html
    assert case.reference in page(client, "follow-ups")
    assert client.get(reverse("cases:queue", args=["intakes"])).status_code == 404
    assert client.get(reverse("cases:queue", args=["referrals"])).status_code == 404


def test_a_partner_sees_the_referrals_to_their_organisation_without_personal_data(
    client: Client, siphum_officer: User, partner: User
) -> None:
    service = partner_service(members=[partner])
    person = person_in(first_name="บุญเรือน", last_name="ทองดี")
    case = make_case(siphum_officer, person=person, state=State.IN_SERVICE)
    private = referral(case, service, request="ขอรถเข็นสำหรับผู้สูงอายุ")
    login(client, partner)

    html = page(client)
    assert f'data-referral="{private.pk}"' in html
    assert f'href="{reverse("cases:referral_detail", args=[private.pk])}"' in html
    assert "ขอรถเข็นสำหรับผู้สูงอายุ" in html
    assert "บุญเรือน" not in html
    assert case.reference not in html  # the partner cannot open the case: no link to it
    private.shares_personal_data = True
    private.save(update_fields=["shares_personal_data"])
    assert "บุญเรือน" in page(client)
    assert client.get(reverse("cases:queue", args=["mine"])).status_code == 404


@pytest.mark.parametrize("who", ["facilitator", "anonymous"])
def test_roles_without_queues_are_refused(client: Client, facilitator: User, who: str) -> None:
    if who == "facilitator":
        login(client, facilitator)
    response = client.get(reverse("cases:queues"))
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


def test_an_unknown_queue_is_a_404(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    assert client.get(reverse("cases:queue", args=["everything"])).status_code == 404


def test_an_officer_never_sees_another_area_in_a_queue(
    client: Client, siphum_officer: User, bkk_officer: User
) -> None:
    bangkok = make_case(bkk_officer, subdistrict=PHRA_BOROM, urgency=Case.Urgency.CRITICAL)
    request = help_request(PHRA_BOROM)
    login(client, siphum_officer)

    for queue in ("mine", "intakes", "requests", "follow-ups", "referrals", "urgency"):
        html = page(client, queue)
        assert bangkok.reference not in html
        assert request.reference not in html
    assert 'data-count="1"' not in page(client, "intakes")


# --- sort and filters ------------------------------------------------------------------------


def test_sorting_by_a_whitelisted_key(client: Client, siphum_officer: User) -> None:
    first = make_case(siphum_officer, urgency=Case.Urgency.LOW)
    second = make_case(siphum_officer, urgency=Case.Urgency.CRITICAL)
    login(client, siphum_officer)

    default = page(client, "intakes")
    newest = page(client, "intakes", sort="-opened")
    urgent = page(client, "intakes", sort="urgency")
    least = page(client, "intakes", sort="-urgency")

    assert 'data-sort="opened"' in default
    assert order_of(default, first.reference, second.reference)[0] == first.reference
    assert order_of(newest, first.reference, second.reference)[0] == second.reference
    assert order_of(urgent, first.reference, second.reference)[0] == second.reference
    assert order_of(least, first.reference, second.reference)[0] == first.reference


@pytest.mark.parametrize(
    "sort", ["reference; drop table cases_case", "person__national_id", "-pk", "due__x", ""]
)
def test_a_bad_sort_key_falls_back_to_the_default(
    client: Client, siphum_officer: User, sort: str
) -> None:
    make_case(siphum_officer)
    login(client, siphum_officer)

    for queue, default in (("urgency", "urgency"), ("requests", "opened"), ("referrals", "due")):
        html = page(client, queue, sort=sort)
        assert f'data-sort="{default}"' in html


def test_a_sort_a_queue_does_not_offer_is_the_default(client: Client, siphum_officer: User) -> None:
    help_request()
    login(client, siphum_officer)
    html = page(client, "requests", sort="urgency")
    assert 'data-sort="opened"' in html
    assert 'id="sort-dropped"' in html


def test_filters_by_problem_type_urgency_and_area(client: Client, siphum_officer: User) -> None:
    Village.objects.create(
        code=SIPHUM_VILLAGE, subdistrict_id="500101", number=1, name_th="บ้านศรีภูมิ"
    )
    home = make_household(village_id=SIPHUM_VILLAGE)
    in_village = person_in(village_id=SIPHUM_VILLAGE, household=home)
    debt = make_case(siphum_officer, codes=("debt",), urgency=Case.Urgency.HIGH)
    elderly = make_case(siphum_officer, person=in_village, codes=("elderly",))
    login(client, siphum_officer)

    by_problem = page(client, "urgency", problem_type="debt")
    by_urgency = page(client, "urgency", urgency="high")
    by_village = page(
        client,
        "urgency",
        **{
            "area-province": "50",
            "area-district": "5001",
            "area-subdistrict": "500101",
            "area-village": SIPHUM_VILLAGE,
        },
    )
    elsewhere = page(client, "urgency", **{"area-province": "10"})

    assert debt.reference in by_problem and elderly.reference not in by_problem
    assert debt.reference in by_urgency and elderly.reference not in by_urgency
    assert elderly.reference in by_village and debt.reference not in by_village
    assert 'id="queue-empty"' in elsewhere


def test_an_empty_queue_says_so(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    for queue in ("mine", "intakes", "requests", "follow-ups", "referrals", "urgency"):
        assert 'id="queue-empty"' in page(client, queue)


def test_a_malformed_page_number_or_filter_is_not_an_error(
    client: Client, siphum_officer: User
) -> None:
    make_case(siphum_officer)
    login(client, siphum_officer)
    page(client, "urgency", page="abc", problem_type="no-such-problem", urgency="panic")
    page(client, "urgency", page="999", **{"area-province": "9999", "area-village": "x"})


# --- the home page ---------------------------------------------------------------------------


def test_the_home_page_shows_the_counts_as_links_to_the_queues(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    make_case(siphum_officer)
    waiting = help_request()
    html = client_home(login(client, siphum_officer))

    assert 'id="queue-counts"' in html
    assert f'href="{reverse("cases:queue", args=["intakes"])}"' in html
    assert f'href="{reverse("cases:queue", args=["requests"])}"' in html
    requests_page = page(client, "requests")
    assert f'href="{reverse("cases:request_detail", args=[waiting.pk])}"' in requests_page
    volunteer_home = client_home(login(Client(), siphum_volunteer))
    assert f'href="{reverse("cases:queue", args=["mine"])}"' in volunteer_home
    assert f'href="{reverse("cases:queue", args=["intakes"])}"' not in volunteer_home


def test_roles_without_queues_see_no_counts(client: Client, facilitator: User) -> None:
    assert 'id="queue-counts"' not in client_home(login(client, facilitator))


def client_home(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()
