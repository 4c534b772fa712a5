"""Who may call the registry's API at all: the roles that read the registry (policy.py).

Partners, facilitators and innovators have an area too, but DOMAIN.md keeps them out of the
registry: every read answers 403 for them, before any area scoping.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import PermissionDenied
from tambon.registry.policy import READ_PERM

MSG_FORBIDDEN = gettext_noop("Your role does not work with the registry.")


def require_reader(request: HttpRequest) -> None:
    """Refuse (403) a caller whose role does not read the registry."""
    if not request.user.has_perm(READ_PERM):
        raise PermissionDenied(_(MSG_FORBIDDEN))
