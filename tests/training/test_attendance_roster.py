"""The trainer's roster (one htmx cell at a time) and attendance entered from the paper sheet."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tambon.core.errors import PermissionDenied, ValidationError
from tambon.training.models import Attendance, CohortSession, Enrollment
from tambon.training.services import attendance as services
from tests.conftest import login
from tests.training.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment() -> Enrollment:
    return EnrollmentFactory(trainee__first_name="วันเพ็ญ", trainee__last_name="แก้วมณี")


@pytest.fixture
def trainer(enrollment: Enrollment) -> object:
    user = UserFactory(first_name="ประยูร", last_name="บุญมา")
    enrollment.cohort.trainers.add(user)
    return user


@pytest.fixture
def session(enrollment: Enrollment) -> CohortSession:
    return CohortSession.objects.filter(cohort=enrollment.cohort).order_by("date", "starts_at")[0]


def cell_url(session: CohortSession, enrollment: Enrollment) -> str:
    return reverse(
        "training:attendance_cell",
        kwargs={"session_pk": session.pk, "enrollment_pk": enrollment.pk},
    )


def tick(client, session, enrollment, present: bool = True):  # type: ignore[no-untyped-def]
    return client.post(
        cell_url(session, enrollment), {"present": "1" if present else "0"}, HTTP_HX_REQUEST="true"
    )


# --- roster ------------------------------------------------------------------------------


def test_a_trainer_ticks_a_trainee_present(client, trainer, enrollment, session) -> None:
    login(client, trainer)

    response = tick(client, session, enrollment)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="cell-{session.pk}-{enrollment.pk}"' in page
    assert 'aria-pressed="true"' in page
    assert (
        f'id="session-total-{session.pk}" class="text-center fw-semibold" hx-swap-oob="true">1<'
        in page
    )
    attendance = Attendance.objects.get()
    assert attendance.method == Attendance.Method.ROSTER
    assert attendance.recorded_by == trainer
    assert (attendance.session, attendance.enrollment) == (session, enrollment)


def test_unticking_deletes_the_row_and_the_history_keeps_it(
    client, trainer, enrollment, session
) -> None:
    login(client, trainer)
    tick(client, session, enrollment)

    response = tick(client, session, enrollment, present=False)

    assert 'aria-pressed="false"' in response.content.decode()
    assert not Attendance.objects.exists()
    deletions = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Attendance), action=LogEntry.Action.DELETE
    )
    assert deletions.count() == 1
    assert deletions.get().actor == trainer


def test_ticking_twice_keeps_one_row(client, trainer, enrollment, session) -> None:
    login(client, trainer)

    tick(client, session, enrollment)
    tick(client, session, enrollment)

    assert Attendance.objects.count() == 1


def test_ticking_keeps_an_earlier_qr_check_in(client, trainer, enrollment, session) -> None:
    checked_in = Attendance.objects.create(
        session=session, enrollment=enrollment, method="qr", recorded_by=enrollment.trainee
    )
    login(client, trainer)

    tick(client, session, enrollment)

    assert Attendance.objects.get().pk == checked_in.pk
    assert Attendance.objects.get().method == Attendance.Method.QR


def test_a_trainee_cannot_tick_the_roster(client, enrollment, session) -> None:
    login(client, enrollment.trainee)

    response = tick(client, session, enrollment)

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_an_officer_of_another_province_cannot_tick_the_roster(
    client, bkk_officer, enrollment, session
) -> None:
    login(client, bkk_officer)

    response = tick(client, session, enrollment)

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_organiser_can_tick_the_roster(client, enrollment, session) -> None:
    login(client, enrollment.cohort.organiser)

    tick(client, session, enrollment)

    assert Attendance.objects.get().recorded_by == enrollment.cohort.organiser


def test_it_refuses_to_tick_a_trainee_who_is_not_approved(client, trainer, session) -> None:
    waiting = EnrollmentFactory(cohort=session.cohort, status="waitlisted")
    login(client, trainer)

    response = tick(client, session, waiting)

    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_it_refuses_a_trainee_of_another_cohort(client, trainer, session) -> None:
    elsewhere = EnrollmentFactory()
    login(client, trainer)

    response = tick(client, session, elsewhere)

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_service_refuses_a_trainee_as_trainer(enrollment, session) -> None:
    with pytest.raises(PermissionDenied):
        services.mark_attendance(
            session=session, enrollment=enrollment, present=True, by=enrollment.trainee
        )
    assert not Attendance.objects.exists()


# --- paper sheet -------------------------------------------------------------------------


def paper_url(session: CohortSession) -> str:
    return reverse("training:session_paper_attendance", kwargs={"pk": session.pk})


def test_the_paper_form_lists_only_approved_trainees(client, trainer, enrollment, session) -> None:
    EnrollmentFactory(
        cohort=session.cohort,
        status="nominated",
        trainee__first_name="อรทัย",
        trainee__last_name="ทองคำ",
    )
    login(client, trainer)

    page = client.get(paper_url(session)).content.decode()

    assert "วันเพ็ญ แก้วมณี" in page
    assert "อรทัย ทองคำ" not in page


def test_the_paper_sheet_records_who_signed(client, trainer, enrollment, session) -> None:
    other = EnrollmentFactory(cohort=session.cohort)
    login(client, trainer)

    response = client.post(
        paper_url(session), {"present": [str(enrollment.pk), str(other.pk), "²", "x"]}
    )

    assert response.status_code == 302
    assert set(Attendance.objects.values_list("enrollment_id", "method")) == {
        (enrollment.pk, "paper"),
        (other.pk, "paper"),
    }
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {trainer.pk}


def test_the_paper_sheet_removes_who_did_not_sign(trainer, enrollment, session) -> None:
    other = EnrollmentFactory(cohort=session.cohort)
    services.mark_attendance(session=session, enrollment=other, present=True, by=trainer)
    services.mark_attendance(session=session, enrollment=enrollment, present=True, by=trainer)

    result = services.record_paper_sheet(session=session, present=[enrollment.pk], by=trainer)

    assert (result.added, result.removed) == (0, 1)
    assert list(Attendance.objects.values_list("enrollment_id", "method")) == [
        (enrollment.pk, "roster")
    ]


def test_the_paper_sheet_refuses_a_trainee_who_is_not_approved(trainer, session) -> None:
    waiting = EnrollmentFactory(cohort=session.cohort, status="waitlisted")

    with pytest.raises(ValidationError):
        services.record_paper_sheet(session=session, present=[waiting.pk], by=trainer)
    assert not Attendance.objects.exists()


def test_a_trainee_cannot_enter_the_paper_sheet(client, enrollment, session) -> None:
    login(client, enrollment.trainee)

    response = client.post(paper_url(session), {"present": [str(enrollment.pk)]})

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_paper_sheet_sets_when_it_was_entered(trainer, enrollment, session) -> None:
    entered = dt.datetime(2021, 3, 29, 12, 30, tzinfo=dt.UTC)

    services.record_paper_sheet(session=session, present=[enrollment.pk], by=trainer, now=entered)

    assert Attendance.objects.get().at == entered
