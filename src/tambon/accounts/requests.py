"""The signed-in user of a request, and the permission check every page starts with."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tambon.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that passed login_required (or the API's authentication)."""
    user = request.user
    assert isinstance(user, User)
    return user


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Answer 403 unless the signed-in user has `perm` (on `obj`, when given)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied()
