"""Helpers of the network pages: the area pickers and finding a record the user may see."""

from django.http import Http404, HttpRequest

from tambon.accounts.models import User
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.geo.forms import AreaSelectForm, picker_initial
from tambon.network.forms.common import AREA_PREFIX
from tambon.network.models import Partner, WelfareService
from tambon.network.selectors.partners import partner_detail
from tambon.network.selectors.services import service_detail


def search_area_form(request: HttpRequest) -> AreaSelectForm:
    return AreaSelectForm(request.GET, depth="subdistrict", prefix=AREA_PREFIX)


def home_area_form(request: HttpRequest, *, code: str = "", bound: bool = False) -> AreaSelectForm:
    """The picker of a partner's home sub-district."""
    if bound:
        return AreaSelectForm(
            request.POST, depth="subdistrict", required="subdistrict", prefix=AREA_PREFIX
        )
    return AreaSelectForm(
        initial=picker_initial(code),
        depth="subdistrict",
        required="subdistrict",
        prefix=AREA_PREFIX,
    )


def own_subdistrict(user: User) -> str:
    """Preselect the user's sub-district when they have exactly one."""
    codes = [c for c in user.area_codes() if len(c) == 6]
    return codes[0] if len(codes) == 1 else ""


def visible_partner(request: HttpRequest, pk: int) -> Partner:
    """The partner `pk` if the user may see it; 404 otherwise (never 403: it would leak it)."""
    partner = partner_detail(user=signed_in_user(request), pk=pk)
    if partner is None:
        raise Http404
    return partner


def visible_service(request: HttpRequest, pk: int) -> WelfareService:
    service = service_detail(user=signed_in_user(request), pk=pk)
    if service is None:
        raise Http404
    require_perm(request, "network.view_service", service)
    return service
