"""The data-subject export (PDPA) of one person: a JSON download and a printable page.

For national admins only; each export is written to the access log.
"""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tambon.accounts.requests import require_perm, signed_in_user
from tambon.registry.models import Person
from tambon.registry.selectors import people as selectors
from tambon.registry.selectors.subject import export_subject
from tambon.registry.views.people import VIEW_PERM

EXPORT_PERM = "registry.export_data_subject"


def _person(request: HttpRequest, pk: int) -> Person:
    require_perm(request, VIEW_PERM)
    person = selectors.person_detail(user=signed_in_user(request), pk=pk)
    if person is None:
        raise Http404
    require_perm(request, EXPORT_PERM)
    return person


@login_required
@require_GET
@never_cache
def subject_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on a person, as a page to print or save as PDF."""
    person = _person(request, pk)
    record = export_subject(by=signed_in_user(request), person=person, request=request)
    return render(request, "registry/subject/export.html", {"person": person, "record": record})


@login_required
@require_GET
@never_cache
def subject_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on a person, as a JSON file."""
    person = _person(request, pk)
    record = export_subject(by=signed_in_user(request), person=person, request=request)
    body = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


urlpatterns = [
    path("people/<int:pk>/export/", subject_export, name="subject_export"),
    path("people/<int:pk>/export.json", subject_export_json, name="subject_export_json"),
]
