"""Who is calling: a personal API token (scripts) or the Django session (the browser).

Either way the caller becomes `request.user`, so the area policy treats an API call exactly like
a page view: a token acts with its owner's role and area, and nothing more.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from tambon.accounts.services import user_for_token
from tambon.core.errors import PermissionDenied


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    default_message = _("The security check of the form failed. Reload the page and try again.")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tbn_…`: a personal token; revoked, expired or inactive is refused."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token.strip())
        if user is None:
            return None
        request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser, with Django's CSRF check on unsafe methods.

    Unlike ninja's SessionAuth, an anonymous request is simply not authenticated (401), and the
    CSRF check runs only for a signed-in session, where it matters.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise CsrfFailed()
        return self.authenticate(request, request.COOKIES.get(self.param_name))


def default_auth() -> list[Any]:
    return [TokenAuth(), BrowserSessionAuth()]
