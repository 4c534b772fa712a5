"""The field-work services: home visits (dates, scores, photos and the consent they need),
assistance (kinds, sources, amounts in baht), follow-ups (schedule, complete once, cancel), the
closed-case rule, the timeline and the change history."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from tambon.accounts.models import User
from tambon.cases.models import Assistance, CaseEvent, FollowUp, HomeVisit, State
from tambon.cases.services import assistance as assistance_services
from tambon.cases.services import follow_ups as follow_up_services
from tambon.cases.services import photos
from tambon.cases.services import visits as visit_services
from tambon.cases.services.assistance import record_assistance
from tambon.cases.services.fieldwork import MSG_BEFORE_OPENED, MSG_CLOSED, MSG_FUTURE, Kind
from tambon.cases.services.follow_ups import (
    cancel_follow_up,
    complete_follow_up,
    schedule_follow_up,
)
from tambon.cases.services.visits import add_visit_photo, record_visit
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.core.thai import format_date
from tambon.registry.models import Consent
from tambon.registry.services.consent import withdraw_consent
from tests.cases.factories import fresh
from tests.cases.visits_support import (  # noqa: F401
    CAMERA_MAKE,
    _private_media,
    allow_photos,
    fieldwork_case,
    image_bytes,
    too_big,
    upload,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def visit(case, by, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("visited_on", TODAY())
    fields.setdefault("met", "ผู้สูงอายุและลูกสาว")
    fields.setdefault("observations", "หลังคารั่ว ผู้สูงอายุเดินได้แต่ต้องใช้ไม้เท้า")
    return record_visit(case=case, by=by, **fields)


# --- visits ----------------------------------------------------------------------------


def test_the_assigned_volunteer_records_a_visit_with_a_quick_reassessment(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    recorded = visit(case, siphum_volunteer, dimension_scores={"income": "1", "health": 4})

    assert recorded.visitor == siphum_volunteer
    assert recorded.dimension_scores == {"health": 4, "income": 1}
    event = CaseEvent.objects.get(case=case, kind=Kind.VISIT)
    assert (event.by, event.data["scores"], event.data["photo"]) == (
        siphum_volunteer,
        {"health": 4, "income": 1},
        False,
    )
    assert event.kind_label != event.kind  # a registered kind has its own label
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(HomeVisit), object_pk=str(recorded.pk)
    ).exists()


def test_a_visit_in_the_future_or_before_the_case_was_opened_is_refused(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    opened = timezone.localtime(case.opened_at).date()

    with pytest.raises(ValidationError) as future:
        visit(case, siphum_volunteer, visited_on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as before:
        visit(case, siphum_volunteer, visited_on=opened - dt.timedelta(days=1))

    assert (future.value.field, future.value.message) == ("visited_on", _(MSG_FUTURE))
    assert before.value.message == _(MSG_BEFORE_OPENED) % {"date": format_date(opened)}
    assert not HomeVisit.objects.exists()


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"happiness": 3}, visit_services.MSG_SCORE_DIMENSION),
        ({"health": 6}, visit_services.MSG_SCORE_VALUE),
        ({"income": 0}, visit_services.MSG_SCORE_VALUE),
        ({"living": True}, visit_services.MSG_SCORE_VALUE),
        ({"access": "ดี"}, visit_services.MSG_SCORE_VALUE),
    ],
)
def test_a_score_outside_the_five_dimensions_or_1_to_5_is_refused(
    siphum_officer: User, siphum_volunteer: User, scores: dict, message: str
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    with pytest.raises(ValidationError) as refused:
        visit(case, siphum_volunteer, dimension_scores=scores)

    expected = _(message) % {"name": "happiness"} if "%(name)s" in message else _(message)
    assert (refused.value.field, refused.value.message) == ("dimension_scores", expected)
    assert not HomeVisit.objects.exists()


def test_a_visit_needs_observations(siphum_officer: User) -> None:
    case = fieldwork_case(siphum_officer, None)

    with pytest.raises(ValidationError) as refused:
        visit(case, siphum_officer, observations="   ")

    assert refused.value.message == _(visit_services.MSG_OBSERVATIONS)


def test_a_volunteer_not_assigned_to_the_case_may_not_record_a_visit(
    siphum_officer: User, siphum_volunteer: User, other_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    with pytest.raises(PermissionDenied):
        visit(case, other_volunteer)

    assert not HomeVisit.objects.exists()
    assert not CaseEvent.objects.filter(kind=Kind.VISIT).exists()


def test_a_photo_without_consent_is_refused_and_nothing_is_stored(
    siphum_officer: User, siphum_volunteer: User, settings
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    person = case.person
    assert person is not None

    with pytest.raises(ValidationError) as refused:
        visit(case, siphum_volunteer, photo=upload())

    assert refused.value.field == "photo"
    assert refused.value.message == _(visit_services.MSG_PHOTO_CONSENT) % {
        "person": person.full_name
    }
    assert not HomeVisit.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_a_withdrawn_consent_no_longer_allows_photos(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    consent = allow_photos(case, siphum_officer)
    withdraw_consent(by=siphum_officer, consent=consent, withdrawn_on=TODAY())

    with pytest.raises(ValidationError) as refused:
        visit(case, siphum_volunteer, photo=upload())

    assert refused.value.field == "photo"
    assert not HomeVisit.objects.exists()


def test_a_photo_with_consent_is_stored_renamed_and_without_its_camera_metadata(
    siphum_officer: User, siphum_volunteer: User, settings
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)
    original = image_bytes()
    assert Image.open(io.BytesIO(original)).getexif().get(0x010F) == CAMERA_MAKE

    recorded = visit(case, siphum_volunteer, photo=upload(original, name="บ้านคุณยาย.jpg"))

    stored = recorded.photo
    assert stored.name.startswith("visits/") and stored.name.endswith(".jpg")
    assert "บ้านคุณยาย" not in stored.name
    assert str(stored.path).startswith(str(settings.MEDIA_ROOT))
    with Image.open(stored.path) as saved:
        assert saved.format == "JPEG"
        assert not saved.getexif()
    assert CaseEvent.objects.get(kind=Kind.VISIT).data["photo"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a photo", photos.MSG_PHOTO_NOT_IMAGE),
        (image_bytes()[:200], photos.MSG_PHOTO_NOT_IMAGE),
        (image_bytes("GIF"), photos.MSG_PHOTO_FORMAT),
        (image_bytes("BMP"), photos.MSG_PHOTO_FORMAT),
        (b"", photos.MSG_PHOTO_EMPTY),
        (too_big(), photos.MSG_PHOTO_TOO_BIG),
    ],
    ids=["pdf", "truncated", "gif", "bmp", "empty", "too-big"],
)
def test_a_bad_photo_is_refused_with_its_reason(
    siphum_officer: User, siphum_volunteer: User, data: bytes, message: str
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)

    with pytest.raises(ValidationError) as refused:
        visit(case, siphum_volunteer, photo=upload(data))

    assert (refused.value.field, refused.value.message) == ("photo", _(message))
    assert not HomeVisit.objects.exists()


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_photos_are_accepted(
    siphum_officer: User, siphum_volunteer: User, image_format: str
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)

    recorded = visit(case, siphum_volunteer, photo=upload(image_bytes(image_format)))

    assert recorded.photo.name.endswith("." + image_format.lower())


def test_a_photo_is_added_to_a_visit_once_by_its_visitor(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    allow_photos(case, siphum_officer)
    recorded = visit(case, siphum_volunteer)

    with_photo = add_visit_photo(visit=recorded, photo=upload(), by=siphum_volunteer)
    with pytest.raises(ValidationError) as again:
        add_visit_photo(visit=with_photo, photo=upload(), by=siphum_volunteer)

    assert with_photo.photo
    assert again.value.message == _(visit_services.MSG_PHOTO_ALREADY)


def test_a_household_case_takes_a_photo_with_the_consent_of_the_head(
    siphum_officer: User,
) -> None:
    from tambon.cases.services.cases import CaseData, open_case
    from tambon.registry.services.consent import add_consent
    from tests.cases.factories import person_in, problems

    head = person_in()
    case = open_case(
        by=siphum_officer,
        household=head.household,
        data=CaseData(channel="survey", problem_types=problems("housing")),
    )

    with pytest.raises(ValidationError):
        visit(case, siphum_officer, photo=upload())
    add_consent(by=siphum_officer, person=head, purpose=Consent.Purpose.PHOTOS, given_on=TODAY())
    recorded = visit(case, siphum_officer, photo=upload())

    assert recorded.photo


# --- the closed case -------------------------------------------------------------------


def test_a_closed_case_refuses_new_visits_assistance_and_follow_ups(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer, state=State.CLOSED)

    refused = []
    for attempt in (
        lambda: visit(case, siphum_officer),
        lambda: record_assistance(
            case=case,
            given_on=TODAY(),
            kind="goods",
            description="ถุงยังชีพ",
            amount=None,
            source="donor",
            by=siphum_officer,
        ),
        lambda: schedule_follow_up(
            case=case, due_on=TODAY(), purpose="ติดตามอาการ", by=siphum_officer
        ),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        refused.append(error.value.message)

    assert refused == [_(MSG_CLOSED)] * 3
    assert not HomeVisit.objects.exists()
    assert not Assistance.objects.exists()
    assert not FollowUp.objects.exists()


# --- assistance ------------------------------------------------------------------------


def give(case, by, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("given_on", TODAY())
    fields.setdefault("kind", Assistance.Kind.CASH)
    fields.setdefault("description", "เงินสงเคราะห์ผู้ประสบปัญหาทางสังคม")
    fields.setdefault("amount", "3000")
    fields.setdefault("source", Assistance.Source.GOVERNMENT)
    return record_assistance(case=case, by=by, **fields)


def test_an_officer_records_cash_in_baht_with_two_decimals(siphum_officer: User) -> None:
    case = fieldwork_case(siphum_officer, None)

    given = give(case, siphum_officer, amount="1,500.5")

    assert fresh_amount(given) == Decimal("1500.50")
    event = CaseEvent.objects.get(case=case, kind=Kind.ASSISTANCE)
    assert (event.data["amount"], event.data["source"]) == ("1500.50", "government")


def fresh_amount(given: Assistance) -> Decimal:
    amount = Assistance.objects.get(pk=given.pk).amount
    assert amount is not None
    return amount


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": None}, "amount", assistance_services.MSG_AMOUNT_CASH),
        ({"amount": ""}, "amount", assistance_services.MSG_AMOUNT_CASH),
        ({"amount": "-1"}, "amount", assistance_services.MSG_AMOUNT_NEGATIVE),
        ({"amount": "10.005"}, "amount", assistance_services.MSG_AMOUNT_FORMAT),
        ({"amount": "สามพัน"}, "amount", assistance_services.MSG_AMOUNT_FORMAT),
        ({"amount": "NaN"}, "amount", assistance_services.MSG_AMOUNT_FORMAT),
        ({"amount": "99999999999"}, "amount", assistance_services.MSG_AMOUNT_TOO_BIG),
        ({"kind": "voucher"}, "kind", assistance_services.MSG_KIND),
        ({"source": "lottery"}, "source", assistance_services.MSG_SOURCE),
        ({"description": "  "}, "description", assistance_services.MSG_DESCRIPTION),
    ],
)
def test_assistance_with_a_bad_value_is_refused(
    siphum_officer: User, fields: dict, field: str, message: str
) -> None:
    case = fieldwork_case(siphum_officer, None)

    with pytest.raises(ValidationError) as refused:
        give(case, siphum_officer, **fields)

    assert (refused.value.field, refused.value.message) == (field, _(message))
    assert not Assistance.objects.exists()


def test_goods_may_have_no_amount(siphum_officer: User) -> None:
    case = fieldwork_case(siphum_officer, None)

    given = give(case, siphum_officer, kind="goods", description="ที่นอนลม", amount=None)

    assert given.amount is None


def test_a_volunteer_may_not_record_assistance(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    with pytest.raises(PermissionDenied):
        give(case, siphum_volunteer)

    assert not Assistance.objects.exists()
    assert not CaseEvent.objects.filter(kind=Kind.ASSISTANCE).exists()


# --- follow-ups ------------------------------------------------------------------------


def test_a_follow_up_is_scheduled_for_the_volunteer_who_completes_it_once(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    planned = schedule_follow_up(
        case=case,
        due_on=TODAY() + dt.timedelta(days=14),
        purpose="ติดตามการได้รับเบี้ยยังชีพ",
        assigned_to=siphum_volunteer,
        by=siphum_officer,
    )
    on_visit = visit(case, siphum_volunteer)

    done = complete_follow_up(
        follow_up=planned, result="ได้รับเบี้ยยังชีพแล้ว", visit=on_visit, by=siphum_volunteer
    )
    with pytest.raises(ValidationError) as again:
        complete_follow_up(follow_up=planned, result="ซ้ำ", by=siphum_officer)

    assert (done.status, done.done_by, done.visit) == ("done", siphum_volunteer, on_visit)
    assert again.value.message == _(follow_up_services.MSG_NOT_OPEN) % {
        "status": FollowUp.Status.DONE.label
    }
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert Kind.FOLLOW_UP_SCHEDULED in kinds and Kind.FOLLOW_UP_DONE in kinds


def test_a_follow_up_can_only_go_to_an_officer_of_the_area_or_the_case_volunteer(
    siphum_officer: User, siphum_volunteer: User, other_volunteer: User, bkk_officer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)

    for outsider in (other_volunteer, bkk_officer):
        with pytest.raises(ValidationError) as refused:
            schedule_follow_up(
                case=case,
                due_on=TODAY(),
                purpose="ติดตามอาการ",
                assigned_to=outsider,
                by=siphum_officer,
            )
        assert refused.value.field == "assigned_to"

    assert not FollowUp.objects.exists()


def test_a_volunteer_completes_only_the_follow_ups_assigned_to_them(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    for_officer = schedule_follow_up(
        case=case,
        due_on=TODAY(),
        purpose="ประสานกองทุนสวัสดิการชุมชน",
        assigned_to=siphum_officer,
        by=siphum_officer,
    )

    with pytest.raises(PermissionDenied):
        complete_follow_up(follow_up=for_officer, result="ทำแล้ว", by=siphum_volunteer)
    with pytest.raises(PermissionDenied):
        cancel_follow_up(follow_up=for_officer, by=siphum_volunteer)
    with pytest.raises(PermissionDenied):
        schedule_follow_up(case=case, due_on=TODAY(), purpose="ติดตาม", by=siphum_volunteer)

    assert FollowUp.objects.get().status == FollowUp.Status.OPEN
    assert FollowUp.objects.count() == 1


def test_an_officer_cancels_a_follow_up_with_a_reason_even_after_closing(
    siphum_officer: User,
) -> None:
    case = fieldwork_case(siphum_officer, None, state=State.FOLLOW_UP)
    planned = schedule_follow_up(case=case, due_on=TODAY(), purpose="ติดตามอาการ", by=siphum_officer)
    from tambon.cases.services.workflow import transition_case

    transition_case(
        case=fresh(case),
        to=State.CLOSED,
        by=siphum_officer,
        expected_version=fresh(case).version,
        outcome="moved",
        reason="ย้ายไปอยู่กับลูกที่กรุงเทพฯ",
    )

    cancelled = cancel_follow_up(follow_up=planned, reason="ย้ายออกนอกพื้นที่", by=siphum_officer)

    assert (cancelled.status, cancelled.result) == ("cancelled", "ย้ายออกนอกพื้นที่")
    event = CaseEvent.objects.get(kind=Kind.FOLLOW_UP_CANCELLED)
    assert event.reason == "ย้ายออกนอกพื้นที่"


def test_completing_needs_a_result_and_a_visit_of_the_same_case(
    siphum_officer: User, siphum_volunteer: User
) -> None:
    case = fieldwork_case(siphum_officer, siphum_volunteer)
    other = fieldwork_case(siphum_officer, siphum_volunteer)
    elsewhere = visit(other, siphum_officer)
    planned = schedule_follow_up(case=case, due_on=TODAY(), purpose="ติดตาม", by=siphum_officer)

    with pytest.raises(ValidationError) as empty:
        complete_follow_up(follow_up=planned, result=" ", by=siphum_officer)
    with pytest.raises(ValidationError) as wrong_visit:
        complete_follow_up(follow_up=planned, result="ดีขึ้น", visit=elsewhere, by=siphum_officer)

    assert empty.value.message == _(follow_up_services.MSG_RESULT)
    assert wrong_visit.value.message == _(follow_up_services.MSG_VISIT_OTHER)
    assert FollowUp.objects.get(pk=planned.pk).status == "open"
