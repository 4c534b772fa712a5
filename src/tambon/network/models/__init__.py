from tambon.network.models.partners import Partner, PartnerArea, PartnerContact, Sector
from tambon.network.models.services import ServiceArea, ServiceType, WelfareService

__all__ = [
    "Partner",
    "PartnerArea",
    "PartnerContact",
    "Sector",
    "ServiceArea",
    "ServiceType",
    "WelfareService",
]
