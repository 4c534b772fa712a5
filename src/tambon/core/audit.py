"""Change history: every domain model is registered here, never with its encrypted fields."""

from django.db import models


def encrypted_field_names(model: type[models.Model]) -> list[str]:
    """Fields that hold ciphertext or a blind index: they must never reach a change-history row."""
    return [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "encrypted", False) or getattr(f, "never_audit", False)
    ]


def audit_model(
    model: type[models.Model],
    *,
    exclude: tuple[str, ...] = (),
    m2m_fields: tuple[str, ...] = (),
) -> None:
    """Register `model` with django-auditlog, excluding its encrypted fields."""
    from auditlog.registry import auditlog

    excluded = sorted({*exclude, *encrypted_field_names(model)})
    auditlog.register(model, exclude_fields=excluded, m2m_fields=set(m2m_fields))
