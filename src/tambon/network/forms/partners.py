"""Forms of the partner pages: search, the partner, its members and contacts. The home
sub-district is picked with geo's AreaSelectForm (prefix AREA_PREFIX)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tambon.accounts.models import User
from tambon.accounts.policy import scope_managed_users
from tambon.accounts.roles import Role
from tambon.network.forms.common import AREA_PREFIX, blank_choice, codes_text, style
from tambon.network.models import Partner, PartnerContact, Sector
from tambon.network.services.areas import split_codes

__all__ = ["AREA_PREFIX", "ContactForm", "PartnerForm", "PartnerSearchForm"]


class PartnerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. องค์การบริหารส่วนตำบล")}
        ),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=blank_choice(Sector.choices, _("Any sector"))
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)


class Coverage:
    SUBDISTRICT = "subdistrict"
    DISTRICT = "district"
    PROVINCE = "province"
    CUSTOM = "custom"

    CHOICES = [
        (SUBDISTRICT, _("its sub-district")),
        (DISTRICT, _("its whole district")),
        (PROVINCE, _("its whole province")),
        (CUSTOM, _("the areas listed below")),
    ]


def coverage_codes(scope: str, home: str, listed: str) -> list[str]:
    """The coverage codes from the form's choice, the home sub-district and the codes typed."""
    if scope == Coverage.DISTRICT:
        return [home[:4]]
    if scope == Coverage.PROVINCE:
        return [home[:2]]
    if scope == Coverage.CUSTOM:
        return split_codes(listed)
    return [home]


class MemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        name = user.get_full_name() or user.username
        return f"{name} ({user.username})"


class PartnerForm(forms.Form):
    # The version the page was opened at: a save against a newer one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("The organisation's Thai name, e.g. องค์การบริหารส่วนตำบลศรีภูมิ."),
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=blank_choice(Sector.choices))
    coverage = forms.ChoiceField(
        label=_("Area covered"),
        choices=Coverage.CHOICES,
        initial=Coverage.SUBDISTRICT,
        help_text=_("Where the partner helps people; its services serve this area by default."),
    )
    coverage_codes = forms.CharField(
        label=_("Areas covered (codes)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Only with “the areas listed below”: province (2 digits), district (4) or "
            "sub-district (6) codes separated by spaces, e.g. 5001 500201."
        ),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    active = forms.BooleanField(
        label=_("Active (its services are listed in the directory)"),
        required=False,
        initial=True,
    )
    members = MemberField(
        User.objects.none(),
        label=_("Members (accounts that act for it)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, by: User, partner: Partner | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.manages_members = bool(
            partner is not None and by.has_perm("network.manage_members", partner)
        )
        if self.manages_members:
            assert partner is not None
            field = self.fields["members"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            managed = scope_managed_users(User.objects.filter(role=Role.PARTNER), by)
            field.queryset = User.objects.filter(
                pk__in=[
                    *managed.values_list("pk", flat=True),
                    *partner.members.values_list("pk", flat=True),
                ]
            ).order_by("first_name", "last_name", "username")
        else:
            del self.fields["members"]
        style(self)

    @staticmethod
    def initial_for(partner: Partner) -> dict[str, Any]:
        codes = partner.coverage_codes
        home = str(partner.subdistrict_id)
        scope = Coverage.CUSTOM
        for choice in (Coverage.SUBDISTRICT, Coverage.DISTRICT, Coverage.PROVINCE):
            if codes == coverage_codes(choice, home, ""):
                scope = choice
        return {
            "version": partner.version,
            "name": partner.name,
            "name_en": partner.name_en,
            "sector": partner.sector,
            "coverage": scope,
            "coverage_codes": codes_text(codes) if scope == Coverage.CUSTOM else "",
            "address": partner.address,
            "phone": partner.phone,
            "email": partner.email,
            "website": partner.website,
            "active": partner.active,
            "members": list(partner.members.all()),
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)

    @staticmethod
    def initial_for(contact: PartnerContact) -> dict[str, Any]:
        return {
            "name": contact.name,
            "position": contact.position,
            "phone": contact.phone,
            "email": contact.email,
        }
