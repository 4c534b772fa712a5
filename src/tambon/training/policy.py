"""Who may do what in training. Cohorts are scoped by the province where they are held."""

from typing import Any

import rules

from tambon.accounts.policy import has_role, in_user_area, is_national_admin
from tambon.accounts.roles import Role

is_provincial_officer = has_role(Role.PROVINCIAL_OFFICER)
is_facilitator = has_role(Role.FACILITATOR)


@rules.predicate
def is_cohort_organiser(user: Any, cohort: Any) -> bool:
    return cohort is not None and cohort.organiser_id == user.pk


@rules.predicate
def is_cohort_trainer(user: Any, cohort: Any) -> bool:
    return cohort is not None and cohort.trainers.filter(pk=user.pk).exists()


# National admins configure courses and run cohorts; a provincial officer runs cohorts held
# in their province and nominates trainees from it.
rules.add_perm("training.manage_courses", is_national_admin)
rules.add_perm("training.create_cohort", is_national_admin | is_provincial_officer)
rules.add_perm(
    "training.manage_cohort",
    is_national_admin | is_cohort_organiser | (is_provincial_officer & in_user_area),
)
rules.add_perm(
    "training.run_sessions",
    is_national_admin
    | is_cohort_organiser
    | is_cohort_trainer
    | (is_provincial_officer & in_user_area),
)
rules.add_perm(
    "training.nominate",
    is_national_admin | has_role(Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER),
)
rules.add_perm("training.record_workshop", is_national_admin | is_facilitator)
