"""Giving a household to a volunteer to look after, from the household page (officers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tambon.accounts.models import User
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import record_id
from tambon.registry.models import VolunteerAssignment
from tambon.registry.selectors.households import household_detail, visible_households
from tambon.registry.services.volunteers import (
    assign_volunteer,
    give_households,
    unassign_volunteer,
)

CHANGE_PERM = "registry.change_record"


def _back(household_id: int) -> HttpResponse:
    return redirect(reverse("registry:household_detail", args=[household_id]) + "#volunteers")


@login_required
@require_POST
def volunteer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the household to the volunteer chosen in the form."""
    user = signed_in_user(request)
    household = household_detail(user=user, pk=pk)
    if household is None:
        raise Http404
    if not user.has_perm(CHANGE_PERM, household):
        raise PermissionDenied
    volunteer = _chosen_volunteer(request)
    try:
        if volunteer is None:
            messages.error(request, _("Choose a volunteer."))
            return _back(household.pk)
        assign_volunteer(by=user, household=household, volunteer=volunteer)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The volunteer now looks after this household."))
    return _back(household.pk)


@login_required
@require_POST
def volunteer_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the household back from a volunteer."""
    user = signed_in_user(request)
    assignment = (
        VolunteerAssignment.objects.select_related("household")
        .filter(pk=pk, household__in=visible_households(user).values("pk"))
        .first()
    )
    if assignment is None:
        raise Http404
    if not user.has_perm(CHANGE_PERM, assignment.household):
        raise PermissionDenied
    unassign_volunteer(by=user, assignment=assignment)
    messages.success(request, _("The volunteer no longer looks after this household."))
    return _back(assignment.household_id)


def _chosen_volunteer(request: HttpRequest) -> User | None:
    chosen = record_id(request.POST.get("volunteer"))
    return User.objects.filter(pk=chosen).first() if chosen is not None else None


@login_required
@require_POST
def households_give(request: HttpRequest) -> HttpResponse:
    """Give the households ticked on the list page to one volunteer."""
    require_perm(request, "registry.change_registry")
    user = signed_in_user(request)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("registry:household_list")
    ids = [i for i in map(record_id, request.POST.getlist("household")) if i is not None]
    households = list(visible_households(user).filter(pk__in=ids).order_by("pk"))
    households = [h for h in households if user.has_perm(CHANGE_PERM, h)]
    volunteer = _chosen_volunteer(request)
    if volunteer is None or not households:
        messages.error(request, _("Tick at least one household and choose a volunteer."))
        return redirect(back)
    given, skipped = give_households(by=user, households=households, volunteer=volunteer)
    name = volunteer.get_full_name() or volunteer.username
    messages.success(
        request,
        ngettext(
            "%(given)d household given to %(name)s.",
            "%(given)d households given to %(name)s.",
            given,
        )
        % {"given": given, "name": name},
    )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(skipped)d skipped: the volunteer already looks after it, or does not "
                "cover its sub-district.",
                "%(skipped)d skipped: the volunteer already looks after them, or does not "
                "cover their sub-district.",
                skipped,
            )
            % {"skipped": skipped},
        )
    return redirect(back)


urlpatterns = [
    path("households/volunteers/give/", households_give, name="households_give"),
    path("households/<int:pk>/volunteers/", volunteer_assign, name="volunteer_assign"),
    path("households/volunteers/<int:pk>/remove/", volunteer_unassign, name="volunteer_unassign"),
]
