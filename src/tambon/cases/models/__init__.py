from tambon.cases.models.care_plans import CarePlan, CarePlanAction, CarePlanGoal
from tambon.cases.models.cases import (
    EVENT_KINDS,
    OPEN_STATES,
    Case,
    CaseCounter,
    CaseEvent,
    State,
    register_event_kind,
)
from tambon.cases.models.referrals import OPEN_REFERRAL_STATES, Referral, ReferralState
from tambon.cases.models.requests import HelpRequest
from tambon.cases.models.visits import Assistance, FollowUp, HomeVisit

__all__ = [
    "EVENT_KINDS",
    "OPEN_REFERRAL_STATES",
    "OPEN_STATES",
    "Assistance",
    "CarePlan",
    "CarePlanAction",
    "CarePlanGoal",
    "Case",
    "CaseCounter",
    "CaseEvent",
    "FollowUp",
    "HelpRequest",
    "HomeVisit",
    "Referral",
    "ReferralState",
    "State",
    "register_event_kind",
]
