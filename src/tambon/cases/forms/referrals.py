"""Forms of the referral pages: refer a case, the partner's answers, withdraw, the inbox filter."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.cases.models import CarePlanAction, ReferralState
from tambon.cases.services.referrals import DEFAULT_ANSWER_DAYS, NOTE_MAX, REQUEST_MAX
from tambon.core.forms import BuddhistDateField
from tambon.network.models import WelfareService
from tambon.registry.forms.people import blank_choice, style


class ServiceField(forms.ModelChoiceField):
    """A service of the directory, named with its partner."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.partner.name}"


class ActionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.description)


class ReferForm(forms.Form):
    service = ServiceField(WelfareService.objects.none(), label=_("Welfare service"))
    request = forms.CharField(
        label=_("What is asked of the partner"),
        max_length=REQUEST_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The partner sees this text: write what is needed, not the person's story."),
    )
    answer_due = BuddhistDateField(
        label=_("Answer due"),
        required=False,
        help_text=_("Leave empty for %(days)s days from today.") % {"days": DEFAULT_ANSWER_DAYS},
    )
    action = ActionField(
        CarePlanAction.objects.none(),
        label=_("Care-plan action"),
        required=False,
        empty_label=_("Not linked to an action"),
    )
    share_personal_data = forms.BooleanField(
        label=_("Share the person's name, phone and address with the partner"),
        required=False,
        help_text=_(
            "Needs the person's current consent to share data with network partners. Without "
            "it the partner sees the request, the problems, the area and the urgency only."
        ),
    )

    def __init__(
        self,
        *args: Any,
        services: QuerySet[WelfareService],
        actions: QuerySet[CarePlanAction],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = services
        # The services that answer the case's problems come first, in their own group.
        matching: list[tuple[int, str]] = []
        others: list[tuple[int, str]] = []
        for item in services:
            choice = (item.pk, service.label_from_instance(item))
            (matching if getattr(item, "matches_case", False) else others).append(choice)
        groups: list[Any] = [("", "—")]
        if matching:
            groups.append((_("Answering the case's problems"), matching))
        if others:
            groups.append((_("Other services in the area"), others))
        service.choices = groups
        action = self.fields["action"]
        assert isinstance(action, forms.ModelChoiceField)
        action.queryset = actions
        style(self)

    @staticmethod
    def default_due() -> dt.date:
        return timezone.localdate() + dt.timedelta(days=DEFAULT_ANSWER_DAYS)


class AnswerForm(forms.Form):
    """One answer of the partner: the reason (decline) or result (deliver, not delivered)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Why the partner cannot help"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    result_note = forms.CharField(
        label=_("Result"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if action != "decline":
            del self.fields["reason"]
        if action not in ("deliver", "not_deliver"):
            del self.fields["result_note"]
        elif action == "not_deliver":
            self.fields["result_note"].required = True
            self.fields["result_note"].label = _("Why the service could not be given")
        style(self)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)


class InboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=blank_choice(ReferralState.choices, _("Any state")),
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)
