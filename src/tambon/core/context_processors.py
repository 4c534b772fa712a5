from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tambon.core import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base template needs on every page: navigation and the language switch."""
    # Each item's visibility test runs once: the sections group the same list.
    items = navigation.items_for(getattr(request, "user", None))
    return {
        "nav_items": items,
        "nav_sections": navigation.sections_of(items, current_path=request.path),
        "LANGUAGES_AVAILABLE": settings.LANGUAGES,
        "SITE_URL": settings.SITE_URL,
    }
