"""The form of a service type (national admins)."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from tambon.network.forms.common import style
from tambon.network.models import ServiceType
from tambon.network.services.taxonomy import TERM_FIELDS


class ServiceTypeForm(forms.Form):
    """The fields of a service type; the code is read-only once services use it."""

    def __init__(self, *args: Any, code_locked: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(ServiceType, fields=list(TERM_FIELDS)))
        code = self.fields["code"]
        code.help_text = _("Letters, digits, - and _; it never changes once services use it.")
        if code_locked:
            code.disabled = True
            code.help_text = _("Services use this type, so its code can no longer change.")
        style(self)

    @staticmethod
    def initial_for(service_type: ServiceType) -> dict[str, Any]:
        return {name: getattr(service_type, name) for name in TERM_FIELDS}
