"""Who may manage personal API tokens: any active user with a role (or a superuser)."""

from typing import Any

import rules


@rules.predicate
def has_a_role(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.role or user.is_superuser)
    )


rules.add_perm("api.manage_own_tokens", has_a_role)
