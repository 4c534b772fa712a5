"""The one pagination of the API: `?limit=&offset=`, answering {"items": [...], "count": N}."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Pagination(LimitOffsetPagination):
    """Limit/offset paging; a limit above 1000 is refused (422) rather than silently cut."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return (1–1000)."
        )
        offset: int = Field(0, ge=0, description="How many items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
