"""A test-only model of the `core` app, standing in for records people edit concurrently.

tests/conftest.py imports it in every test process and creates its table with the test
database, so the model registry and the database always agree.
"""

from django.db import models

from tambon.core.audit import audit_model
from tambon.core.fields import BlindIndexField, EncryptedTextField
from tambon.core.models import VersionedModel


class CarePlanDraft(VersionedModel):
    title = models.CharField(max_length=100)
    note = models.TextField(blank=True)

    class Meta:
        app_label = "core"


audit_model(CarePlanDraft)


class PersonIdStandIn(VersionedModel):
    """Stands in for the registry's person: a name, an encrypted national ID and its index."""

    first_name = models.CharField(max_length=100)
    national_id = EncryptedTextField(null=True, blank=True)
    national_id_index = BlindIndexField(null=True, blank=True)

    class Meta:
        app_label = "core"


audit_model(PersonIdStandIn)
