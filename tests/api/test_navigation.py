import pytest

from tambon.accounts.models import User
from tambon.core.navigation import items_for
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_users_with_a_role_see_api_tokens_in_the_menu(siphum_volunteer: User) -> None:
    item = next(i for i in items_for(siphum_volunteer) if i.url_name == "tokens:list")

    assert item.icon == "bi-key"
    assert item.url == "/account/tokens/"


def test_users_without_a_role_do_not_see_api_tokens(make_user: MakeUser) -> None:
    nobody = make_user("no_role", "")

    assert "tokens:list" not in [i.url_name for i in items_for(nobody)]
