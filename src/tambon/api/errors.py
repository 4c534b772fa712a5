"""Every error of the API as one JSON shape, with the message in the request's language.

    {"code": "not_found", "message": "…", "field": null, "details": null}

Domain errors (tambon.core.errors) keep their own code, status and message; the rest are
mapped here so that a client never has to parse an HTML error page.
"""

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tambon.core.errors import DomainError

logger = logging.getLogger("django.request")

MSG_UNAUTHORIZED = _(
    "Sign in, or send a personal API token in the header “Authorization: Bearer tbn_…”."
)
MSG_FORBIDDEN = _("You do not have permission to do this.")
MSG_NOT_FOUND = _("Nothing was found at this address or with this code.")
MSG_INVALID = _("Some of the values sent are not valid.")
MSG_THROTTLED = _("Too many requests. Wait a moment and try again.")
MSG_SERVER_ERROR = _("Something went wrong on our side. The error has been logged.")
MSG_HTTP_ERROR = _("The request could not be completed.")

CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}
MESSAGES_BY_STATUS = {
    401: MSG_UNAUTHORIZED,
    403: MSG_FORBIDDEN,
    404: MSG_NOT_FOUND,
    429: MSG_THROTTLED,
}


class ErrorDetail(Schema):
    field: str
    location: str
    message: str
    type: str


class ErrorOut(Schema):
    """The body of every error response."""

    code: str
    message: str
    field: str | None = None
    details: list[ErrorDetail] | None = None


def error_body(
    code: str,
    message: str | Promise,
    *,
    field: str | None = None,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {"code": code, "message": str(message), "field": field, "details": details}


def not_found_json(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """A 404 for any address under the API that no route serves."""
    return JsonResponse(
        error_body("not_found", MSG_NOT_FOUND),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        # loc is (source, field, ...): query/path/body first, then the field's path.
        location, path = (loc[0], loc[1:]) if len(loc) > 1 else ("body", loc)
        details.append(
            {
                "field": ".".join(path),
                "location": location,
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return details


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with ours."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, exc.status, error_body(exc.code, exc.message, field=exc.field))

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = _validation_details(exc.errors)
        field = details[0]["field"] if len(details) == 1 else None
        body = error_body("invalid", MSG_INVALID, field=field, details=details)
        return respond(request, 422, body)

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, error_body("not_found", MSG_NOT_FOUND))

    @api.exception_handler(DjangoPermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403, error_body("forbidden", MSG_FORBIDDEN))

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = respond(request, 401, error_body("unauthorized", MSG_UNAUTHORIZED))
        response["WWW-Authenticate"] = 'Bearer realm="tambon"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        code = CODES_BY_STATUS.get(status, "error")
        message = MESSAGES_BY_STATUS.get(status, MSG_HTTP_ERROR)
        return respond(request, status, error_body(code, message))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
        )
        return respond(request, 500, error_body("server_error", MSG_SERVER_ERROR))
