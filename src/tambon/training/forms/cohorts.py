"""Forms of the cohort pages: the list filter, a cohort, a session, the quotas per province."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.accounts.models import User
from tambon.core.forms import BuddhistDateField
from tambon.geo.models import Province
from tambon.training.models import Cohort, CohortSession, Course
from tambon.training.selectors import cohorts as selectors


def _model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class CohortFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        Course.objects.order_by("code"), label=_("Course"), required=False, empty_label=_("All")
    )
    province = forms.ModelChoiceField(
        Province.objects.order_by("name_th"),
        label=_("Province"),
        required=False,
        empty_label=_("All"),
    )
    year = forms.TypedChoiceField(label=_("Year (B.E.)"), required=False, coerce=int)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [("", _("All")), *((y, str(y)) for y in selectors.cohort_years_be(user))]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "course": data.get("course"),
            "province": data.get("province"),
            "year_be": data.get("year") or None,
        }


class CohortForm(forms.Form):
    course = forms.ModelChoiceField(Course.objects.none(), label=_("Course"))
    number = forms.IntegerField(
        label=_("Cohort number"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leave empty for the next number of the course."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    starts_on = BuddhistDateField(label=_("First day"))
    ends_on = BuddhistDateField(label=_("Last day"))
    venue = forms.CharField(label=_("Venue"), max_length=200)
    province = forms.ModelChoiceField(Province.objects.none(), label=_("Province"))
    capacity = forms.IntegerField(label=_("Capacity (trainees)"), min_value=1, initial=60)
    organiser = forms.ModelChoiceField(
        User.objects.none(),
        label=_("Organiser"),
        required=False,
        help_text=_("Leave empty to organise it yourself."),
    )
    trainers = forms.ModelMultipleChoiceField(
        User.objects.none(),
        label=_("Trainers"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    nominations_close_on = BuddhistDateField(
        label=_("Nominations close"),
        required=False,
        help_text=_("Leave empty to take nominations until the first day."),
    )

    def __init__(self, *args: Any, by: Any, cohort: Cohort | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        courses = Course.objects.filter(is_active=True)
        if cohort is not None:
            # The course of a cohort is fixed once it exists.
            del self.fields["course"]
        else:
            _model_choice(self, "course").queryset = courses.order_by("code")
        provinces = Province.objects.order_by("name_th")
        if not by.is_national_admin:
            provinces = provinces.filter(code__in=[c[:2] for c in by.area_codes()])
        if cohort is not None:
            provinces = provinces | Province.objects.filter(pk=cohort.province_id)
        _model_choice(self, "province").queryset = provinces.distinct().order_by("name_th")
        current = (
            [cohort.organiser_id, *cohort.trainers.values_list("pk", flat=True)] if cohort else []
        )
        people = selectors.staff_choices(by, include=current)
        _model_choice(self, "organiser").queryset = people
        _model_choice(self, "trainers").queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data

    @staticmethod
    def initial_for(cohort: Cohort) -> dict[str, Any]:
        return {
            "number": cohort.number,
            "title": cohort.title,
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "venue": cohort.venue,
            "province": cohort.province_id,
            "capacity": cohort.capacity,
            "organiser": cohort.organiser_id,
            "trainers": list(cohort.trainers.values_list("pk", flat=True)),
            "nominations_close_on": cohort.nominations_close_on,
        }


class SessionForm(forms.Form):
    date = BuddhistDateField(label=_("Date"))
    period = forms.ChoiceField(label=_("Period"), choices=CohortSession.Period.choices)
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_at = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    @staticmethod
    def initial_for(session: CohortSession) -> dict[str, Any]:
        return {
            "date": session.date,
            "period": session.period,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "title": session.title,
        }


class QuotaForm(forms.Form):
    """One number per province listed, and a row to add a province."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    new_province = forms.ModelChoiceField(
        Province.objects.order_by("name_th"), label=_("Add a province"), required=False
    )
    new_quota = forms.IntegerField(label=_("Places"), required=False, min_value=0)

    def __init__(self, *args: Any, provinces: list[Province], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.provinces = provinces
        for province in provinces:
            self.fields[f"q_{province.code}"] = forms.IntegerField(
                label=province.name_th, required=False, min_value=0
            )

    def province_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{p.code}"] for p in self.provinces]

    def quotas(self) -> dict[str, int | None]:
        data = self.cleaned_data
        quotas: dict[str, int | None] = {p.code: data.get(f"q_{p.code}") for p in self.provinces}
        if data.get("new_province") is not None and data.get("new_quota") is not None:
            quotas[data["new_province"].code] = data["new_quota"]
        return quotas
