"""Taxonomy pages for national admins: target groups, problem types and indicators; the training
app's workshops read their problem types from the registry's taxonomy."""

import datetime as dt

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tambon.accounts.models import User
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.registry.models import Indicator, ProblemType, TargetGroup
from tambon.registry.services.assessments import record_assessment
from tambon.registry.services.taxonomy import MSG_CODE_IN_USE, save_term, set_term_active
from tambon.training.forms.workshops import WorkshopForm
from tambon.training.services.workshops import record_workshop
from tests.conftest import login
from tests.registry.factories import make_household
from tests.training.test_workshops import make_facilitator, youth_camp

pytestmark = pytest.mark.django_db

FLOOD = {
    "code": "flood_recovery",
    "name_th": "การฟื้นฟูหลังน้ำท่วม",
    "name_en": "recovery after floods",
    "position": 30,
    "hotline_1300": False,
}


def problem_choices(form: WorkshopForm) -> list[tuple[str, str]]:
    field = form.fields["problems"]
    assert isinstance(field, forms.MultipleChoiceField)
    return list(field.choices)  # type: ignore[arg-type]


def url(name: str, kind: str, *args: int) -> str:
    return reverse(name, args=[kind, *args])


def test_an_admin_adds_a_problem_type_through_the_page(client: Client, admin: User) -> None:
    response = login(client, admin).post(url("registry:taxonomy_create", "problem-types"), FLOOD)

    assert response.status_code == 302
    flood = ProblemType.objects.get(code="flood_recovery")
    assert flood.name_th == "การฟื้นฟูหลังน้ำท่วม"
    listing = client.get(url("registry:taxonomy_list", "problem-types"))
    assert "การฟื้นฟูหลังน้ำท่วม" in listing.content.decode()


