"""Requests carrying a NUL character are refused at the door.

PostgreSQL cannot store or even compare text with NUL bytes, so one in a search box or a filter
would crash whichever query met it first; refusing it here covers every page and the API.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MSG_NUL = gettext_noop("The request contains a NUL character, which is not allowed.")


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    params = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        params.append(request.POST)
    return any("\x00" in value for query in params for value in query.values())


class RejectNullCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return HttpResponseBadRequest(_(MSG_NUL), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
