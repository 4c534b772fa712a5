"""The navigation of the shell. Each app adds its own items from its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    order: int = 100
    description: str | Promise = ""
    # Shown only to users for whom this returns True; None means every signed-in user.
    visible: Callable[[Any], bool] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.kwargs or None)


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if all(existing.url_name != item.url_name for existing in _items):
            _items.append(item)


def requires_perm(name: str) -> Callable[[Any], bool]:
    """A `visible` test: the item shows to users who hold the permission `name`."""

    def visible(user: Any) -> bool:
        return bool(user.has_perm(name))

    return visible


def items_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    visible = [i for i in _items if i.visible is None or i.visible(user)]
    return sorted(visible, key=lambda i: i.order)
