"""QR check-in: signed, time-limited codes that cannot be forged, replayed elsewhere or reused late.

Cohort 3 holds its first session on 29 March 2021, 09:00–12:00 Bangkok time; check-in opens
at 08:30. Time is passed to the services as `now=`, and patched for the HTTP tests.
"""

import datetime as dt
import json
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from tambon.core.errors import NotFound, PermissionDenied, ValidationError
from tambon.training.models import Attendance, CohortSession, Enrollment
from tambon.training.services import attendance as services
from tests.conftest import login
from tests.training.factories import CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(hour: int, minute: int = 0, second: int = 0, day: int = 29) -> dt.datetime:
    return dt.datetime(2021, 3, day, hour, minute, second, tzinfo=BANGKOK)


def first_session(cohort: object) -> CohortSession:
    return CohortSession.objects.filter(cohort=cohort).order_by("date", "starts_at").first()


@pytest.fixture
def enrollment() -> Enrollment:
    return EnrollmentFactory()


@pytest.fixture
def trainer(enrollment: Enrollment) -> object:
    user = UserFactory(first_name="ประยูร", last_name="บุญมา")
    enrollment.cohort.trainers.add(user)
    return user


@pytest.fixture
def session(enrollment: Enrollment) -> CohortSession:
    return first_session(enrollment.cohort)


def code_for(session: CohortSession, trainer: object, issued: dt.datetime) -> str:
    return services.issue_checkin_code(session=session, by=trainer, now=issued)


def rows() -> int:
    return Attendance.objects.count()


# --- the service -------------------------------------------------------------------------


def test_a_valid_code_checks_the_trainee_in_once(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 11, 40))

    result = services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12))

    assert result.created
    attendance = Attendance.objects.get()
    assert (attendance.session, attendance.enrollment) == (session, enrollment)
    assert attendance.method == Attendance.Method.QR
    assert attendance.at == at(9, 12)
    assert attendance.recorded_by == enrollment.trainee


def test_a_replayed_code_does_not_create_a_second_row(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 11, 40))
    services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12))

    again = services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12, 30))

    assert not again.created
    assert again.attendance.at == at(9, 12)
    assert rows() == 1


def test_it_refuses_a_forged_code(enrollment, session) -> None:
    payload = {"s": session.pk, "c": session.cohort_id, "t": int(at(9, 11).timestamp())}
    forged = signing.dumps(payload, salt=services.CHECKIN_SALT, key="not-the-server-secret")

    with pytest.raises(ValidationError) as refused:
        services.check_in(code=forged, trainee=enrollment.trainee, now=at(9, 12))

    assert refused.value.message == services.MSG_INVALID_CODE
    assert rows() == 0


def test_it_refuses_a_code_signed_for_another_purpose(enrollment, session) -> None:
    payload = {"s": session.pk, "c": session.cohort_id, "t": int(at(9, 11).timestamp())}
    other = signing.dumps(payload, salt="training.certificate")

    with pytest.raises(ValidationError):
        services.check_in(code=other, trainee=enrollment.trainee, now=at(9, 12))
    assert rows() == 0


def test_it_refuses_a_code_whose_session_was_changed(enrollment, trainer, session) -> None:
    afternoon = CohortSession.objects.get(
        cohort=session.cohort, date=session.date, period="afternoon"
    )
    code = code_for(session, trainer, at(13, 5))
    _payload, _, signature = code.partition(":")
    tampered_payload = signing.b64_encode(
        json.dumps({"s": afternoon.pk, "c": session.cohort_id, "t": int(at(13, 5).timestamp())})
        .replace(" ", "")
        .encode()
    ).decode()

    with pytest.raises(ValidationError) as refused:
        services.check_in(
            code=f"{tampered_payload}:{signature}", trainee=enrollment.trainee, now=at(13, 6)
        )

    assert refused.value.message == services.MSG_INVALID_CODE
    assert rows() == 0


def test_it_refuses_garbage(enrollment) -> None:
    with pytest.raises(ValidationError):
        services.check_in(code="not-a-code", trainee=enrollment.trainee, now=at(9, 12))
    assert rows() == 0


