"""Forms of nominations and enrollment: nominate someone known or new, filter the trainees."""

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from tambon.accounts.models import User
from tambon.geo.models import Province
from tambon.training.models import Enrollment
from tambon.training.services.enrollment import trainee_roles

NEW_AREA_PREFIX = "area"  # the sub-district of a new trainee account
EXISTING_AREA_PREFIX = "existing_area"  # the sub-district of a known person, when not obvious


class NominateExistingForm(forms.Form):
    # Any active user: whether the officer may nominate them is the service's to say.
    trainee = forms.ModelChoiceField(
        User.objects.filter(is_active=True), label=_("Person"), widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note for the organiser"), max_length=300, required=False)


class NewTraineeForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    note = forms.CharField(label=_("Note for the organiser"), max_length=300, required=False)

    def __init__(self, *args: Any, by: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", "—"), *trainee_roles(by)]


class TraineeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Enrollment.Status.choices]
    )
    province = forms.ModelChoiceField(
        Province.objects.order_by("name_th"),
        label=_("Province"),
        required=False,
        empty_label=_("All"),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or e-mail")}),
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        province = data.get("province")
        return {
            "status": data.get("status") or "",
            "province_code": province.code if province else "",
            "search": data.get("q") or "",
        }
