"""The public pages of requests for help: the form at /help/ (no sign-in, Thai by default,
rate limited per address and per sub-district, with a honeypot), the thank-you page with the
reference, and /help/status/ (the status and dates only; rate limited too)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from tambon.cases import ratelimit
from tambon.cases.forms.requests import HelpRequestForm, StatusLookupForm
from tambon.cases.selectors.requests import public_status
from tambon.cases.services.requests import RequestData, new_reference, submit_request
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.geo.forms import AreaSelectForm

HOUR = 3600
DAY = 24 * HOUR
SESSION_KEY = "help_request_reference"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _per_ip() -> int:
    return _limit("TAMBON_HELP_REQUESTS_PER_IP_HOUR", 5)


def _per_subdistrict() -> int:
    return _limit("TAMBON_HELP_REQUESTS_PER_SUBDISTRICT_DAY", 200)


def _lookups_per_ip() -> int:
    return _limit("TAMBON_HELP_STATUS_LOOKUPS_PER_IP_HOUR", 30)


def _too_many(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "cases/help/rate_limited.html", {"what": what}, status=429)


def _area_form(data: Any = None) -> AreaSelectForm:
    return HelpRequestForm.place_form(data)


def _request_data(form: HelpRequestForm, area: AreaSelectForm) -> RequestData:
    data = form.cleaned_data
    return RequestData(
        subdistrict=area.cleaned_data.get("subdistrict"),
        village=area.cleaned_data.get("village"),
        problem_type=data.get("problem_type"),
        description=data["description"],
        place_detail=data.get("place_detail", ""),
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_phone", ""),
        for_someone_else=bool(data.get("for_someone_else")),
        consent=bool(data.get("consent")),
    )


def _thanks(request: HttpRequest, reference: str) -> HttpResponse:
    request.session[SESSION_KEY] = reference
    return redirect("help:thanks")


@require_http_methods(["GET", "POST"])
def help_form(request: HttpRequest) -> HttpResponse:
    """Ask for help, without an account."""
    ip_key = f"help:ip:{ratelimit.client_ip(request)}"
    status = 200
    if request.method == "POST":
        if not ratelimit.allowed(ip_key, limit=_per_ip(), window=HOUR):
            return _too_many(request, "form")
        form = HelpRequestForm(request.POST)
        area = _area_form(request.POST)
        if form.is_bot():
            # Looks like success to the bot; nothing is stored and nobody is notified.
            ratelimit.hit(ip_key, window=HOUR)
            return _thanks(request, new_reference())
        if form.is_valid() & area.is_valid():
            data = _request_data(form, area)
            sub_key = f"help:subdistrict:{data.subdistrict.pk if data.subdistrict else ''}"
            if not ratelimit.allowed(sub_key, limit=_per_subdistrict(), window=DAY):
                return _too_many(request, "area")
            try:
                help_request = submit_request(data=data)
            except DomainError as exc:
                if exc.field == "phone":
                    exc.field = "contact_phone"
                status = show_domain_error(exc, form, area)
            else:
                ratelimit.hit(ip_key, window=HOUR)
                ratelimit.hit(sub_key, window=DAY)
                return _thanks(request, help_request.reference)
        else:
            status = 400
    else:
        form = HelpRequestForm()
        area = _area_form()
    return render(request, "cases/help/form.html", {"form": form, "area": area}, status=status)


@require_GET
def help_thanks(request: HttpRequest) -> HttpResponse:
    """The reference of the request just sent (kept in the session, never in the URL)."""
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("help:form")
    return render(request, "cases/help/thanks.html", {"reference": reference})


@require_GET
def help_status(request: HttpRequest) -> HttpResponse:
    """The status of a request by its reference: status and dates only."""
    form = StatusLookupForm(request.GET or None)
    found = None
    looked_up = False
    status = 200
    if form.is_bound:
        ip_key = f"help-status:ip:{ratelimit.client_ip(request)}"
        if not ratelimit.allowed(ip_key, limit=_lookups_per_ip(), window=HOUR):
            return _too_many(request, "status")
        ratelimit.hit(ip_key, window=HOUR)
        if form.is_valid():
            looked_up = True
            found = public_status(form.cleaned_data["reference"])
            if found is None:
                status = 404
        else:
            status = 400
    return render(
        request,
        "cases/help/status.html",
        {"form": form, "found": found, "looked_up": looked_up},
        status=status,
    )


urlpatterns = [
    path("", help_form, name="form"),
    path("thanks/", help_thanks, name="thanks"),
    path("status/", help_status, name="status"),
]
