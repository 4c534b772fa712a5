"""The main menu: items grouped into sections, per role, and drawn as links and dropdowns."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils.translation import pgettext

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.core import navigation
from tambon.core.navigation import NavItem, UnknownSection, sections_for
from tests.conftest import MakeUser, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_user: MakeUser) -> User:
    return make_user("partner", Role.PARTNER, "500101", first_name="มูลนิธิ")


def menu(user: User) -> dict[str, list[str]]:
    return {s.key: [i.url_name for i in s.items] for s in sections_for(user)}


# --- which sections and items each role gets ---------------------------------------------


def test_a_national_admin_gets_every_section_in_order(admin: User) -> None:
    assert menu(admin) == {
        "registry": [
            "registry:person_list",
            "registry:household_list",
            "registry:assessment_list",
            "registry:import_list",
            "registry:duplicate_list",
        ],
        "cases": [
            "cases:queues",
            "cases:case_list",
            "cases:referral_inbox",
            "cases:my_visits",
            "cases:request_list",
        ],
        "network": ["network:partner_list", "network:directory"],
        "training": [
            "training:cohort_list",
            "training:course_list",
            "training:my_training",
            "training:facilitator_list",
            "training:workshop_list",
            "training:cascade",
        ],
        "areas": ["geo:areas", "geo:village_import"],
        "admin": [
            "accounts:list",
            "registry:taxonomy",
            "network:service_type_list",
            "accounts:audit",
            "tokens:list",
        ],
    }
    assert list(menu(admin)) == ["registry", "cases", "network", "training", "areas", "admin"]


def test_a_subdistrict_officer_gets_the_fieldwork_sections_and_a_small_admin(
    siphum_officer: User,
) -> None:
    assert menu(siphum_officer) == {
        "registry": [
            "registry:person_list",
            "registry:household_list",
            "registry:assessment_list",
            "registry:import_list",
            "registry:duplicate_list",
        ],
        "cases": ["cases:queues", "cases:case_list", "cases:my_visits", "cases:request_list"],
        "network": ["network:partner_list", "network:directory"],
        "training": ["training:cohort_list", "training:my_training", "training:facilitator_list"],
        "areas": ["geo:areas"],
        "admin": ["accounts:list", "tokens:list"],
    }


def test_a_volunteer_gets_single_item_sections_as_plain_links(siphum_volunteer: User) -> None:
    sections = {s.key: s for s in sections_for(siphum_volunteer)}
    assert menu(siphum_volunteer) == {
        "registry": [
            "registry:person_list",
            "registry:household_list",
            "registry:assessment_list",
        ],
        "cases": ["cases:queues", "cases:case_list", "cases:my_visits"],
        "network": ["network:directory"],
        "training": ["training:my_training", "training:facilitator_list"],
        "areas": ["geo:areas"],
        "admin": ["tokens:list"],
    }
    assert [k for k, s in sections.items() if s.is_dropdown] == ["registry", "cases", "training"]


def test_a_partner_gets_no_registry_section_since_every_item_of_it_is_hidden(
    partner: User,
) -> None:
    assert menu(partner) == {
        "cases": ["cases:queues", "cases:referral_inbox"],
        "network": ["network:partner_list", "network:directory"],
        "training": ["training:my_training", "training:facilitator_list"],
        "areas": ["geo:areas"],
        "admin": ["tokens:list"],
    }


def test_the_sections_hold_exactly_the_items_the_user_may_see(siphum_officer: User) -> None:
    grouped = [i.url_name for s in sections_for(siphum_officer) for i in s.items]
    assert sorted(grouped) == sorted(i.url_name for i in navigation.items_for(siphum_officer))


def test_a_visitor_gets_no_section() -> None:
    assert sections_for(AnonymousUser()) == []


def test_the_current_page_marks_its_item_and_its_section(siphum_officer: User) -> None:
    sections = {s.key: s for s in sections_for(siphum_officer, current_path="/cases/my-visits/")}
    assert sections["cases"].active
    assert sections["cases"].current is not None
    assert sections["cases"].current.url_name == "cases:my_visits"
    assert not any(s.active or s.current for k, s in sections.items() if k != "cases")


def test_a_page_below_an_item_marks_the_section_of_the_nearest_item_only(
    siphum_officer: User,
) -> None:
    sections = {s.key: s for s in sections_for(siphum_officer, current_path="/cases/42/edit/")}
    assert sections["cases"].active
    assert sections["cases"].current is None
    assert [k for k, s in sections.items() if s.active] == ["cases"]


# --- registration ----------------------------------------------------------------------


def test_an_item_naming_an_unknown_section_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "_items", list(navigation._items))
    item = NavItem(label="Indicators", url_name="home", icon="bi-graph-up", section="nowhere")
    with pytest.raises(UnknownSection):
        navigation.register(item)
    assert item not in navigation._items


def test_an_item_without_a_section_stays_top_level_in_its_order(
    monkeypatch: pytest.MonkeyPatch, siphum_officer: User
) -> None:
    monkeypatch.setattr(navigation, "_items", list(navigation._items))
    navigation.register(NavItem(label="Home", url_name="home", icon="bi-house", order=10))
    sections = sections_for(siphum_officer, current_path="/")
    assert sections[0].key == ""
    assert [i.url_name for i in sections[0].items] == ["home"]
    assert sections[0].current is sections[0].items[0]
    # "/" lies above every page but marks only itself.
    other = sections_for(siphum_officer, current_path="/about/")
    assert not other[0].active


# --- the menu as drawn -------------------------------------------------------------------


@dataclass
class Entry:
    """One top-level entry of #nav-items: a plain link, or a dropdown toggle and its links."""

    section: str
    toggle: dict[str, str] | None = None
    toggle_text: str = ""
    links: list[dict[str, str]] = field(default_factory=list)

    @property
    def hrefs(self) -> list[str]:
        return [link["href"] for link in self.links]


class MenuParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # how deep in <ul id="nav-items"> we are
        self.in_toggle = False
        self.entries: list[Entry] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "ul" and a.get("id") == "nav-items":
            self.depth = 1
        elif self.depth and tag == "ul":
            self.depth += 1
        elif self.depth == 1 and tag == "li":
            self.entries.append(Entry(section=a.get("data-section", "")))
        elif self.depth and tag == "button" and "dropdown-toggle" in a.get("class", ""):
            self.entries[-1].toggle = a
            self.in_toggle = True
        elif self.depth and tag == "a":
            self.entries[-1].links.append(a)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "ul":
            self.depth -= 1
        if tag == "button":
            self.in_toggle = False

    def handle_data(self, data: str) -> None:
        if self.in_toggle:
            self.entries[-1].toggle_text += data


def menu_on(client: Client, path: str) -> dict[str, Entry]:
    response = client.get(path)
    assert response.status_code == 200
    parser = MenuParser()
    parser.feed(response.content.decode())
    return {e.section: e for e in parser.entries}


def classes(attrs: dict[str, str] | None) -> list[str]:
    return (attrs or {}).get("class", "").split()


def test_the_home_page_draws_sections_of_several_items_as_dropdowns(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    entries = menu_on(client, "/")
    assert list(entries) == ["registry", "cases", "network", "training", "areas", "admin"]
    cases = entries["cases"]
    assert cases.toggle is not None
    assert cases.toggle["data-bs-toggle"] == "dropdown"
    assert cases.toggle["aria-expanded"] == "false"
    assert pgettext("menu section", "Casework") in cases.toggle_text
    assert cases.hrefs == ["/cases/queues/", "/cases/", "/cases/my-visits/", "/cases/requests/"]
    assert all("dropdown-item" in classes(link) for link in cases.links)
    # On the home page no section is the current one.
    assert not any("active" in classes(e.toggle) for e in entries.values())


def test_a_section_of_one_item_is_a_plain_link(client: Client, siphum_officer: User) -> None:
    login(client, siphum_officer)
    areas = menu_on(client, "/")["areas"]
    assert areas.toggle is None
    assert areas.hrefs == ["/geo/"]
    assert "nav-link" in classes(areas.links[0])


def test_the_current_page_is_marked_in_its_dropdown_and_on_the_toggle(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    entries = menu_on(client, "/registry/households/")
    registry = entries["registry"]
    assert "active" in classes(registry.toggle)
    current = [link for link in registry.links if link.get("aria-current") == "page"]
    assert [link["href"] for link in current] == ["/registry/households/"]
    assert "active" in classes(current[0])
    others = [e for key, e in entries.items() if key != "registry"]
    assert not any("active" in classes(e.toggle) for e in others)
    assert not any(link.get("aria-current") for e in others for link in e.links)


def test_a_page_under_a_section_marks_the_toggle_without_a_current_item(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    entries = menu_on(client, "/cases/queues/mine/")
    assert "active" in classes(entries["cases"].toggle)
    assert not any(link.get("aria-current") for e in entries.values() for link in e.links)


def test_a_single_item_section_is_marked_when_its_page_is_open(
    client: Client, siphum_officer: User
) -> None:
    login(client, siphum_officer)
    areas = menu_on(client, "/geo/")["areas"]
    assert "active" in classes(areas.links[0])
    assert areas.links[0]["aria-current"] == "page"
