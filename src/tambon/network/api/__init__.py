"""The network's API router, /api/v1/network/: partners and their welfare services."""

from ninja import Router

from tambon.network.api import partners, services

router = Router(tags=["network"])
router.add_router("partners", partners.router)
router.add_router("services", services.router)
