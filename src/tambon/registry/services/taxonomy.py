"""Writes of the taxonomies and the versioned 4S mapping, for national administrators.

A mapping version is prepared as a draft (a copy of the newest version's rules), edited, then
published; only published versions score new assessments, and a published version never
changes, so every assessment keeps meaning what it meant when it was scored. Rescoring old
assessments with a newer version is deliberately not automatic.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.registry.models import (
    FourS,
    Indicator,
    MappingRule,
    MappingVersion,
    Person,
    ProblemType,
    TargetGroup,
)
from tambon.registry.selectors.taxonomy import is_in_use, mapping_draft

MSG_FORBIDDEN = gettext_noop(
    "Only national administrators configure taxonomies and the 4S mapping."
)
MSG_CODE_IN_USE = gettext_noop(
    "The code “%(code)s” is already used by records, so it can no longer change."
)
MSG_AGE_RANGE = gettext_noop("The age range is reversed: “from age” is above “to age”.")
MSG_SEX = gettext_noop("Choose male, female or other, or leave the sex empty.")
MSG_DRAFT_EXISTS = gettext_noop(
    "Version %(number)s is still a draft: edit and publish it, or discard it, first."
)
MSG_PUBLISHED = gettext_noop(
    "Version %(number)s is published and can no longer change: start a new version."
)
MSG_FOUR_S = gettext_noop("“%(value)s” is not a 4S dimension.")
MSG_WEIGHT = gettext_noop("A weight is a number above 0 and below 1,000, e.g. 1 or 0.5.")
MSG_PROBLEM_TYPE = gettext_noop("Choose a problem type of the taxonomy.")
MSG_INDICATOR = gettext_noop("No indicator has the id %(id)s.")
MSG_EMPTY_MAPPING = gettext_noop(
    "Map at least one indicator onto a 4S dimension before publishing."
)

TERM_FIELDS: dict[type, tuple[str, ...]] = {
    TargetGroup: ("code", "name_th", "name_en", "position", "min_age", "max_age", "sex"),
    ProblemType: ("code", "name_th", "name_en", "position", "hotline_1300"),
    Indicator: ("code", "dimension", "scope", "text_th", "text_en", "position"),
}
WEIGHT_MAX = Decimal("999.99")


def _require_admin(by: Any) -> None:
    if not by.has_perm("registry.manage_taxonomies"):
        raise PermissionDenied(_(MSG_FORBIDDEN))


def _full_clean(obj: Any, *, exclude: Iterable[str] = ()) -> None:
    """Model validation as a domain error naming the first field at fault."""
    try:
        obj.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationError(
            " ".join(messages), field=None if field == "__all__" else field
        ) from None


# --- taxonomies --------------------------------------------------------------------------


def _check_target_group(values: Mapping[str, Any]) -> None:
    lo, hi = values.get("min_age"), values.get("max_age")
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(_(MSG_AGE_RANGE), field="max_age")
    if values.get("sex", "") not in ("", *Person.Sex.values):
        raise ValidationError(_(MSG_SEX), field="sex")


@transaction.atomic
def save_term(
    *,
    by: Any,
    model: type[TargetGroup | ProblemType | Indicator],
    values: Mapping[str, Any],
    term: TargetGroup | ProblemType | Indicator | None = None,
) -> TargetGroup | ProblemType | Indicator:
    """Add an entry to a taxonomy (`term` None) or change one; a used code never changes."""
    _require_admin(by)
    fields = TERM_FIELDS[model]
    values = {k: v for k, v in values.items() if k in fields}
    if model is TargetGroup:
        _check_target_group(values)
    if term is None:
        term = model()
    elif "code" in values and values["code"] != term.code and is_in_use(term):
        raise ValidationError(_(MSG_CODE_IN_USE) % {"code": term.code}, field="code")
    for name, value in values.items():
        setattr(term, name, value.strip() if isinstance(value, str) else value)
    _full_clean(term)
    term.save()
    return term


@transaction.atomic
def set_term_active(
    *, by: Any, term: TargetGroup | ProblemType | Indicator, active: bool
) -> TargetGroup | ProblemType | Indicator:
    """Retire an entry (no longer offered; records keep it) or bring it back into use."""
    _require_admin(by)
    if term.active != active:
        term.active = active
        term.save(update_fields=["active"])
    return term


# --- the 4S mapping ----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInput:
    """One indicator's row of the mapping form; `four_s` "" leaves the indicator unmapped."""

    indicator_id: int
    four_s: str
    weight: Decimal = Decimal(1)
    problem_type_id: int | None = None


