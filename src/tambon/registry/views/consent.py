"""Pages of PDPA consent: record a person's consent, withdraw it (the record is kept)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.registry.forms.consent import ConsentForm, WithdrawForm
from tambon.registry.selectors import people as selectors
from tambon.registry.services.consent import add_consent, withdraw_consent
from tambon.registry.views.people import CHANGE_PERM, VIEW_PERM


def _back_to(person_id: int) -> str:
    return reverse("registry:person_detail", args=[person_id]) + "#consents"


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a person's consent for one purpose."""
    require_perm(request, VIEW_PERM)
    user = signed_in_user(request)
    person = selectors.person_detail(user=user, pk=pk)
    if person is None:
        raise Http404
    require_perm(request, CHANGE_PERM, person)
    status = 200
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                add_consent(
                    by=user,
                    person=person,
                    purpose=data["purpose"],
                    given_by=data["given_by"],
                    given_by_name=data.get("given_by_name", ""),
                    given_on=data["given_on"],
                    note=data.get("note", ""),
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect(_back_to(person.pk))
        else:
            status = 400
    else:
        form = ConsentForm()
    return render(
        request, "registry/consent/form.html", {"form": form, "person": person}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a consent was withdrawn, on a date (today by default)."""
    require_perm(request, VIEW_PERM)
    user = signed_in_user(request)
    consent = selectors.consent_detail(user=user, pk=pk)
    if consent is None:
        raise Http404
    person = consent.person
    require_perm(request, CHANGE_PERM, person)
    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                withdraw_consent(
                    by=user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
                )
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The consent is marked as withdrawn."))
                return redirect(_back_to(person.pk))
        else:
            status = 400
    else:
        form = WithdrawForm()
    return render(
        request,
        "registry/consent/withdraw.html",
        {"form": form, "consent": consent, "person": person},
        status=status,
    )


urlpatterns = [
    path("people/<int:pk>/consents/new/", consent_add, name="consent_add"),
    path("consents/<int:pk>/withdraw/", consent_withdraw, name="consent_withdraw"),
]