def test_it_refuses_a_code_of_another_cohorts_session(enrollment) -> None:
    other_cohort = CohortFactory()
    other_trainer = UserFactory()
    other_cohort.trainers.add(other_trainer)
    other_session = first_session(other_cohort)  # the same day and hours
    code = code_for(other_session, other_trainer, at(9, 11))

    with pytest.raises(PermissionDenied) as refused:
        services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12))

    assert refused.value.message == services.MSG_NOT_TRAINEE
    assert rows() == 0


def test_it_refuses_an_expired_code(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 10))

    with pytest.raises(ValidationError) as refused:
        services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12, 1))

    assert refused.value.message == services.MSG_EXPIRED_CODE
    assert rows() == 0


def test_a_code_is_still_valid_at_its_maximum_age(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 10))

    services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12))

    assert rows() == 1


def test_the_maximum_age_follows_the_setting(settings, enrollment, trainer, session) -> None:
    settings.TAMBON_CHECKIN_MAX_AGE = 300
    code = code_for(session, trainer, at(9, 10))

    services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 14, 30))

    assert rows() == 1


def test_it_refuses_a_code_used_after_the_session_ended(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(12, 0, 30))

    with pytest.raises(ValidationError) as refused:
        services.check_in(code=code, trainee=enrollment.trainee, now=at(12, 1))

    assert refused.value.message == services.MSG_SESSION_CLOSED
    assert rows() == 0


def test_it_refuses_a_code_used_before_check_in_opens(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(8, 28))

    with pytest.raises(ValidationError) as refused:
        services.check_in(code=code, trainee=enrollment.trainee, now=at(8, 29))

    assert refused.value.message == services.MSG_SESSION_CLOSED
    assert rows() == 0


def test_it_refuses_a_code_used_on_another_day(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 11, day=30))

    with pytest.raises(ValidationError):
        services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12, day=30))
    assert rows() == 0


def test_check_in_opens_thirty_minutes_before_the_session(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(8, 30))

    services.check_in(code=code, trainee=enrollment.trainee, now=at(8, 30, 30))

    assert rows() == 1


@pytest.mark.parametrize("status", ["nominated", "waitlisted", "rejected", "withdrawn"])
def test_it_refuses_a_trainee_who_is_not_approved(status, trainer, session) -> None:
    pending = EnrollmentFactory(cohort=session.cohort, status=status)
    code = code_for(session, trainer, at(9, 11))

    with pytest.raises(PermissionDenied):
        services.check_in(code=code, trainee=pending.trainee, now=at(9, 12))
    assert rows() == 0


def test_it_refuses_a_code_of_a_deleted_session(enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 11))
    session.delete()

    with pytest.raises(NotFound):
        services.check_in(code=code, trainee=enrollment.trainee, now=at(9, 12))
    assert rows() == 0


def test_only_who_runs_the_sessions_can_issue_a_code(enrollment, session) -> None:
    with pytest.raises(PermissionDenied):
        services.issue_checkin_code(session=session, by=enrollment.trainee, now=at(9, 11))


# --- the trainee's phone -----------------------------------------------------------------


def shown_code(page: str) -> str:
    """The check-in code printed under the QR code of a trainer's screen."""
    return page.split('id="checkin-code-text">', 1)[1].split("<", 1)[0]


def payload(code: str) -> dict:
    return signing.loads(code, salt="training.checkin")


def check_in_url(code: str) -> str:
    return reverse("training:check_in", kwargs={"code": code})


def english(client: Client) -> Client:
    client.cookies["tambon_language"] = "en"
    return client


def test_a_trainee_checks_in_by_opening_the_code_url(client, enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 11, 40))
    login(english(client), enrollment.trainee)

    with patch("django.utils.timezone.now", return_value=at(9, 12)):
        response = client.get(check_in_url(code))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-result="checked-in"' in page
    assert "Checked in to the morning session of 29 March 2021 at 09:12." in page
    assert Attendance.objects.get().method == Attendance.Method.QR


def test_opening_the_code_url_again_says_already_checked_in(
    client, enrollment, trainer, session
) -> None:
    code = code_for(session, trainer, at(9, 11, 40))
    login(client, enrollment.trainee)
    with patch("django.utils.timezone.now", return_value=at(9, 12)):
        client.get(check_in_url(code))
        response = client.get(check_in_url(code))

    assert 'data-result="already"' in response.content.decode()
    assert rows() == 1


