"""Pages where a user manages their personal API tokens."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tambon.accounts import services
from tambon.accounts.requests import signed_in_user
from tambon.api import selectors
from tambon.api.forms import CreateTokenForm
from tambon.core.errors import ValidationError

View = Callable[..., HttpResponse]


def may_manage_tokens(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("api.manage_own_tokens"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@may_manage_tokens
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = selectors.tokens_of(signed_in_user(request))
    return render(request, "api/token_list.html", {"tokens": tokens})


@require_http_methods(["GET", "POST"])
@never_cache
@may_manage_tokens
def token_create(request: HttpRequest) -> HttpResponse:
    form = CreateTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_api_token(
                user=signed_in_user(request),
                name=form.cleaned_data["name"],
                days=form.days(),
            )
        except ValidationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            # The raw token is shown in this one response and kept nowhere else.
            return render(request, "api/token_created.html", {"token": token, "raw_token": raw})
    return render(request, "api/token_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
@may_manage_tokens
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_of(signed_in_user(request), token_id)
    if request.method == "POST":
        services.revoke_api_token(user=signed_in_user(request), token_id=token.pk)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
