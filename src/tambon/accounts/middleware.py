"""Staff of the national and provincial roles must use a second factor (TOTP)."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Pages a user without MFA may still open: setting it up, signing out, static files.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/about/")
MSG_MFA_REQUIRED = gettext_noop(
    "Your role requires two-factor authentication. Set it up to continue."
)


def mfa_required(user: object) -> bool:
    role = getattr(user, "role", "")
    return bool(
        getattr(user, "is_authenticated", False) and role in settings.TAMBON_MFA_REQUIRED_ROLES
    )


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            mfa_required(user)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.session.get("mfa_ok")
        ):
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session["mfa_ok"] = True
            elif request.path.startswith("/api/"):
                # The API answers in JSON, never with a redirect to a page.
                return JsonResponse(
                    {"code": "mfa_required", "message": _(MSG_MFA_REQUIRED)}, status=403
                )
            else:
                messages.warning(
                    request,
                    _(MSG_MFA_REQUIRED),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
