"""Navigation items of the cases app (registered from CasesConfig.ready())."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from tambon.core.navigation import NavItem, register, requires_perm


def _has_work_queues(user: Any) -> bool:
    from tambon.cases.selectors.queues import queues_for

    return bool(queues_for(user))


register(
    NavItem(
        label=_("Work queues"),
        url_name="cases:queues",
        section="cases",
        icon="bi-list-task",
        order=24,
        visible=_has_work_queues,
        description=_(
            "What waits for you: your cases, new intakes, overdue follow-ups, referrals waiting "
            "for an answer and cases by urgency."
        ),
    ),
    NavItem(
        label=_("Cases"),
        url_name="cases:case_list",
        section="cases",
        icon="bi-journal-medical",
        order=25,
        visible=requires_perm("cases.view_cases"),
        description=_(
            "People and households facing social problems: the workflow from intake to closing, "
            "care plans and the timeline."
        ),
    ),
    NavItem(
        label=_("Referrals inbox"),
        url_name="cases:referral_inbox",
        section="cases",
        icon="bi-inbox",
        order=26,
        visible=requires_perm("cases.view_referral_inbox"),
        description=_(
            "Referrals of people to your organisation's services: accept or decline them and "
            "say whether the service was given."
        ),
    ),
    # Volunteers and officers visit homes; the page lists the open cases assigned to them.
    NavItem(
        label=_("My visits"),
        url_name="cases:my_visits",
        section="cases",
        icon="bi-house-heart",
        order=26,
        visible=requires_perm("cases.view_cases"),
        description=_(
            "The cases assigned to you, with the last home visit and the next follow-up due: "
            "record a visit from your phone."
        ),
    ),
    NavItem(
        label=_("Requests for help"),
        url_name="cases:request_list",
        section="cases",
        icon="bi-life-preserver",
        order=27,
        visible=requires_perm("cases.view_help_requests"),
        description=_(
            "Requests for help sent by the public for your area: open a case from one, or close "
            "it with a note."
        ),
    ),
)
