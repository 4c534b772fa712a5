"""Change history of the geography. Bulk loads bypass it; edits of single areas are recorded."""

from tambon.core.audit import audit_model
from tambon.geo.models import District, Province, Subdistrict, Village

for model in (Province, District, Subdistrict, Village):
    audit_model(model)
