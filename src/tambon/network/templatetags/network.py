"""Template filters of the network pages: {{ area_names|area_name:code }}."""

from django import template

register = template.Library()


@register.filter
def area_name(names: dict[str, str] | None, code: str) -> str:
    """The display name of an area code from a dict made by selectors.areas.area_names."""
    return (names or {}).get(code, code)
