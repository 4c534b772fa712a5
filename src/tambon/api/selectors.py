"""Reads of personal API tokens: a user only ever sees their own."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tambon.accounts.models import ApiToken, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; another user's token is a 404, as if it did not exist."""
    return get_object_or_404(tokens_of(user), pk=token_id)
