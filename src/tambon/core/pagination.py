"""Pagination used by every list page."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, *, per_page: int | None = None) -> Page:
    """The requested page of `items`; a malformed or out-of-range page number is tolerated."""
    paginator = Paginator(items, per_page or settings.TAMBON_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
