"""Helpers of the API tests: a personal token for a named user, and the header that sends it."""

from collections.abc import Callable

import pytest

from tambon.accounts.models import User
from tambon.accounts.services import create_api_token

TokenFor = Callable[..., str]


@pytest.fixture
def token_for(db) -> TokenFor:  # type: ignore[no-untyped-def]
    def make(user: User, *, name: str = "สคริปต์รายงานประจำเดือน", days: int | None = 90) -> str:
        _token, raw = create_api_token(user=user, name=name, days=days)
        return raw

    return make


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}
