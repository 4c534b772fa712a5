"""The roles of DOMAIN.md and the area levels each may be assigned."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    SUBDISTRICT_OFFICER = "subdistrict_officer", _("Sub-district officer")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER = "partner", _("Network partner")
    FACILITATOR = "facilitator", _("Shift and Share facilitator")
    INNOVATOR = "innovator", _("Social innovator")


# Which area levels a role's assignments may name (by DOPA code length).
ALLOWED_AREA_LEVELS: dict[str, set[int]] = {
    Role.NATIONAL_ADMIN: set(),
    Role.PROVINCIAL_OFFICER: {2},
    Role.SUBDISTRICT_OFFICER: {4, 6},
    Role.VOLUNTEER: {6},
    Role.PARTNER: {2, 4, 6},
    Role.FACILITATOR: {2, 4, 6},
    Role.INNOVATOR: {6},
}

# Roles a user of a given role may give to the people they invite.
INVITABLE_ROLES: dict[str, set[str]] = {
    Role.NATIONAL_ADMIN: set(Role.values),
    Role.PROVINCIAL_OFFICER: set(Role.values) - {Role.NATIONAL_ADMIN, Role.PROVINCIAL_OFFICER},
    Role.SUBDISTRICT_OFFICER: {Role.VOLUNTEER, Role.PARTNER, Role.INNOVATOR},
}
