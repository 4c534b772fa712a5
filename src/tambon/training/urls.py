"""URLs of the training app: each views module contributes its own `urlpatterns`."""

from importlib import import_module

app_name = "training"

# One module per part of the app; a part that is not written yet is simply absent.
_PARTS = (
    "courses",
    "cohorts",
    "enrollment",
    "attendance",
    "assessment",
    "certificates",
    "workshops",
    "exports",
)

urlpatterns: list = []
for _part in _PARTS:
    try:
        _module = import_module(f"tambon.training.views.{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tambon.training.views.{_part}":
            raise
        continue
    urlpatterns += _module.urlpatterns
