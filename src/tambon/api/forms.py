from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("never", _("Never (not recommended)")),
]


class CreateTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Monthly report script”."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    expiry = forms.ChoiceField(
        label=_("Expires after"),
        choices=EXPIRY_CHOICES,
        initial="90",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def days(self) -> int | None:
        value = self.cleaned_data["expiry"]
        return None if value == "never" else int(value)
