"""Pagination used by every list page."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


class _CountedPaginator(Paginator):
    """A paginator told how many items there are (a count the page has made already)."""

    def __init__(self, items: Any, per_page: int, *, count: int) -> None:
        super().__init__(items, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def paginate(
    request: HttpRequest, items: Any, *, per_page: int | None = None, count: int | None = None
) -> Page:
    """The requested page of `items`; a malformed or out-of-range page number is tolerated.

    `count`: the number of items when the caller knows it already, to save a COUNT query.
    """
    size = per_page or settings.TAMBON_PAGE_SIZE
    paginator = (
        Paginator(items, size) if count is None else _CountedPaginator(items, size, count=count)
    )
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
