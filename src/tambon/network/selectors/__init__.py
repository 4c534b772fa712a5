"""Reads of the network. The cases app uses `services_for`, `partners_of` and
`visible_partners`: keep these names."""

from tambon.network.selectors.partners import partners_of, visible_partners
from tambon.network.selectors.services import services_for, visible_services

__all__ = ["partners_of", "services_for", "visible_partners", "visible_services"]
