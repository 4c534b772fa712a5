from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "tambon.network"
    label = "network"
    verbose_name = _("Network partners")

    def ready(self) -> None:
        from tambon.network import audit, navigation, policy  # noqa: F401  (registers them)