def test_a_duplicate_code_is_refused_with_a_message(client: Client, admin: User) -> None:
    with translation.override("en"):
        response = login(client, admin).post(
            url("registry:taxonomy_create", "problem-types"),
            {**FLOOD, "code": "poverty"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert ProblemType.objects.filter(code="poverty").count() == 1


def test_an_unused_code_may_still_be_corrected(admin: User) -> None:
    flood = save_term(by=admin, model=ProblemType, values={**FLOOD, "code": "flod"})

    save_term(by=admin, model=ProblemType, values=FLOOD, term=flood)

    flood.refresh_from_db()
    assert flood.code == "flood_recovery"


def test_a_code_used_by_an_assessment_can_no_longer_change(
    admin: User, siphum_officer: User
) -> None:
    indicator = Indicator.objects.get(code="income_household")
    record_assessment(
        by=siphum_officer,
        assessed_on=dt.date(2025, 3, 1),
        answers={"income_household": True},
        household=make_household(),
    )
    values = {
        "code": "income_per_member",
        "dimension": "income",
        "scope": "household",
        "text_th": indicator.text_th,
        "text_en": indicator.text_en,
        "position": 14,
    }

    with translation.override("en"), pytest.raises(ValidationError) as info:
        save_term(by=admin, model=Indicator, values=values, term=indicator)

    assert str(info.value.message) == MSG_CODE_IN_USE % {"code": "income_household"}
    assert Indicator.objects.filter(code="income_household").exists()


def test_the_edit_page_locks_a_used_code(client: Client, admin: User) -> None:
    poverty = ProblemType.objects.get(code="poverty")  # mapped by the seeded version

    response = login(client, admin).get(url("registry:taxonomy_edit", "problem-types", poverty.pk))

    assert response.status_code == 200
    assert response.context["form"].fields["code"].disabled
    changed = client.post(
        url("registry:taxonomy_edit", "problem-types", poverty.pk),
        {"code": "hacked", "name_th": "ความยากจน", "name_en": "poverty (income)", "position": 10},
    )
    assert changed.status_code == 302
    poverty.refresh_from_db()
    assert (poverty.code, poverty.name_en) == ("poverty", "poverty (income)")


def test_a_reversed_age_range_is_refused(admin: User) -> None:
    values = {
        "code": "working_age",
        "name_th": "วัยแรงงาน",
        "name_en": "working age",
        "position": 20,
        "min_age": 60,
        "max_age": 15,
        "sex": "",
    }

    with translation.override("en"), pytest.raises(ValidationError) as info:
        save_term(by=admin, model=TargetGroup, values=values)

    assert info.value.field == "max_age"
    assert not TargetGroup.objects.filter(code="working_age").exists()


def test_a_retired_indicator_leaves_the_survey_form(
    client: Client, admin: User, siphum_officer: User
) -> None:
    birth_weight = Indicator.objects.get(code="health_birth_weight")
    login(client, admin).post(url("registry:taxonomy_toggle", "indicators", birth_weight.pk))
    birth_weight.refresh_from_db()
    assert not birth_weight.active

    household = make_household()
    page = login(client, siphum_officer).get(
        reverse("registry:assessment_create") + f"?household={household.pk}"
    )

    assert "answer_health_birth_weight" not in page.context["form"].fields
    assert "answer_health_safe_food" in page.context["form"].fields


@pytest.mark.parametrize("kind", ["target-groups", "problem-types", "indicators"])
def test_the_taxonomy_pages_are_for_national_admins_only(
    client: Client, cm_officer: User, kind: str
) -> None:
    login(client, cm_officer)
    term = ProblemType.objects.get(code="poverty")

    assert client.get(reverse("registry:taxonomy")).status_code == 403
    assert client.get(url("registry:taxonomy_list", kind)).status_code == 403
    assert client.post(url("registry:taxonomy_create", kind), FLOOD).status_code == 403
    assert client.post(url("registry:taxonomy_toggle", kind, term.pk)).status_code == 403
    term.refresh_from_db()
    assert term.active
    assert not ProblemType.objects.filter(code="flood_recovery").exists()


def test_officers_may_not_change_taxonomies_through_the_service(siphum_officer: User) -> None:
    poverty = ProblemType.objects.get(code="poverty")

    with pytest.raises(PermissionDenied):
        set_term_active(by=siphum_officer, term=poverty, active=False)

    poverty.refresh_from_db()
    assert poverty.active


@pytest.mark.parametrize("kind", ["target-groups", "problem-types", "indicators"])
def test_the_taxonomy_pages_render_for_an_admin(client: Client, admin: User, kind: str) -> None:
    login(client, admin)

    index = client.get(reverse("registry:taxonomy"))
    listing = client.get(url("registry:taxonomy_list", kind))
    new = client.get(url("registry:taxonomy_create", kind))

    assert (index.status_code, listing.status_code, new.status_code) == (200, 200, 200)
    assert b'id="term-table"' in listing.content


def test_an_unknown_taxonomy_is_not_found(client: Client, admin: User) -> None:
    response = login(client, admin).get(url("registry:taxonomy_list", "hobbies"))

    assert response.status_code == 404


# --- training reads problem types from the registry --------------------------------------


def test_a_workshop_offers_the_problem_types_of_the_registry(admin: User) -> None:
    save_term(by=admin, model=ProblemType, values=FLOOD)
    set_term_active(by=admin, term=ProblemType.objects.get(code="beggars"), active=False)

    choices = dict(problem_choices(WorkshopForm()))

    assert "flood_recovery" in choices
    assert "beggars" not in choices
    assert list(choices)[:2] == ["domestic_violence", "teenage_pregnancy"]


def test_a_workshop_may_choose_a_new_problem_type(admin: User) -> None:
    save_term(by=admin, model=ProblemType, values=FLOOD)
    facilitator = make_facilitator()

    workshop = record_workshop(
        by=facilitator.user, data=youth_camp(problems=["flood_recovery", "elderly"])
    )

    assert workshop.problems == ["elderly", "flood_recovery"]


def test_a_workshop_keeps_a_problem_type_retired_since(admin: User) -> None:
    facilitator = make_facilitator()
    workshop = record_workshop(by=facilitator.user, data=youth_camp(problems=["beggars"]))
    set_term_active(by=admin, term=ProblemType.objects.get(code="beggars"), active=False)

    form = WorkshopForm(initial=WorkshopForm.initial_for(workshop))

    assert "beggars" in dict(problem_choices(form))
