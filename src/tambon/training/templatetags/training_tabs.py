"""The tab bar of a cohort's pages: {% cohort_tabs cohort as tabs %} in training/_cohort_tabs.html.

A tab shows only when its page exists (its URL name resolves: parts of the app may be missing)
and the user has the permission that page asks for.
"""

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

register = template.Library()


@dataclass(frozen=True)
class Tab:
    url_name: str
    label: str | Promise
    icon: str
    perm: str
    download: bool = False


TABS = (
    Tab("training:cohort_detail", _("Overview"), "bi-info-circle", "training.view_cohort"),
    Tab("training:cohort_trainees", _("Trainees"), "bi-people", "training.manage_cohort"),
    # Trainers take attendance too (their permission to run sessions includes the organiser's).
    Tab("training:cohort_attendance", _("Attendance"), "bi-check2-square", "training.run_sessions"),
    Tab("training:cohort_results", _("Results"), "bi-graph-up", "training.view_cohort"),
    Tab("training:cohort_certificates", _("Certificates"), "bi-award", "training.manage_cohort"),
    Tab(
        "training:cohort_report_xlsx",
        _("Report (Excel)"),
        "bi-file-earmark-spreadsheet",
        "training.manage_cohort",
        download=True,
    ),
    Tab(
        "training:cohort_summary_pdf",
        _("Summary (PDF)"),
        "bi-file-earmark-pdf",
        "training.manage_cohort",
        download=True,
    ),
)


@register.simple_tag(takes_context=True)
def cohort_tabs(context: Any, cohort: Any) -> list[dict[str, Any]]:
    """The tabs the signed-in user may open for `cohort`, the current page's marked active."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if cohort is None or user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    allowed: dict[str, bool] = {}
    tabs = []
    for tab in TABS:
        try:
            url = reverse(tab.url_name, args=[cohort.pk])
        except NoReverseMatch:
            continue
        if tab.perm not in allowed:
            allowed[tab.perm] = bool(user.has_perm(tab.perm, cohort))
        if not allowed[tab.perm]:
            continue
        tabs.append(
            {
                "label": tab.label,
                "icon": tab.icon,
                "url": url,
                "active": tab.url_name == current,
                "download": tab.download,
                "name": tab.url_name.split(":")[-1],
            }
        )
    return tabs
