from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tambon.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The policies, navigation and change history, and the demo generators that are not
        # in demo_data.py (visits, referrals, requests for help): registered on import.
        from tambon.cases import (  # noqa: F401
            audit,
            demo_referrals,
            demo_requests,
            demo_visits,
            navigation,
            policy,
            policy_requests,
        )
        from tambon.cases.services import fieldwork  # noqa: F401  (its timeline event kinds)
        from tambon.cases.signals import connect

        connect()  # the work-queue counts are counted again after any change they count
        # What the registry shows of cases, without importing them: a volunteer sees the
        # subjects of their cases; a person's data-subject export holds their cases.
        from tambon.cases.selectors.cases import volunteer_case_subjects
        from tambon.cases.selectors.subject import case_records
        from tambon.registry.policy import add_volunteer_source
        from tambon.registry.selectors.subject import add_section

        add_volunteer_source(volunteer_case_subjects)
        add_section("cases", case_records)
        from tambon.core import scheduling

        scheduling.register(
            scheduling.Job(
                name="escalate_referrals",
                crontab="0 7 * * *",
                task="tambon.cases.tasks.referrals.escalate_referrals_task",
                description="Remind partners of overdue referrals, then escalate to officers.",
            )
        )
