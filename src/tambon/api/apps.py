from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tambon.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from tambon.api import policy  # noqa: F401
        from tambon.core.navigation import NavItem, register

        register(
            NavItem(
                label=_("API tokens"),
                url_name="tokens:list",
                section="admin",
                icon="bi-key",
                order=900,
                description=_("Personal keys for programs that use the Tambon API."),
                visible=lambda user: user.has_perm("api.manage_own_tokens"),
            )
        )
