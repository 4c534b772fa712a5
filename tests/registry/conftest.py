"""Fixtures every registry test may ask for, defined beside the data they set up."""

from tests.registry.test_import_engine_support import english, siphum_villages
from tests.registry.test_import_web_support import import_setup

__all__ = ["english", "import_setup", "siphum_villages"]
