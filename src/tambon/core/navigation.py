"""The navigation of the shell. Each app adds its own items from its AppConfig.ready().

Items are grouped into sections (registered here, in core) so that the main menu fits a
desktop window: a section with one visible item is drawn as a plain link, a section with
several as a dropdown. An item without a section stays at the top level.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


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
    # The key of a registered NavSection; "" keeps the item at the top level of the menu.
    section: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.kwargs or None)


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str | Promise
    icon: str
    # On the same scale as NavItem.order: a top-level item sorts among the sections.
    order: int = 100


@dataclass(frozen=True)
class MenuSection:
    """A section as one user sees it: its visible items, and which of them is open now."""

    key: str
    label: str | Promise
    icon: str
    items: tuple[NavItem, ...]
    # The item whose page is open (its URL is the request's path), if any.
    current: NavItem | None = None
    # True when the open page is one of the items or lies under one of their URLs.
    active: bool = False

    @property
    def is_dropdown(self) -> bool:
        return len(self.items) > 1


_items: list[NavItem] = []
_sections: dict[str, NavSection] = {}


class UnknownSection(LookupError):
    pass


def register_section(*sections: NavSection) -> None:
    for section in sections:
        _sections.setdefault(section.key, section)


def register(*items: NavItem) -> None:
    for item in items:
        if item.section and item.section not in _sections:
            raise UnknownSection(f"{item.url_name}: no menu section {item.section!r}")
        if all(existing.url_name != item.url_name for existing in _items):
            _items.append(item)


def requires_perm(name: str) -> Callable[[Any], bool]:
    """A `visible` test: the item shows to users who hold the permission `name`."""

    def visible(user: Any) -> bool:
        return bool(user.has_perm(name))

    return visible


def items_for(user: Any) -> list[NavItem]:
    """The items the user may see, in menu order."""
    if not getattr(user, "is_authenticated", False):
        return []
    visible = [i for i in _items if i.visible is None or i.visible(user)]
    return sorted(visible, key=lambda i: i.order)


def sections_for(user: Any, *, current_path: str = "") -> list[MenuSection]:
    """The sections of the menu with at least one item the user may see, in order."""
    return sections_of(items_for(user), current_path=current_path)


def sections_of(items: Iterable[NavItem], *, current_path: str = "") -> list[MenuSection]:
    """Group visible items (from `items_for`) into the sections of the menu."""
    items = list(items)
    urls = {item.url_name: item.url for item in items}
    current = next((i for i in items if urls[i.url_name] == current_path), None)
    # A page below an item's URL (a case under /cases/) lights that item's section; the
    # longest such URL wins. "/" would lie above every page, so it only ever matches itself.
    below = [
        i for i in items if urls[i.url_name] != "/" and current_path.startswith(urls[i.url_name])
    ]
    nearest = current or max(below, key=lambda i: len(urls[i.url_name]), default=None)
    groups: dict[str, list[NavItem]] = {}
    for item in items:
        # A top-level item is a section of its own.
        groups.setdefault(item.section or f"item:{item.url_name}", []).append(item)
    menu = [_menu_section(key, group, current, nearest) for key, group in groups.items()]
    return sorted(menu, key=_order)


def _menu_section(
    key: str, items: list[NavItem], current: NavItem | None, nearest: NavItem | None
) -> MenuSection:
    ordered = tuple(sorted(items, key=lambda i: i.order))
    section = _sections.get(key)
    label, icon = (section.label, section.icon) if section else (items[0].label, items[0].icon)
    return MenuSection(
        key=key if section else "",
        label=label,
        icon=icon,
        items=ordered,
        current=current if any(i is current for i in ordered) else None,
        active=any(i is nearest for i in ordered),
    )


def _order(menu_section: MenuSection) -> int:
    section = _sections.get(menu_section.key)
    return section.order if section else menu_section.items[0].order


# The sections of the menu; apps name them in their items (`section="cases"`). Their order
# follows the items': registry 20s, cases 24-27, network 30s, training 50s, areas 70s,
# administration 80 and beyond.
register_section(
    NavSection("registry", pgettext_lazy("menu section", "Registry"), "bi-person-vcard", 20),
    NavSection("cases", pgettext_lazy("menu section", "Casework"), "bi-journal-medical", 24),
    NavSection("network", pgettext_lazy("menu section", "Network"), "bi-diagram-2", 30),
    NavSection("training", pgettext_lazy("menu section", "Training"), "bi-mortarboard", 50),
    NavSection("areas", pgettext_lazy("menu section", "Areas"), "bi-geo-alt", 70),
    NavSection("admin", pgettext_lazy("menu section", "Administration"), "bi-gear", 80),
)
