"""The social problems a workshop's participants choose to work on.

A stand-in until the registry issue brings the full, versioned taxonomy of problem types: the
codes below are the ten issue categories of the ministry's hotline 1300, plus the problems the
program meets most in sub-districts. Workshops store these codes (Workshop.problems), so the
taxonomy can later map them onto its own entries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemType(models.TextChoices):
    # The ten categories of hotline 1300 (ศูนย์ช่วยเหลือสังคม สายด่วน 1300).
    DOMESTIC_VIOLENCE = "domestic_violence", _("domestic violence")
    TEENAGE_PREGNANCY = "teenage_pregnancy", _("teenage pregnancy")
    HUMAN_TRAFFICKING = "human_trafficking", _("human trafficking")
    DRUGS = "drugs", _("people affected by drugs")
    HOMELESS = "homeless", _("homeless or destitute people")
    BEGGARS = "beggars", _("beggars")
    CHILDREN_YOUTH = "children_youth", _("children and youth")
    MISSING_PERSONS = "missing_persons", _("missing persons")
    ELDERLY = "elderly", _("elderly people")
    DISABILITY = "disability", _("people with disabilities")
    # Problems of the program's sub-districts beyond the hotline's categories.
    POVERTY = "poverty", _("poverty")
    HOUSING = "housing", _("housing")
    DEBT = "debt", _("debt")
    UNEMPLOYMENT = "unemployment", _("unemployment")
    DISASTER = "disaster", _("disaster")
    BEDRIDDEN_CARE = "bedridden_care", _("care of bedridden people")
