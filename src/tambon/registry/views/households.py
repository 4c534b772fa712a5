"""Pages of households (ครัวเรือน): list, a household with its members, create and edit."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts.models import AccessLog
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.services import record_access
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm
from tambon.registry.forms.households import HouseholdForm, HouseholdSearchForm
from tambon.registry.models import Household
from tambon.registry.selectors import households as selectors
from tambon.registry.selectors.people import looks_like_national_id, members_of_household
from tambon.registry.selectors.target_groups import age_on
from tambon.registry.services.households import HouseholdData, create_household, update_household
from tambon.registry.services.volunteers import volunteers_for
from tambon.registry.views.people import (
    CHANGE_PERM,
    CREATE_PERM,
    VIEW_PERM,
    assessment_links,
    own_subdistrict,
    record_area_form,
    search_area_form,
    without_the_id,
)

MSG_ID_IN_MEMBER_NAME = gettext_noop(
    "That looks like a national ID. Households are searched by their members' names; find a "
    "national ID on the people page, so that the number is not kept in the address bar."
)


@login_required
@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    """Households in the user's area, by place, member name, house number, housing, income,
    target group and need."""
    require_perm(request, VIEW_PERM)
    user = signed_in_user(request)
    if looks_like_national_id(request.GET.get("q", "")):
        return without_the_id(
            request,
            list_url=reverse("registry:household_list"),
            message=_(MSG_ID_IN_MEMBER_NAME),
        )
    form = HouseholdSearchForm(request.GET)
    area_form = search_area_form(request)
    form.is_valid()  # a malformed filter is dropped (and marked), the others still apply
    data = form.cleaned_data
    filters = selectors.HouseholdFilters(
        area_code=area_form.area_code() if area_form.is_valid() else "",
        q=data.get("q", ""),
        house_number=data.get("house_number", ""),
        housing=data.get("housing", ""),
        income_band=data.get("income_band", ""),
        target_group=data.get("target_group"),
        need=data.get("need"),
    )
    page = paginate(request, selectors.household_list(user=user, filters=filters))
    can_give = user.has_perm(CREATE_PERM)
    return render(
        request,
        "registry/households/list.html",
        {
            "form": form,
            "area_form": area_form,
            "page_obj": page,
            "querystring": querystring_without_page(request),
            "can_create": can_give,
            # Officers tick households of the page and give them to a volunteer at once.
            "volunteer_choices": volunteers_for(*page.object_list) if can_give else [],
        },
    )


def _visible_household(request: HttpRequest, pk: int) -> Household:
    require_perm(request, VIEW_PERM)
    household = selectors.household_detail(user=signed_in_user(request), pk=pk)
    if household is None:
        raise Http404
    return household


@login_required
@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A household with its members (head first) and its assessments."""
    household = _visible_household(request, pk)
    user = signed_in_user(request)
    # The page names the members and their needs: a read of personal records.
    record_access(user=user, obj=household, request=request, action=AccessLog.Action.VIEW)
    members = [(m, age_on(m.birth_date)) for m in members_of_household(household.pk)]
    return render(
        request,
        "registry/households/detail.html",
        {
            "household": household,
            "members": members,
            "assessments": list(selectors.household_assessments(household)),
            "can_change": user.has_perm(CHANGE_PERM, household),
            "assignments": list(
                household.volunteer_assignments.select_related("volunteer", "created_by")
            ),
            "volunteer_choices": volunteers_for(household)
            if user.has_perm(CHANGE_PERM, household)
            else [],
            **assessment_links(user, household),
        },
    )


def _data(form: HouseholdForm, area_form: AreaSelectForm) -> HouseholdData:
    data = form.cleaned_data
    return HouseholdData(
        subdistrict=area_form.cleaned_data.get("subdistrict"),
        village=area_form.cleaned_data.get("village"),
        house_number=data["house_number"],
        address=data.get("address", ""),
        housing=data.get("housing", ""),
        income_band=data.get("income_band", ""),
        note=data.get("note", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    """Record a household at a house number in a village of the officer's area."""
    require_perm(request, CREATE_PERM)
    user = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        area_form = record_area_form(request, bound=True)
        if form.is_valid() and area_form.is_valid():
            try:
                household = create_household(by=user, data=_data(form, area_form))
            except DomainError as exc:
                status = show_domain_error(exc, form, area_form)
            else:
                messages.success(request, _("The household is recorded: now add its members."))
                return redirect("registry:household_detail", pk=household.pk)
        else:
            status = 400
    else:
        form = HouseholdForm()
        area_form = record_area_form(request, code=own_subdistrict(user))
    return render(
        request,
        "registry/households/form.html",
        {"form": form, "area_form": area_form, "household": None, "conflict": False},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a household; members recorded at its old place move with it."""
    household = _visible_household(request, pk)
    user = signed_in_user(request)
    require_perm(request, CHANGE_PERM, household)
    status = 200
    conflict = False
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        area_form = record_area_form(request, bound=True)
        if form.is_valid() and area_form.is_valid():
            version = form.cleaned_data.get("version") or household.version
            outcome = call_service(
                lambda: update_household(
                    by=user,
                    household=household,
                    expected_version=version,
                    data=_data(form, area_form),
                ),
                form,
                area_form,
            )
            if outcome.ok:
                messages.success(request, _("The changes are saved."))
                return redirect("registry:household_detail", pk=household.pk)
            status, conflict = outcome.status, outcome.conflict
        else:
            status = 400
    else:
        form = HouseholdForm(initial=HouseholdForm.initial_for(household))
        area_form = record_area_form(request, code=household.village_id or household.subdistrict_id)
    context: dict[str, Any] = {
        "form": form,
        "area_form": area_form,
        "household": household,
        "conflict": conflict,
    }
    return render(request, "registry/households/form.html", context, status=status)


urlpatterns = [
    path("households/", household_list, name="household_list"),
    path("households/new/", household_create, name="household_create"),
    path("households/<int:pk>/", household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", household_edit, name="household_edit"),
]
