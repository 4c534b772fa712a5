"""The Tambon API (django-ninja): one router per domain app, mounted at /api/v1/."""

from typing import cast

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.renderers import JSONRenderer

from tambon.accounts.models import User
from tambon.api import errors
from tambon.api.auth import default_auth
from tambon.cases.api import router as cases_router
from tambon.geo.api import router as geo_router
from tambon.network.api import router as network_router
from tambon.registry.api import router as registry_router
from tambon.training.api import router as training_router

DESCRIPTION = """
The typed JSON API of Tambon, the platform of Thailand's Social-Welfare-Promotion
Sub-districts (ตำบลสร้างเสริมสวัสดิการสังคม).

**Authentication.** Every route needs a caller. Scripts send a personal API token, created on
the page *API tokens* of the web application (`/account/tokens/`), as
`Authorization: Bearer tbn_…`. The browser may use its signed-in session instead (unsafe
methods then need the CSRF token). A token acts with its owner's role and area, nothing more,
and stops working when it is revoked, expires or its owner is deactivated.

**Errors.** Every error is JSON: `{"code": "...", "message": "...", "field": ..., "details":
...}`; `message` is in the request's language (`Accept-Language: en` for English, Thai by
default). Codes: `unauthorized` (401), `forbidden` (403), `not_found` (404), `invalid` (400 or
422, with `details` listing the fields), `conflict` (409).

**Lists** are paginated with `limit` (default 100, at most 1000) and `offset`, and answer
`{"items": [...], "count": N}`.
"""


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Thai as text, not \\u escapes: half the size, readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Tambon API",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api-1",
    auth=default_auth(),
    renderer=ReadableJSONRenderer(),
)
errors.install(api)


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    area_codes: list[str]


@api.get("/me", response=MeOut, tags=["account"], summary="Who am I")
def me(request: HttpRequest) -> MeOut:
    """The caller as the API sees them: the role and areas every answer is scoped to."""
    user = cast(User, request.user)  # every route requires a caller: never anonymous here
    return MeOut(
        username=user.get_username(),
        full_name=user.get_full_name(),
        role=user.role,
        area_codes=user.area_codes(),
    )


api.add_router("/geo/", geo_router)
api.add_router("/registry/", registry_router)
api.add_router("/network/", network_router)
api.add_router("/cases/", cases_router)
api.add_router("/training/", training_router)
