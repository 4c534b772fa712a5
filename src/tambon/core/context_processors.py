from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tambon.core import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base template needs on every page: navigation and the language switch."""
    return {
        "nav_items": navigation.items_for(getattr(request, "user", None)),
        "LANGUAGES_AVAILABLE": settings.LANGUAGES,
        "SITE_URL": settings.SITE_URL,
    }
