"""Reads of the facilitator directory (ทำเนียบวิทยากรกระบวนการ).

The directory lists certified facilitators to every signed-in user (perm
training.view_facilitators): it shows names, areas, cohorts, skills and how many workshops each
ran, nothing personal beyond that, so that officers anywhere can find a facilitator near them.
"""

from django.db.models import Count, Q, QuerySet

from tambon.training.models import Facilitator, Workshop
from tambon.training.selectors.workshops import with_participant_totals


def _base() -> QuerySet[Facilitator]:
    return Facilitator.objects.select_related(
        "user",
        "subdistrict__district",
        "subdistrict__province",
        "cohort__course",
    ).annotate(workshop_count=Count("workshops", distinct=True))


def facilitator_directory(*, area_code: str = "", search: str = "") -> QuerySet[Facilitator]:
    """Active facilitators, optionally in an area (province, district or sub-district code) and
    matching a name, ordered by province, sub-district and name."""
    qs = _base().filter(is_active=True)
    if area_code:
        qs = qs.filter(subdistrict__code__startswith=area_code[:6])
    text = search.strip()
    if text:
        for word in text.split():
            qs = qs.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(skills__icontains=word)
            )
    return qs.order_by(
        "subdistrict__province__name_th", "subdistrict__name_th", "user__first_name", "pk"
    )


def facilitator_profile(pk: int) -> Facilitator | None:
    """One facilitator (active or not) for the detail page."""
    return _base().filter(pk=pk).first()


def workshops_of(facilitator: Facilitator) -> QuerySet[Workshop]:
    """A facilitator's workshops, newest first, with their participant totals."""
    qs = Workshop.objects.filter(facilitator=facilitator).select_related(
        "subdistrict__district", "subdistrict__province", "village"
    )
    return with_participant_totals(qs).order_by("-date", "-pk")
