"""Forms of the service pages and of the service directory."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.network.forms.common import CodeChoiceField, GroupsField, codes_text, style
from tambon.network.models import ServiceType, WelfareService
from tambon.network.selectors.services import active_service_types, service_type_choices_with
from tambon.registry.models import ProblemType, TargetGroup


class ServiceTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _active(model: type[ProblemType | TargetGroup]) -> Any:
    return model.objects.filter(active=True).order_by("position", "code")


class ServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. ซ่อมบ้านผู้สูงอายุที่อยู่ลำพัง"))
    service_type = ServiceTypeField(ServiceType.objects.none(), label=_("Type of service"))
    description = forms.CharField(
        label=_("What is provided"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problem_types = GroupsField(
        ProblemType.objects.none(),
        label=_("Needs it answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = GroupsField(
        TargetGroup.objects.none(),
        label=_("For whom (target groups)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("From age"), required=False, min_value=0, max_value=130)
    max_age = forms.IntegerField(label=_("To age"), required=False, min_value=0, max_value=130)
    capacity_per_month = forms.IntegerField(
        label=_("Capacity per month"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("How many people or households it can take each month (empty: not limited)."),
    )
    how_to_request = forms.CharField(
        label=_("How to request"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area_codes = forms.CharField(
        label=_("Areas served (codes)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Empty: the partner's area. Otherwise province (2 digits), district (4) or "
            "sub-district (6) codes separated by spaces."
        ),
    )

    def __init__(self, *args: Any, service: WelfareService | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = service.service_type if service is not None else None
        self._field("service_type").queryset = service_type_choices_with(current)
        self._field("problem_types").queryset = _active(ProblemType)
        self._field("target_groups").queryset = _active(TargetGroup)
        style(self)

    def _field(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    @staticmethod
    def initial_for(service: WelfareService) -> dict[str, Any]:
        return {
            "version": service.version,
            "name": service.name,
            "service_type": service.service_type_id,
            "description": service.description,
            "problem_types": [p.pk for p in service.problem_types.all()],
            "target_groups": [g.pk for g in service.target_groups.all()],
            "min_age": service.min_age,
            "max_age": service.max_age,
            "capacity_per_month": service.capacity_per_month,
            "how_to_request": service.how_to_request,
            "area_codes": codes_text(service.area_codes),
        }


class DirectoryForm(forms.Form):
    """The directory's filters; the area comes from an AreaSelectForm beside it."""

    q = forms.CharField(
        label=_("Service or partner"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. ซ่อมบ้าน")}),
    )
    problem_type = CodeChoiceField(
        ProblemType.objects.none(),
        label=_("Need"),
        required=False,
        to_field_name="code",
        empty_label=_("Any need"),
    )
    target_group = CodeChoiceField(
        TargetGroup.objects.none(),
        label=_("Target group"),
        required=False,
        to_field_name="code",
        empty_label=_("Any target group"),
    )
    service_type = CodeChoiceField(
        ServiceType.objects.none(),
        label=_("Type of service"),
        required=False,
        to_field_name="code",
        empty_label=_("Any type"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("problem_type", _active(ProblemType)),
            ("target_group", _active(TargetGroup)),
            ("service_type", active_service_types()),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        style(self)
