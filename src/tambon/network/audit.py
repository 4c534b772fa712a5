"""Change history of every network record."""

from tambon.core.audit import audit_model
from tambon.network import models

for model in (models.ServiceType, models.PartnerArea, models.PartnerContact, models.ServiceArea):
    audit_model(model)
audit_model(models.Partner, m2m_fields=("members",))
audit_model(models.WelfareService, m2m_fields=("target_groups", "problem_types"))
