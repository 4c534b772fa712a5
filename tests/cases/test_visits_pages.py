"""The field-work pages as people use them on a phone: record a visit (with the camera), read a
visit's photo only through its permission-checked view, give assistance and see the totals in
baht, schedule / complete / cancel follow-ups, "My visits"; and the case page's queries."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tambon.accounts.models import AccessLog, User
from tambon.cases.models import Assistance, FollowUp, HomeVisit, State
from tambon.cases.services import photos
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.follow_ups import schedule_follow_up
from tambon.cases.services.visits import MSG_PHOTO_CONSENT, record_visit
from tests.cases.visits_support import (  # noqa: F401
    _private_media,
    allow_photos,
    fieldwork_case,
    image_bytes,
    too_big,
    upload,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def visit_post(photo=None, **fields):  # type: ignore[no-untyped-def]
    data = {
        "visited_on": TODAY().isoformat(),
        "met": "คุณยายและลูกสาว",
        "observations": "หลังคารั่ว ต้องการที่นอนลม",
        "score_health": "2",
        "score_income": "1",
        **fields,
    }
    if photo is not None:
        data["photo"] = photo
    return data


def test_the_visit_form_is_made_for_a_phone(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    page = login(client, siphum_volunteer).get(reverse("cases:visit_new", args=[case.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="date"' in html
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert 'enctype="multipart/form-data"' in html
    assert html.count('type="radio"') == 25  # five dimensions × scores 1–5


def test_the_volunteer_records_a_visit_with_a_photo_from_the_phone(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)
    login(client, siphum_volunteer)

    response = client.post(reverse("cases:visit_new", args=[case.pk]), visit_post(upload()))

    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert (visit.visitor, visit.dimension_scores) == (siphum_volunteer, {"health": 2, "income": 1})
    shown = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'id="fieldwork"' in shown
    assert "หลังคารั่ว" in shown
    assert reverse("cases:visit_photo", args=[case.pk, visit.pk]) in shown
    assert "/media/" not in shown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not really", photos.MSG_PHOTO_NOT_IMAGE),
        (image_bytes("GIF"), photos.MSG_PHOTO_FORMAT),
        (too_big(), photos.MSG_PHOTO_TOO_BIG),
    ],
    ids=["not-an-image", "gif", "too-big"],
)
def test_a_bad_photo_is_refused_on_the_form_and_nothing_is_saved(
    client: Client, siphum_officer: User, siphum_volunteer: User, data: bytes, message: str
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)

    response = login(client, siphum_volunteer).post(
        reverse("cases:visit_new", args=[case.pk]), visit_post(upload(data))
    )

    assert response.status_code == 400
    assert _(message) in response.content.decode()
    assert not HomeVisit.objects.exists()


def test_a_photo_without_consent_is_refused_with_a_clear_message(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    assert case.person is not None

    response = login(client, siphum_volunteer).post(
        reverse("cases:visit_new", args=[case.pk]), visit_post(upload())
    )

    assert response.status_code == 400
    expected = _(MSG_PHOTO_CONSENT) % {"person": case.person.full_name}
    assert expected in response.content.decode() or expected.replace("'", "&#x27;") in (
        response.content.decode()
    )
    assert not HomeVisit.objects.exists()


def test_a_future_visit_date_is_shown_on_the_form(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()

    response = login(client, siphum_volunteer).post(
        reverse("cases:visit_new", args=[case.pk]), visit_post(visited_on=tomorrow)
    )

    assert response.status_code == 400
    assert not HomeVisit.objects.exists()


# --- the photo view ---------------------------------------------------------------------


@pytest.fixture
def photo_visit(siphum_officer: User, siphum_volunteer: User) -> HomeVisit:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)
    return record_visit(
        case=case,
        visited_on=TODAY(),
        met="คุณยาย",
        observations="บ้านทรุดโทรม",
        photo=upload(),
        by=siphum_volunteer,
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("cm_officer", 200),
        ("siphum_officer", 200),
        ("siphum_volunteer", 200),
        ("other_volunteer", 404),
        ("bkk_officer", 404),
        ("partner", 403),
        ("facilitator", 403),
    ],
)
def test_a_visit_photo_is_served_only_to_who_may_see_the_case(
    client: Client,
    request: pytest.FixtureRequest,
    photo_visit: HomeVisit,
    role: str,
    expected: int,
) -> None:
    user = request.getfixturevalue(role)
    url = reverse("cases:visit_photo", args=[photo_visit.case_id, photo_visit.pk])

    response = login(client, user).get(url)

    assert response.status_code == expected
    logged = AccessLog.objects.filter(user=user, object_type="cases.homevisit")
    if expected == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]
        assert logged.count() == 1
    else:
        assert not logged.exists()


def test_the_photo_is_not_reachable_under_media(client: Client, photo_visit: HomeVisit) -> None:
    response = client.get("/media/" + photo_visit.photo.name)

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, photo_visit: HomeVisit) -> None:
    response = client.get(reverse("cases:visit_photo", args=[photo_visit.case_id, photo_visit.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- assistance ------------------------------------------------------------------------


def test_an_officer_records_assistance_and_sees_totals_by_source_in_baht(
    client: Client, siphum_officer: User
) -> None:
    case = fieldwork_case(siphum_officer, None)
    record_assistance(
        case=case,
        given_on=TODAY(),
        kind="goods",
        description="ที่นอนลม",
        amount="2500",
        source="donor",
        by=siphum_officer,
    )
    login(client, siphum_officer)

    response = client.post(
        reverse("cases:assistance", args=[case.pk]),
        {
            "assistance-given_on": TODAY().isoformat(),
            "assistance-kind": "cash",
            "assistance-description": "เงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย",
            "assistance-amount": "1,500.50",
            "assistance-source": "government",
        },
    )

    assert response.status_code == 302
    assert Assistance.objects.count() == 2
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "1,500.50 baht" in page or "1,500.50 บาท" in page
    assert 'id="assistance-total"' in page
    assert "4,000.50" in page


def test_cash_without_an_amount_is_refused_on_the_form(
    client: Client, siphum_officer: User
) -> None:
    case = fieldwork_case(siphum_officer, None)

    response = login(client, siphum_officer).post(
        reverse("cases:assistance", args=[case.pk]),
        {
            "assistance-given_on": TODAY().isoformat(),
            "assistance-kind": "cash",
            "assistance-description": "เงินสงเคราะห์",
            "assistance-source": "government",
        },
    )

    assert response.status_code == 400
    assert not Assistance.objects.exists()


def test_a_volunteer_sees_the_assistance_but_may_not_record_it(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    login(client, siphum_volunteer)

    page = client.get(reverse("cases:assistance", args=[case.pk]))
    refused = client.post(
        reverse("cases:assistance", args=[case.pk]),
        {
            "assistance-given_on": TODAY().isoformat(),
            "assistance-kind": "goods",
            "assistance-description": "ถุงยังชีพ",
            "assistance-source": "donor",
        },
    )

    assert page.status_code == 200
    assert 'id="assistance-form"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Assistance.objects.exists()


# --- follow-ups ------------------------------------------------------------------------


def test_an_officer_schedules_a_follow_up_and_the_volunteer_completes_it(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    login(client, siphum_officer)
    scheduled = client.post(
        reverse("cases:follow_ups", args=[case.pk]),
        {
            "follow_up-due_on": (TODAY() + dt.timedelta(days=7)).isoformat(),
            "follow_up-purpose": "ติดตามการได้รับเบี้ยยังชีพ",
            "follow_up-assigned_to": siphum_volunteer.pk,
        },
    )
    item = FollowUp.objects.get()
    client.logout()
    login(client, siphum_volunteer)

    done = client.post(
        reverse("cases:follow_up_done", args=[case.pk, item.pk]),
        {"result": "ได้รับเบี้ยยังชีพเดือนนี้แล้ว"},
    )

    assert scheduled.status_code == 302
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_by) == ("done", siphum_volunteer)


def test_an_officer_cancels_a_follow_up_and_a_volunteer_may_not(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    item = schedule_follow_up(case=case, due_on=TODAY(), purpose="ติดตาม", by=siphum_officer)
    url = reverse("cases:follow_up_cancel", args=[case.pk, item.pk])

    refused = login(client, siphum_volunteer).post(url, {"reason": "ไม่ต้องติดตามแล้ว"})
    client.logout()
    cancelled = login(client, siphum_officer).post(url, {"reason": "ย้ายออกนอกพื้นที่"})

    assert refused.status_code == 403
    assert cancelled.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.result) == ("cancelled", "ย้ายออกนอกพื้นที่")


# --- my visits --------------------------------------------------------------------------


def test_my_visits_lists_my_cases_with_the_last_visit_and_an_overdue_follow_up(
    client: Client, siphum_officer: User, siphum_volunteer: User, other_volunteer: User
) -> None:
    mine = fieldwork_case(siphum_officer, siphum_volunteer)
    other = fieldwork_case(siphum_officer, other_volunteer)
    closed = fieldwork_case(siphum_officer, siphum_volunteer, state=State.CLOSED)
    record_visit(case=mine, visited_on=TODAY(), met="", observations="ปกติดี", by=siphum_volunteer)
    schedule_follow_up(
        case=mine,
        due_on=timezone.localtime(mine.opened_at).date(),
        purpose="ติดตามอาการ",
        assigned_to=siphum_volunteer,
        by=siphum_officer,
    )

    page = login(client, siphum_volunteer).get(reverse("cases:my_visits"))

    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-case="{mine.pk}"' in html
    assert f'data-case="{other.pk}"' not in html
    assert f'data-case="{closed.pk}"' not in html
    assert reverse("cases:visit_new", args=[mine.pk]) in html


def test_my_visits_is_in_the_navigation_of_a_volunteer(
    client: Client, siphum_volunteer: User
) -> None:
    page = login(client, siphum_volunteer).get(reverse("cases:my_visits"))

    assert page.status_code == 200
    assert reverse("cases:my_visits") in page.content.decode()


# --- queries ----------------------------------------------------------------------------


def _case_page_queries(client: Client, case_pk: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:case_detail", args=[case_pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_case_page_sections_do_not_grow_with_50_visits(
    client: Client, siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    record_visit(case=case, visited_on=TODAY(), met="", observations="ครั้งที่ 1", by=siphum_volunteer)
    schedule_follow_up(case=case, due_on=TODAY(), purpose="ติดตาม", by=siphum_officer)
    record_assistance(
        case=case,
        given_on=TODAY(),
        kind="cash",
        description="เงินสงเคราะห์",
        amount="1000",
        source="government",
        by=siphum_officer,
    )
    login(client, siphum_officer)
    _case_page_queries(client, case.pk)  # warm the session and caches
    one = _case_page_queries(client, case.pk)
    for n in range(49):
        record_visit(
            case=case,
            visited_on=TODAY(),
            met="",
            observations=f"ครั้งที่ {n + 2}",
            by=siphum_volunteer if n % 2 else siphum_officer,
        )
        schedule_follow_up(case=case, due_on=TODAY(), purpose=f"ติดตาม {n}", by=siphum_officer)
        record_assistance(
            case=case,
            given_on=TODAY(),
            kind="goods",
            description="ถุงยังชีพ",
            amount="500",
            source="donor",
            by=siphum_officer,
        )

    fifty = _case_page_queries(client, case.pk)

    assert HomeVisit.objects.filter(case=case).count() == 50
    assert fifty <= one


def test_the_visit_list_with_50_visits_has_a_fixed_number_of_queries(
    client: Client, siphum_officer: User, siphum_volunteer: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    for n in range(50):
        record_visit(
            case=case,
            visited_on=TODAY(),
            met="",
            observations=f"ครั้งที่ {n + 1}",
            by=siphum_volunteer if n % 2 else siphum_officer,
        )
    login(client, siphum_officer)
    client.get(reverse("cases:visit_list", args=[case.pk]))

    with django_assert_max_num_queries(15):
        response = client.get(reverse("cases:visit_list", args=[case.pk]))

    assert response.status_code == 200
