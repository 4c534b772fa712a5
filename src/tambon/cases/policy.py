"""Who may do what with cases. A case's area is its sub-district code (copied from its subject).

| role                   | sees                           | open, edit, assign, move, plan | notes |
| ---------------------- | ------------------------------ | ------------------------------ | ----- |
| national admin         | every case                     | yes                            | yes   |
| provincial officer     | the cases of the province      | yes                            | yes   |
| sub-district officer   | the cases of their areas       | yes                            | yes   |
| volunteer              | their area's cases they are    | no (reads the plan)            | yes   |
|                        | the assigned volunteer of      |                                |       |
| partner                | no case; its referrals (below) | no                             | no    |
| facilitator, innovator | nothing                        | no                             | no    |

Field work (home visits, assistance, follow-ups; cases/services/visits.py):

| role                   | record a visit | give assistance | schedule, cancel | complete          |
|                        |                |                 | follow-ups       | follow-ups        |
| ---------------------- | -------------- | --------------- | ---------------- | ------------------|
| national admin         | yes            | yes             | yes              | yes               |
| provincial officer     | own province   | own province    | own province     | own province      |
| sub-district officer   | own areas      | own areas       | own areas        | own areas         |
| volunteer              | their cases    | no              | no               | assigned to them  |
| partner, others        | no             | no              | no               | no                |

A visit's photo is served only to who may see the case (`cases.view_case`).

Referrals (cases/services/referrals.py; object perms take a Referral):

| role                   | refer,   | see a referral              | answer (accept, | the person's |
|                        | withdraw |                             | decline, ...)   | name/contact |
| ---------------------- | -------- | --------------------------- | --------------- | ------------ |
| national admin         | yes      | every referral              | yes             | yes          |
| provincial officer     | province | those of the cases it sees  | no              | yes          |
| sub-district officer   | areas    | those of the cases it sees  | no              | yes          |
| volunteer              | no       | its cases' (read only)      | no              | yes          |
| partner (member)       | no       | those sent to its partner   | yes, those      | only if      |
|                        |          | (the inbox)                 |                 | shared       |
| partner (not a member) | no       | none (404)                  | no              | no           |
| facilitator, innovator | no       | none (404)                  | no              | no           |

A partner member sees what the referral needs: the request, problem types, area, urgency,
service and dates; the person's name, phone and address only when the referral shares personal
data (a current consent "share with partners") and never the national ID. Another partner's
referral is a 404, like a case outside one's area.

A case the user may not see is a 404 everywhere (pages and API) and is never counted or
found by a search; an action the user may not take on a case they see is a 403.
Opening a case also needs the subject (person or household) to be in the user's area.
"""

from typing import Any

import rules

from tambon.accounts.policy import has_role, in_user_area, is_national_admin
from tambon.accounts.roles import Role

is_area_officer = has_role(Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)
is_volunteer = has_role(Role.VOLUNTEER)


@rules.predicate
def is_assigned_volunteer(user: Any, case: Any) -> bool:
    return case is not None and user.pk is not None and case.assigned_volunteer_id == user.pk


manages_cases = is_national_admin | is_area_officer
manages_case = is_national_admin | (is_area_officer & in_user_area)
sees_case = manages_case | (is_volunteer & is_assigned_volunteer & in_user_area)

rules.add_perm("cases.view_cases", manages_cases | is_volunteer)
rules.add_perm("cases.open_case", manages_cases)
# Takes the subject (a registry Person or Household): a case is opened in the subject's area.
rules.add_perm("cases.open_case_for", manages_case)
# Object perms below take a Case.
rules.add_perm("cases.view_case", sees_case)
rules.add_perm("cases.change_case", manages_case)
rules.add_perm("cases.assign_case", manages_case)
rules.add_perm("cases.transition_case", manages_case)
rules.add_perm("cases.change_care_plan", manages_case)
rules.add_perm("cases.add_note", sees_case)
# Field work (visits part). `record_visit` takes a Case; `complete_follow_up` a FollowUp.
rules.add_perm("cases.record_visit", sees_case)
rules.add_perm("cases.record_assistance", manages_case)
rules.add_perm("cases.manage_follow_ups", manages_case)


@rules.predicate
def completes_follow_up(user: Any, follow_up: Any) -> bool:
    """Officers of the case's area, or the volunteer the follow-up is assigned to."""
    if follow_up is None:
        return False
    case = follow_up.case
    if manages_case.test(user, case):
        return True
    return bool(
        user.pk is not None and follow_up.assigned_to_id == user.pk and sees_case.test(user, case)
    )


rules.add_perm("cases.complete_follow_up", completes_follow_up)


# --- referrals -----------------------------------------------------------------------------
is_partner_user = has_role(Role.PARTNER)


@rules.predicate
def is_member_of_referral_partner(user: Any, referral: Any) -> bool:
    """The user acts for the partner the referral was sent to (network.partners_of)."""
    if referral is None or not is_partner_user.test(user):
        return False
    from tambon.network.selectors import partners_of

    return partners_of(user).filter(pk=referral.partner_id).exists()


@rules.predicate
def sees_referral_case(user: Any, referral: Any) -> bool:
    return referral is not None and sees_case.test(user, referral.case)


@rules.predicate
def manages_referral_case(user: Any, referral: Any) -> bool:
    return referral is not None and manages_case.test(user, referral.case)


@rules.predicate
def shares_personal_data(user: Any, referral: Any) -> bool:
    """The referral shares the person's data under a consent that is still current."""
    if referral is None or not referral.shares_personal_data or referral.consent_id is None:
        return False
    return referral.consent.withdrawn_on is None


# Takes a Case.
rules.add_perm("cases.refer_case", manages_case)
# The partner inbox (pages and API): partner accounts; a national admin sees every referral.
rules.add_perm("cases.view_referral_inbox", is_national_admin | is_partner_user)
# Object perms below take a Referral.
rules.add_perm(
    "cases.view_referral", is_national_admin | sees_referral_case | is_member_of_referral_partner
)
rules.add_perm("cases.answer_referral", is_national_admin | is_member_of_referral_partner)
rules.add_perm("cases.withdraw_referral", manages_referral_case)
rules.add_perm(
    "cases.view_referred_person",
    is_national_admin | sees_referral_case | (is_member_of_referral_partner & shares_personal_data),
)
