"""Demo PDPA consents: most people agree to the registry record, many to sharing with partners;
minors' consent is given by a parent or guardian, a bedridden person's by a caregiver, and a
few people later withdrew theirs."""

from __future__ import annotations

import datetime as dt
import random

from tambon.accounts.models import User
from tambon.registry.demo_data.people import PersonPlan
from tambon.registry.models import Consent

REGISTRY_SHARE = 0.9
DUPLICATE_REGISTRY_SHARE = 0.5  # a second record made at a walk-in often has no consent form
SHARE_WITH_PARTNERS = 0.65  # of those who agreed to the registry
CONTACT = 0.5
WITHDRAWN = 0.04  # of the consents to share with partners
ADULT_AGE = 20  # the age of majority in Thai law

P = Consent.Purpose


def plan_consents(
    rng: random.Random, plan: PersonPlan, ref: dt.date, recorder: User | None
) -> list[Consent]:
    """The consent records of one planned person (unsaved; `person` set to its instance)."""
    share = DUPLICATE_REGISTRY_SHARE if plan.duplicate_of else REGISTRY_SHARE
    if rng.random() >= share:
        return []
    given_on = ref - dt.timedelta(days=rng.randint(10, 3 * 365))
    given_by, given_by_name = _who_gives(rng, plan)
    purposes = [P.REGISTRY]
    if rng.random() < SHARE_WITH_PARTNERS:
        purposes.append(P.SHARE_WITH_PARTNERS)
    if rng.random() < CONTACT:
        purposes.append(P.CONTACT)
    consents = []
    for purpose in purposes:
        withdrawn_on = None
        if purpose == P.SHARE_WITH_PARTNERS and rng.random() < WITHDRAWN:
            withdrawn_on = given_on + dt.timedelta(
                days=rng.randint(1, max(1, (ref - given_on).days))
            )
        consents.append(
            Consent(
                person=plan.person,
                purpose=purpose,
                given_by=given_by,
                given_by_name=given_by_name,
                given_on=given_on,
                withdrawn_on=withdrawn_on,
                recorded_by=recorder,
                created_by=recorder,
            )
        )
    return consents


def _who_gives(rng: random.Random, plan: PersonPlan) -> tuple[str, str]:
    """Self, or a parent / guardian for a minor, or a caregiver for a bedridden person, named
    after an adult of the household when there is one."""
    if plan.age >= ADULT_AGE and "bedridden" not in plan.groups:
        return Consent.GivenBy.SELF, ""
    kind = Consent.GivenBy.GUARDIAN if plan.age < ADULT_AGE else Consent.GivenBy.CAREGIVER
    members = plan.household.members if plan.household else []
    adults = [m for m in members if m is not plan and m.age >= ADULT_AGE]
    if not adults:
        return (Consent.GivenBy.SELF, "") if plan.age >= ADULT_AGE else (kind, "")
    adult = rng.choice(adults).person
    return kind, f"{adult.title}{adult.first_name} {adult.last_name}".strip()
