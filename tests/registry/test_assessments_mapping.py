"""The versioned 4S mapping: drafts copy the newest version, publishing switches new scoring,
old assessments keep the version they were scored with."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.registry.models import Indicator, MappingRule, MappingVersion, ProblemType
from tambon.registry.services.assessments import record_assessment
from tambon.registry.services.taxonomy import (
    RuleInput,
    change_mapping_draft,
    discard_mapping_draft,
    publish_mapping,
    start_mapping_draft,
)
from tests.conftest import login
from tests.registry.factories import make_household

pytestmark = pytest.mark.django_db

ANSWERS = {"health_exercise": False, "income_household": True}


def rule_of(version: MappingVersion, code: str) -> MappingRule:
    return MappingRule.objects.get(version=version, indicator__code=code)


def test_a_new_version_starts_as_a_draft_copy_of_the_newest(admin: User) -> None:
    draft = start_mapping_draft(by=admin, note="ออกกำลังกายนับเป็น Sufficiency")

    assert draft.number == 2
    assert draft.published_at is None
    copied = set(draft.rules.values_list("indicator__code", "four_s", "weight", "problem_type"))
    original = set(
        MappingRule.objects.filter(version__number=1).values_list(
            "indicator__code", "four_s", "weight", "problem_type"
        )
    )
    assert copied == original
    assert len(copied) == 17


def test_only_one_draft_at_a_time(admin: User) -> None:
    start_mapping_draft(by=admin)

    with pytest.raises(Conflict):
        start_mapping_draft(by=admin)


def test_publishing_scores_new_assessments_while_old_ones_keep_their_version(
    admin: User, siphum_officer: User
) -> None:
    household = make_household()
    before = record_assessment(
        by=siphum_officer, assessed_on=dt.date(2025, 1, 15), answers=ANSWERS, household=household
    )
    assert before.problems.count() == 0  # exercise signals no problem in version 1

    # Given a draft where not exercising counts against Sufficiency and signals "health"
    draft = start_mapping_draft(by=admin)
    exercise = Indicator.objects.get(code="health_exercise")
    health = ProblemType.objects.get(code="health")
    change_mapping_draft(
        by=admin,
        version=draft,
        note="exercise → Sufficiency",
        rules=[RuleInput(exercise.pk, "sufficiency", Decimal("2"), health.pk)],
    )
    # a draft scores nothing yet
    while_draft = record_assessment(
        by=siphum_officer, assessed_on=dt.date(2025, 1, 16), answers=ANSWERS, household=household
    )
    assert while_draft.mapping_version.number == 1

    # When it is published
    publish_mapping(by=admin, version=draft)
    after = record_assessment(
        by=siphum_officer, assessed_on=dt.date(2025, 1, 17), answers=ANSWERS, household=household
    )

    # Then new assessments use it, and the old ones are untouched
    assert after.mapping_version == draft
    assert [p.code for p in after.problems.all()] == ["health"]
    assert after.four_s_scores["sufficiency"] == pytest.approx(33.3)
    assert after.four_s_scores["smile"] is None
    before.refresh_from_db()
    assert before.mapping_version.number == 1
    assert before.four_s_scores["smile"] == 0.0
    assert before.problems.count() == 0
    assert rule_of(MappingVersion.objects.get(number=1), "health_exercise").four_s == "smile"


def test_an_empty_four_s_unmaps_an_indicator(admin: User) -> None:
    draft = start_mapping_draft(by=admin)
    exercise = Indicator.objects.get(code="health_exercise")

    change_mapping_draft(by=admin, version=draft, note="", rules=[RuleInput(exercise.pk, "")])

    assert not MappingRule.objects.filter(version=draft, indicator=exercise).exists()
    assert draft.rules.count() == 16


def test_a_published_version_never_changes(admin: User) -> None:
    version_1 = MappingVersion.objects.get(number=1)
    exercise = Indicator.objects.get(code="health_exercise")

    with pytest.raises(Conflict):
        change_mapping_draft(
            by=admin, version=version_1, note="", rules=[RuleInput(exercise.pk, "safety")]
        )
    with pytest.raises(Conflict):
        publish_mapping(by=admin, version=version_1)

    assert rule_of(version_1, "health_exercise").four_s == "smile"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (dict(four_s="happiness"), "“happiness” is not a 4S dimension."),
        (dict(four_s="smile", weight=Decimal(0)), "A weight is a number above 0"),
        (dict(four_s="smile", problem_type_id=999_999), "Choose a problem type"),
    ],
)
def test_a_malformed_rule_is_refused(admin: User, rule: dict, message: str) -> None:
    draft = start_mapping_draft(by=admin)
    exercise = Indicator.objects.get(code="health_exercise")

    with translation.override("en"), pytest.raises(ValidationError) as info:
        change_mapping_draft(
            by=admin, version=draft, note="", rules=[RuleInput(exercise.pk, **rule)]
        )

    assert str(info.value.message).startswith(message)
    assert rule_of(draft, "health_exercise").four_s == "smile"


def test_an_empty_draft_cannot_be_published(admin: User) -> None:
    draft = start_mapping_draft(by=admin)
    rows = [RuleInput(i.pk, "") for i in Indicator.objects.all()]
    change_mapping_draft(by=admin, version=draft, note="", rules=rows)

    with pytest.raises(ValidationError):
        publish_mapping(by=admin, version=draft)


def test_a_draft_can_be_discarded(admin: User) -> None:
    draft = start_mapping_draft(by=admin)

    discard_mapping_draft(by=admin, version=draft)

    assert list(MappingVersion.objects.values_list("number", flat=True)) == [1]


def test_officers_may_not_change_the_mapping(cm_officer: User, admin: User) -> None:
    with pytest.raises(PermissionDenied):
        start_mapping_draft(by=cm_officer)
    draft = start_mapping_draft(by=admin)
    with pytest.raises(PermissionDenied):
        publish_mapping(by=cm_officer, version=draft)

    draft.refresh_from_db()
    assert draft.published_at is None


# --- pages -------------------------------------------------------------------------------


def test_the_version_list_says_rescoring_is_not_automatic(client: Client, admin: User) -> None:
    with translation.override("en"):
        response = login(client, admin).get(
            reverse("registry:mapping_list"), HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert b'id="rescore-note"' in response.content
    assert "not rescored automatically" in response.content.decode()
    assert b'id="version-1"' in response.content


def test_an_admin_creates_edits_and_publishes_a_version_through_the_pages(
    client: Client, admin: User
) -> None:
    login(client, admin)
    response = client.post(reverse("registry:mapping_new"))
    draft = MappingVersion.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:mapping_edit", args=[draft.pk])

    page = client.get(reverse("registry:mapping_edit", args=[draft.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    exercise = Indicator.objects.get(code="health_exercise")
    data.update(
        {
            "note": "ออกกำลังกาย → Sufficiency",
            f"i{exercise.pk}_four_s": "sufficiency",
            f"i{exercise.pk}_weight": "1.5",
        }
    )
    saved = client.post(reverse("registry:mapping_edit", args=[draft.pk]), data)
    assert saved.status_code == 302
    assert rule_of(draft, "health_exercise").weight == Decimal("1.5")
    assert rule_of(draft, "health_safe_food").four_s == "smile"  # untouched rows stay

    published = client.post(reverse("registry:mapping_publish", args=[draft.pk]))
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert draft.note == "ออกกำลังกาย → Sufficiency"


def test_a_published_version_is_shown_read_only(client: Client, admin: User) -> None:
    version = MappingVersion.objects.get(number=1)

    response = login(client, admin).get(reverse("registry:mapping_edit", args=[version.pk]))

    assert response.status_code == 200
    assert b'id="rule-table"' in response.content
    assert b'id="mapping-form"' not in response.content


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "registry:mapping_list"),
        ("get", "registry:mapping_edit"),
        ("post", "registry:mapping_edit"),
        ("post", "registry:mapping_new"),
        ("post", "registry:mapping_publish"),
        ("post", "registry:mapping_discard"),
    ],
)
def test_the_mapping_pages_are_forbidden_to_officers(
    client: Client, cm_officer: User, admin: User, method: str, name: str
) -> None:
    draft = start_mapping_draft(by=admin)
    args = [] if name in ("registry:mapping_list", "registry:mapping_new") else [draft.pk]

    response = getattr(login(client, cm_officer), method)(reverse(name, args=args))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None
    assert MappingVersion.objects.count() == 2
