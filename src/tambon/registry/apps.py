from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "tambon.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from importlib import import_module

        for part in ("audit", "navigation", "policy"):
            try:
                import_module(f"tambon.registry.{part}")
            except ModuleNotFoundError as exc:
                if exc.name != f"tambon.registry.{part}":
                    raise
        from tambon.core import scheduling

        scheduling.register(
            scheduling.Job(
                name="expire_imports",
                crontab="30 2 * * *",
                task="tambon.registry.tasks.expiry.expire_imports_task",
                description="Cancel survey uploads never confirmed and delete their files.",
            )
        )
