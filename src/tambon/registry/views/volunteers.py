"""Giving a household to a volunteer to look after, from the household page (officers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tambon.accounts.models import User
from tambon.accounts.requests import signed_in_user
from tambon.core.errors import DomainError
from tambon.registry.models import VolunteerAssignment
from tambon.registry.selectors.households import household_detail, visible_households
from tambon.registry.services.volunteers import assign_volunteer, unassign_volunteer

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
    chosen = request.POST.get("volunteer", "")
    volunteer = User.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
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


urlpatterns = [
    path("households/<int:pk>/volunteers/", volunteer_assign, name="volunteer_assign"),
    path("households/volunteers/<int:pk>/remove/", volunteer_unassign, name="volunteer_unassign"),
]
