"""Pages of a partner's contacts: add, change, remove (whoever may change the partner)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.network.forms.partners import ContactForm
from tambon.network.models import Partner, PartnerContact
from tambon.network.selectors.partners import partner_contact
from tambon.network.services.partners import (
    ContactData,
    add_contact,
    remove_contact,
    update_contact,
)
from tambon.network.views.common import visible_partner

CHANGE_PERM = "network.change_partner"


def _changeable(request: HttpRequest, pk: int) -> Partner:
    partner = visible_partner(request, pk)
    require_perm(request, CHANGE_PERM, partner)
    return partner


def _contact(partner: Partner, contact_pk: int) -> PartnerContact:
    contact = partner_contact(partner=partner, pk=contact_pk)
    if contact is None:
        raise Http404
    return contact


def _data(form: ContactForm) -> ContactData:
    data = form.cleaned_data
    return ContactData(
        name=data["name"],
        position=data.get("position", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    """Add a contact (no contact_pk) or change one."""
    partner = _changeable(request, pk)
    contact = _contact(partner, contact_pk) if contact_pk is not None else None
    user = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                if contact is None:
                    add_contact(by=user, partner=partner, data=_data(form))
                else:
                    update_contact(by=user, contact=contact, data=_data(form))
            except DomainError as exc:
                status = show_domain_error(exc, form)
            else:
                messages.success(request, _("The contact is saved."))
                return redirect("network:partner_detail", pk=partner.pk)
        else:
            status = 400
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact) if contact else None)
    context = {"form": form, "partner": partner, "contact": contact}
    return render(request, "network/partners/contact_form.html", context, status=status)


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    """Remove a contact of a partner."""
    partner = _changeable(request, pk)
    contact = _contact(partner, contact_pk)
    remove_contact(by=signed_in_user(request), contact=contact)
    messages.success(request, _("“%(name)s” is no longer a contact.") % {"name": contact.name})
    return redirect("network:partner_detail", pk=partner.pk)


urlpatterns = [
    path("partners/<int:pk>/contacts/new/", contact_edit, name="contact_create"),
    path("partners/<int:pk>/contacts/<int:contact_pk>/edit/", contact_edit, name="contact_edit"),
    path(
        "partners/<int:pk>/contacts/<int:contact_pk>/remove/",
        contact_remove,
        name="contact_remove",
    ),
]
