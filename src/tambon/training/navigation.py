"""Navigation items of the training app (registered from TrainingConfig.ready())."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from tambon.core.navigation import NavItem, register, requires_perm

# --- courses, cohorts and enrollment -------------------------------------------------------


def _sees_cohorts(user: Any) -> bool:
    from tambon.accounts.roles import Role
    from tambon.training.policy import is_facilitator

    officers = (Role.PROVINCIAL_OFFICER, Role.SUBDISTRICT_OFFICER)
    return bool(user.is_national_admin or user.role in officers or is_facilitator(user))


register(
    NavItem(
        label=_("Training"),
        url_name="training:cohort_list",
        section="training",
        icon="bi-mortarboard",
        order=50,
        visible=_sees_cohorts,
        description=_("Shift and Share cohorts: dates, sessions, nominations and trainees."),
    )
)
register(
    NavItem(
        label=_("Courses"),
        url_name="training:course_list",
        section="training",
        icon="bi-journal-bookmark",
        order=51,
        visible=requires_perm("training.manage_courses"),
        description=_("Courses with their modules, completion rule, tests and survey."),
    )
)
register(
    NavItem(
        label=_("My training"),
        url_name="training:my_training",
        section="training",
        icon="bi-person-workspace",
        order=52,
        description=_("The cohorts you are nominated to or enrolled in, and those you can join."),
    )
)

# --- facilitators, workshops and the cascade ----------------------------------------------


def _sees_workshops(user: Any) -> bool:
    return bool(user.has_perm("training.record_workshop") or user.has_perm("training.view_cascade"))


register(
    NavItem(
        label=_("Facilitators"),
        url_name="training:facilitator_list",
        section="training",
        icon="bi-person-badge",
        order=56,
        description=_("Find certified Shift and Share facilitators by province and sub-district."),
    )
)
register(
    NavItem(
        label=_("Workshops"),
        url_name="training:workshop_list",
        section="training",
        icon="bi-people",
        order=57,
        visible=_sees_workshops,
        description=_("Workshops facilitators ran with children, youth and the public."),
    )
)
register(
    NavItem(
        label=_("Cascade"),
        url_name="training:cascade",
        section="training",
        icon="bi-diagram-3",
        order=58,
        visible=requires_perm("training.view_cascade"),
        description=_("From certified facilitators to workshops and the people they reached."),
    )
)

# --- certificates --------------------------------------------------------------------------


def _is_facilitator_by_role(user: Any) -> bool:
    # By role only: the menu is drawn on every page and must not cost a query.
    from tambon.accounts.roles import Role

    return bool(user.role == Role.FACILITATOR)


register(
    NavItem(
        label=_("My certificates"),
        url_name="training:my_certificates",
        section="training",
        icon="bi-award",
        order=53,
        visible=_is_facilitator_by_role,
        description=_("Download your Shift and Share certificates and share their verification."),
    )
)
