"""Helpers shared by the network forms."""

from tambon.registry.forms.people import CodeChoiceField, GroupsField, blank_choice, style

AREA_PREFIX = "area"

__all__ = ["AREA_PREFIX", "CodeChoiceField", "GroupsField", "blank_choice", "codes_text", "style"]


def codes_text(codes: list[str]) -> str:
    return " ".join(codes)
