"""Helpers of the accounts tests."""

from django.utils import translation


def th(message: str) -> str:
    """A message as a Thai user reads it (the tests run in Thai, the default language)."""
    with translation.override("th"):
        return translation.gettext(message)