def test_the_phone_page_says_why_a_code_is_refused(client, enrollment, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 5))
    login(english(client), enrollment.trainee)

    with patch("django.utils.timezone.now", return_value=at(9, 12)):
        response = client.get(check_in_url(code))

    assert response.status_code == 400
    assert 'data-result="refused"' in response.content.decode()
    assert "This check-in code has expired" in response.content.decode()
    assert rows() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, trainer, session) -> None:
    code = code_for(session, trainer, at(9, 11, 40))

    with patch("django.utils.timezone.now", return_value=at(9, 12)):
        response = client.get(check_in_url(code))

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("account_login")
    assert parse_qs(target.query)["next"] == [check_in_url(code)]
    assert rows() == 0


def test_a_code_scanned_before_a_slow_sign_in_still_counts(
    client, settings, enrollment, trainer, session
) -> None:
    # The session cookie is written in (frozen) 2021: keep it alive until the test reads it.
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600
    code = code_for(session, trainer, at(9, 11, 40))
    with patch("django.utils.timezone.now", return_value=at(9, 12)):
        client.get(check_in_url(code))  # scanned, then sent to sign in
    login(client, enrollment.trainee)

    with patch("django.utils.timezone.now", return_value=at(9, 16)):
        response = client.get(check_in_url(code))

    assert 'data-result="checked-in"' in response.content.decode()
    assert Attendance.objects.get().at == at(9, 16)


def test_a_code_not_scanned_before_signing_in_expires_as_usual(
    client, enrollment, trainer, session
) -> None:
    code = code_for(session, trainer, at(9, 11, 40))
    login(client, enrollment.trainee)

    with patch("django.utils.timezone.now", return_value=at(9, 16)):
        response = client.get(check_in_url(code))

    assert response.status_code == 400
    assert rows() == 0


# --- the trainer's screen ----------------------------------------------------------------


def screen_url(session: CohortSession) -> str:
    return reverse("training:session_checkin_screen", kwargs={"pk": session.pk})


def test_the_trainer_screen_shows_a_qr_code_of_the_absolute_check_in_url(
    client, settings, trainer, session
) -> None:
    settings.SITE_URL = "https://tambon.example.go.th"
    login(client, trainer)

    with patch("django.utils.timezone.now", return_value=at(9, 0)):
        response = client.get(screen_url(session))

    assert response.status_code == 200
    page = response.content.decode()
    code = shown_code(page)
    # The code names this session and the time it was issued (the signature's own timestamp
    # comes from the real clock, so the code is compared by what it says, not byte for byte).
    assert payload(code) == payload(code_for(session, trainer, at(9, 0)))
    assert "<svg" in page
    assert f'data-checkin-url="https://tambon.example.go.th{check_in_url(code)}"' in page
    assert 'id="checked-in-number">0<' in page


def test_the_trainer_screen_uses_the_request_host_when_site_url_is_local(
    client, settings, trainer, session
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    login(client, trainer)

    with patch("django.utils.timezone.now", return_value=at(9, 0)):
        response = client.get(screen_url(session), HTTP_HOST="192.168.1.20")

    assert 'data-checkin-url="http://192.168.1.20/training/check-in/' in response.content.decode()


def test_each_refresh_of_the_screen_shows_a_new_code(client, trainer, session) -> None:
    login(client, trainer)
    url = reverse("training:session_checkin_code", kwargs={"pk": session.pk})

    with patch("django.utils.timezone.now", return_value=at(9, 0)):
        first = client.get(url, HTTP_HX_REQUEST="true").content
    with patch("django.utils.timezone.now", return_value=at(9, 0, 30)):
        second = client.get(url, HTTP_HX_REQUEST="true").content

    assert first != second
    assert payload(shown_code(second.decode())) == payload(code_for(session, trainer, at(9, 0, 30)))


def test_the_count_on_the_screen_follows_check_ins(client, enrollment, trainer, session) -> None:
    services.check_in(
        code=code_for(session, trainer, at(9, 11)), trainee=enrollment.trainee, now=at(9, 12)
    )
    login(client, trainer)

    response = client.get(reverse("training:session_checkin_count", kwargs={"pk": session.pk}))

    page = response.content.decode()
    assert 'id="checked-in-number">1<' in page
    assert str(enrollment.trainee) in page


def test_a_trainee_cannot_open_the_trainer_screen(client, enrollment, session) -> None:
    login(client, enrollment.trainee)

    response = client.get(screen_url(session))

    assert response.status_code == 403
    assert b"<svg" not in response.content
