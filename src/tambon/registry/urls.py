"""URLs of the registry app: each views module contributes its own `urlpatterns`."""

from importlib import import_module

app_name = "registry"

# One module per part of the app; a part that is not written yet is simply absent.
_PARTS = (
    "people",
    "households",
    "volunteers",
    "consent",
    "subject",
    "assessments",
    "taxonomy",
    "imports",
    "duplicates",
)

urlpatterns: list = []
for _part in _PARTS:
    try:
        _module = import_module(f"tambon.registry.views.{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tambon.registry.views.{_part}":
            raise
        continue
    urlpatterns += _module.urlpatterns
