"""The cases API router, /api/v1/cases/: cases, their transitions and timeline, care plans."""

from ninja import Router

from tambon.cases.api import care_plans, cases, referrals, visits
from tambon.cases.api import requests as help_requests

router = Router(tags=["cases"])
router.add_router("", cases.router)
router.add_router("", care_plans.router)
router.add_router("", referrals.router)
router.add_router("", visits.router)
router.add_router("", help_requests.router)
