from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_import_villages(user: Any) -> bool:
    return bool(user.has_perm("geo.import_villages"))


class GeoConfig(AppConfig):
    name = "tambon.geo"
    label = "geo"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from tambon.core.navigation import NavItem, register
        from tambon.geo import audit  # noqa: F401

        register(
            NavItem(
                label=_("Areas"),
                url_name="geo:areas",
                section="areas",
                icon="bi-geo-alt",
                order=70,
                description=_("Find provinces, districts, sub-districts and villages."),
            )
        )
        register(
            NavItem(
                label=_("Import villages"),
                url_name="geo:village_import",
                section="areas",
                icon="bi-upload",
                order=75,
                description=_("Add the villages (หมู่บ้าน) of sub-districts from a CSV file."),
                visible=_can_import_villages,
            )
        )