def _require_draft(version: MappingVersion) -> None:
    if version.published_at is not None:
        raise Conflict(_(MSG_PUBLISHED) % {"number": version.number})


@transaction.atomic
def start_mapping_draft(*, by: Any, note: str = "") -> MappingVersion:
    """A new draft version holding a copy of the newest version's rules."""
    _require_admin(by)
    draft = mapping_draft()
    if draft is not None:
        raise Conflict(_(MSG_DRAFT_EXISTS) % {"number": draft.number})
    newest = MappingVersion.objects.select_for_update().order_by("-number").first()
    version = MappingVersion.objects.create(
        number=(newest.number + 1) if newest else 1,
        note=note.strip(),
        created_by=by,
        updated_by=by,
    )
    if newest is not None:
        for rule in MappingRule.objects.filter(version=newest).order_by("pk"):
            MappingRule.objects.create(
                version=version,
                indicator_id=rule.indicator_id,
                four_s=rule.four_s,
                weight=rule.weight,
                problem_type_id=rule.problem_type_id,
            )
    return version


def _validate_rules(rows: list[RuleInput]) -> dict[int, RuleInput]:
    by_indicator: dict[int, RuleInput] = {}
    indicators = Indicator.objects.in_bulk([r.indicator_id for r in rows])
    problems = set(ProblemType.objects.values_list("pk", flat=True))
    for row in rows:
        if row.indicator_id not in indicators:
            raise ValidationError(_(MSG_INDICATOR) % {"id": row.indicator_id}, field="rules")
        if not row.four_s:
            continue
        if row.four_s not in FourS.values:
            raise ValidationError(_(MSG_FOUR_S) % {"value": row.four_s}, field="rules")
        if not Decimal(0) < row.weight <= WEIGHT_MAX:
            raise ValidationError(_(MSG_WEIGHT), field="rules")
        if row.problem_type_id is not None and row.problem_type_id not in problems:
            raise ValidationError(_(MSG_PROBLEM_TYPE), field="rules")
        by_indicator[row.indicator_id] = row
    return by_indicator


@transaction.atomic
def change_mapping_draft(
    *, by: Any, version: MappingVersion, note: str, rules: Iterable[RuleInput]
) -> MappingVersion:
    """Set the draft's note and its rule for each indicator in `rules` (one per indicator).

    Indicators absent from `rules` keep their rules; a row with an empty `four_s` unmaps its
    indicator. Only the rows that changed are written, so the change history stays readable.
    """
    _require_admin(by)
    version = MappingVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    given = list(rules)
    rows = _validate_rules(given)
    asked = {r.indicator_id for r in given}
    existing = {r.indicator_id: r for r in MappingRule.objects.filter(version=version)}
    for indicator_id in asked:
        row, rule = rows.get(indicator_id), existing.get(indicator_id)
        if row is None:
            if rule is not None:
                rule.delete()
            continue
        if rule is None:
            rule = MappingRule(version=version, indicator_id=indicator_id)
        changed = (rule.four_s, rule.weight, rule.problem_type_id) != (
            row.four_s,
            row.weight,
            row.problem_type_id,
        )
        if changed or rule.pk is None:
            rule.four_s, rule.weight = row.four_s, row.weight
            rule.problem_type_id = row.problem_type_id
            rule.save()
    if version.note != note.strip():
        version.note = note.strip()
        version.updated_by = by
        version.save(update_fields=["note", "updated_by", "updated_at"])
    return version


@transaction.atomic
def publish_mapping(*, by: Any, version: MappingVersion) -> MappingVersion:
    """Publish a draft: from now on new assessments are scored with it (old ones keep theirs)."""
    _require_admin(by)
    version = MappingVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if not MappingRule.objects.filter(version=version).exists():
        raise ValidationError(_(MSG_EMPTY_MAPPING), field="rules")
    version.published_at = timezone.now()
    version.updated_by = by
    version.save(update_fields=["published_at", "updated_by", "updated_at"])
    return version


@transaction.atomic
def discard_mapping_draft(*, by: Any, version: MappingVersion) -> None:
    """Throw a draft away (nothing was ever scored with it)."""
    _require_admin(by)
    version = MappingVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    for rule in MappingRule.objects.filter(version=version):
        rule.delete()
    version.delete()
