"""The registry's API router, /api/v1/registry/: each part adds its own sub-router."""

from importlib import import_module

from ninja import Router

router = Router(tags=["registry"])

# module → path prefix under /api/v1/registry/
_PARTS = {
    "households": "households",
    "persons": "persons",
    "assessments": "assessments",
    "imports": "imports",
    "duplicates": "duplicates",
}

for _part, _prefix in _PARTS.items():
    try:
        _module = import_module(f"tambon.registry.api.{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tambon.registry.api.{_part}":
            raise
        continue
    router.add_router(_prefix, _module.router)
