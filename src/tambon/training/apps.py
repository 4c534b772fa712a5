from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "tambon.training"
    label = "training"
    verbose_name = _("Shift and Share training")

    def ready(self) -> None:
        from tambon.training import audit, navigation, policy  # noqa: F401
