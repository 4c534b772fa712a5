"""`{% cases_for subject as info %}`: a registry person's or household's cases, for the
fragment cases/_subject_cases.html that the registry pages include."""

from typing import Any

from django import template
from django.urls import reverse

from tambon.cases.selectors.cases import cases_of_subject
from tambon.registry.models import Person

register = template.Library()


@register.simple_tag(takes_context=True)
def cases_for(context: template.Context, subject: Any) -> dict[str, Any]:
    """The subject's cases the user may see, and the link that opens a new one."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or subject is None or not user.has_perm("cases.view_cases"):
        return {"shown": False, "cases": [], "open_url": ""}
    is_person = isinstance(subject, Person)
    found = cases_of_subject(
        user=user,
        person=subject if is_person else None,
        household=None if is_person else subject,
    )
    may_open = user.has_perm("cases.open_case") and user.has_perm("cases.open_case_for", subject)
    kind = "person" if is_person else "household"
    open_url = f"{reverse('cases:case_open')}?{kind}={subject.pk}" if may_open else ""
    return {"shown": True, "cases": found, "open_url": open_url}
