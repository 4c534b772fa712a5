"""Who may do what in training. Cohorts are scoped by the province where they are held.

A facilitator is anyone with an active Facilitator record (granted on certification) or the
facilitator role; being certified does not take away a person's other role.
"""

from typing import Any

import rules

from tambon.accounts.policy import has_role, in_user_area, is_national_admin
from tambon.accounts.roles import Role

is_provincial_officer = has_role(Role.PROVINCIAL_OFFICER)
is_nominating_officer = has_role(Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)


@rules.predicate
def is_facilitator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.FACILITATOR:
        return True
    from tambon.training.models import Facilitator

    return Facilitator.objects.filter(user=user, is_active=True).exists()


@rules.predicate
def is_cohort_organiser(user: Any, cohort: Any) -> bool:
    return cohort is not None and cohort.organiser_id == user.pk


@rules.predicate
def is_cohort_trainer(user: Any, cohort: Any) -> bool:
    return cohort is not None and cohort.trainers.filter(pk=user.pk).exists()


@rules.predicate
def is_approved_trainee(user: Any, cohort: Any) -> bool:
    return (
        cohort is not None and cohort.enrollments.filter(trainee=user, status="approved").exists()
    )


@rules.predicate
def owns_workshop(user: Any, workshop: Any) -> bool:
    return workshop is not None and workshop.facilitator.user_id == user.pk


runs_cohort = is_national_admin | is_cohort_organiser | (is_provincial_officer & in_user_area)

# Courses are national: national admins configure them; everyone signed in may read them.
rules.add_perm("training.manage_courses", is_national_admin)
rules.add_perm("training.create_cohort", is_national_admin | is_provincial_officer)
# Object perms below take a Cohort.
rules.add_perm("training.manage_cohort", runs_cohort)
rules.add_perm("training.view_cohort", runs_cohort | is_cohort_trainer | is_approved_trainee)
rules.add_perm("training.run_sessions", runs_cohort | is_cohort_trainer)
rules.add_perm("training.issue_certificates", runs_cohort)
rules.add_perm("training.take_tests", is_approved_trainee)
# Nominating takes no object: the nominee's sub-district must lie in the officer's area,
# which the service checks.
rules.add_perm("training.nominate", is_national_admin | is_nominating_officer)
rules.add_perm("training.view_facilitators", rules.is_authenticated)
rules.add_perm("training.record_workshop", is_national_admin | is_facilitator)
rules.add_perm("training.change_workshop", is_national_admin | owns_workshop)


@rules.predicate
def has_any_role(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role)


# Anyone with a role may apply to a cohort whose nominations are open (the service checks that).
rules.add_perm("training.apply", has_any_role)

# The cascade page counts facilitators in the viewer's area: national admins see every
# province, provincial officers their own.
rules.add_perm("training.view_cascade", is_national_admin | is_provincial_officer)
