"""Pages of people (บุคคล): list and search, a person's page, create and edit, and the logged
"show the full national ID". Thin: the services and selectors do the work.

A record outside the user's area is a 404; a forbidden action on a visible record is a 403.
The national ID never reaches an address: the search by ID is a posted form.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.services import record_access
from tambon.core import nationalid
from tambon.core.errors import DomainError
from tambon.core.forms import call_service, show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm, picker_initial
from tambon.registry.forms.people import (
    AREA_PREFIX,
    TITLE_SUGGESTIONS,
    NationalIdSearchForm,
    PersonForm,
    PersonSearchForm,
    RevealForm,
)
from tambon.registry.models import Household, Person, TargetGroup
from tambon.registry.selectors import households as household_selectors
from tambon.registry.selectors import people as selectors
from tambon.registry.selectors.target_groups import active_groups, age_on, target_groups_of
from tambon.registry.services.people import (
    DuplicateNationalId,
    PersonData,
    create_person,
    find_by_national_id,
    may_see_full_id,
    reveal_national_id,
    update_person,
)

VIEW_PERM = "registry.view_registry"
CREATE_PERM = "registry.change_registry"
CHANGE_PERM = "registry.change_record"
MSG_ID_IN_NAME_BOX = gettext_noop(
    "That looks like a national ID. Names are searched here; find a national ID with the form "
    "below, so that the number is not kept in the address bar or the browser history."
)
# Suggested reasons for showing a full national ID (free text is accepted too).
REVEAL_REASONS = (
    gettext_lazy("checking welfare-card eligibility"),
    gettext_lazy("referral to a partner agency"),
    gettext_lazy("the person asked for their record"),
)


# --- helpers shared by the registry's people pages ----------------------------------------


def search_area_form(request: HttpRequest) -> AreaSelectForm:
    return AreaSelectForm(request.GET, depth="village", prefix=AREA_PREFIX)


def record_area_form(
    request: HttpRequest, *, code: str = "", bound: bool = False
) -> AreaSelectForm:
    if bound:
        return AreaSelectForm(
            request.POST, depth="village", required="subdistrict", prefix=AREA_PREFIX
        )
    return AreaSelectForm(
        initial=picker_initial(code), depth="village", required="subdistrict", prefix=AREA_PREFIX
    )


def assessment_links(user: Any, obj: Person | Household) -> dict[str, Any]:
    """Links to the assessment pages, only once those pages exist and the user may record."""
    try:
        create_url = reverse("registry:assessment_create")
    except NoReverseMatch:
        create_url = ""
    try:
        reverse("registry:assessment_detail", args=[1])
        detail_links = True
    except NoReverseMatch:
        detail_links = False
    may_record = user.has_perm("registry.record_assessment", obj) or user.has_perm(CHANGE_PERM, obj)
    kind = "person" if isinstance(obj, Person) else "household"
    return {
        "assessment_create_url": f"{create_url}?{kind}={obj.pk}"
        if create_url and may_record
        else "",
        "assessment_detail_links": detail_links,
    }


@dataclass(frozen=True)
class PersonRow:
    """A row of a people list: what the template shows, worked out without queries."""

    person: Person
    groups: list[TargetGroup]
    age: int | None
    masked_id: str


def _rows(people: Any) -> list[PersonRow]:
    groups = active_groups()
    return [
        PersonRow(
            person=p,
            groups=target_groups_of(p, groups=groups),
            age=age_on(p.birth_date),
            masked_id=nationalid.mask(p.national_id or ""),
        )
        for p in people
    ]


# --- list and search --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """People in the user's area, filtered; POST searches by national ID (logged)."""
    require_perm(request, VIEW_PERM)
    user = signed_in_user(request)
    if request.method == "POST":
        return _national_id_search(request, user)
    if selectors.looks_like_national_id(request.GET.get("q", "")):
        return without_the_id(
            request, list_url=reverse("registry:person_list"), message=_(MSG_ID_IN_NAME_BOX)
        )
    form = PersonSearchForm(request.GET)
    area_form = search_area_form(request)
    form.is_valid()  # a malformed filter is dropped (and marked), the others still apply
    data = form.cleaned_data
    query = data.get("q", "")
    filters = selectors.PersonFilters(
        area_code=area_form.area_code() if area_form.is_valid() else "",
        q=query,
        house_number=data.get("house_number", ""),
        target_group=data.get("target_group"),
        need=data.get("need"),
    )
    page = paginate(request, selectors.person_list(user=user, filters=filters))
    return render(
        request,
        "registry/people/list.html",
        {
            "form": form,
            "area_form": area_form,
            "id_form": NationalIdSearchForm(),
            "page_obj": page,
            "rows": _rows(page.object_list),
            "querystring": querystring_without_page(request),
            "can_create": user.has_perm(CREATE_PERM),
        },
    )


def without_the_id(request: HttpRequest, *, list_url: str, message: str) -> HttpResponse:
    """A national ID typed into a list's name box `q` (the people page's script posts it to
    the ID form instead; without the script it arrives here) is not searched, and the list
    comes back without it, saying why: not in its address, its links or its language form
    (which carry the address)."""
    params = request.GET.copy()
    params.pop("q")
    params.pop("page", None)
    messages.warning(request, message)
    query = params.urlencode()
    return redirect(list_url + (f"?{query}" if query else ""))


def _national_id_search(request: HttpRequest, user: User) -> HttpResponse:
    id_form = NationalIdSearchForm(request.POST)
    status = 200
    found: list[Person] | None = None
    if id_form.is_valid():
        found = find_by_national_id(
            by=user, national_id=id_form.cleaned_data["national_id"], request=request
        )
    else:
        status = 400
    return render(
        request,
        "registry/people/list.html",
        {
            "form": PersonSearchForm(),
            "area_form": AreaSelectForm(depth="village", prefix=AREA_PREFIX),
            "id_form": NationalIdSearchForm() if found is not None else id_form,
            "id_search": True,
            "rows": _rows(found or []),
            "found_count": len(found) if found is not None else None,
            "page_obj": None,
            "querystring": "",
            "can_create": user.has_perm(CREATE_PERM),
        },
        status=status,
    )


# --- a person's page ---------------------------------------------------------------------


def _visible_person(request: HttpRequest, pk: int) -> Person:
    require_perm(request, VIEW_PERM)
    person = selectors.person_detail(user=signed_in_user(request), pk=pk)
    if person is None:
        raise Http404
    return person


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person with their household, assessments, consents and cases; the view is logged."""
    person = _visible_person(request, pk)
    user = signed_in_user(request)
    record_access(user=user, obj=person, request=request, action=AccessLog.Action.VIEW)
    household = person.household
    household_visible = household is not None and user.has_perm("registry.view_record", household)
    members = selectors.fellow_members(person)
    if not household_visible:
        # A volunteer who sees the person through a case alone: not the household's others.
        members = [m for m in members if user.has_perm("registry.view_record", m)]
    context: dict[str, Any] = {
        "person": person,
        "age": age_on(person.birth_date),
        "groups": target_groups_of(person),
        "masked_id": nationalid.mask(person.national_id or ""),
        "can_reveal": bool(person.national_id) and may_see_full_id(user, person),
        "reveal_form": RevealForm(),
        "reveal_reasons": REVEAL_REASONS,
        "can_change": user.has_perm(CHANGE_PERM, person),
        "can_export": user.has_perm("registry.export_data_subject"),
        "members": members,
        "household_visible": household_visible,
        "assessments": list(selectors.assessments_of(person)),
        "consents": list(selectors.consents_of(person)),
        **assessment_links(user, person),
    }
    return render(request, "registry/people/detail.html", context)


@login_required
@require_POST
@never_cache
def person_reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full national ID after a stated reason (htmx partial), written to the log."""
    person = _visible_person(request, pk)
    user = signed_in_user(request)
    require_perm(request, "registry.view_national_id", person)
    form = RevealForm(request.POST)
    context: dict[str, Any] = {
        "person": person,
        "masked_id": nationalid.mask(person.national_id or ""),
        "can_reveal": True,
        "reveal_reasons": REVEAL_REASONS,
    }
    status = 200
    if form.is_valid():
        try:
            context["full_id"] = reveal_national_id(
                person=person, by=user, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            if exc.status == 403 and exc.field is None:
                raise HttpForbidden() from None
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            status = exc.status
    else:
        status = 400
    context["reveal_form"] = form
    template = "registry/people/_national_id.html"
    if not getattr(request, "htmx", False):
        template = "registry/people/reveal.html"
    return render(request, template, context, status=status)


# --- create and edit ---------------------------------------------------------------------


def _data(form: PersonForm, area_form: AreaSelectForm, *, editing: bool) -> PersonData:
    data = form.cleaned_data
    area = area_form.cleaned_data
    return PersonData(
        subdistrict=area.get("subdistrict"),
        village=area.get("village"),
        household=data.get("household"),
        relation=data.get("relation", ""),
        title=data.get("title", ""),
        first_name=data["first_name"],
        last_name=data.get("last_name", ""),
        sex=data.get("sex", ""),
        birth_date=data.get("birth_date"),
        phone=data.get("phone", ""),
        address=data.get("address", ""),
        national_id=form.national_id_value(editing=editing),
        target_groups=list(data.get("target_groups") or []),
        disability_type=data.get("disability_type", ""),
        disability_card=bool(data.get("disability_card")),
        welfare_card=bool(data.get("welfare_card")),
        note=data.get("note", ""),
    )


def _duplicate_of(user: User, exc: DuplicateNationalId) -> Person | None:
    """The person who already has the ID, if the user may see them (else no link)."""
    return selectors.visible_people(user).filter(pk=exc.existing_id).first()


def _posted_subdistrict(request: HttpRequest) -> str:
    code = str(request.POST.get(f"{AREA_PREFIX}-subdistrict", ""))[:6]
    return code if code.isdigit() else ""


def _form_context(**context: Any) -> dict[str, Any]:
    return {"title_suggestions": TITLE_SUGGESTIONS, "duplicate": None, "conflict": False, **context}


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Record a person; `?household=<id>` adds a member at that household's place."""
    require_perm(request, CREATE_PERM)
    user = signed_in_user(request)
    status = 200
    duplicate = None
    if request.method == "POST":
        form = PersonForm(request.POST, user=user, subdistrict_code=_posted_subdistrict(request))
        area_form = record_area_form(request, bound=True)
        if form.is_valid() and area_form.is_valid():
            try:
                person = create_person(by=user, data=_data(form, area_form, editing=False))
            except DuplicateNationalId as exc:
                duplicate = _duplicate_of(user, exc)
                status = show_domain_error(exc, form, area_form)
            except DomainError as exc:
                status = show_domain_error(exc, form, area_form)
            else:
                messages.success(request, _("The person is recorded."))
                return redirect("registry:person_detail", pk=person.pk)
        else:
            status = 400
    else:
        household = _household_from_query(request, user)
        code = (household.village_id or household.subdistrict_id) if household else ""
        initial: dict[str, Any] = {"household": household.pk} if household else {}
        form = PersonForm(
            initial=initial,
            user=user,
            subdistrict_code=household.subdistrict_id if household else "",
        )
        area_form = record_area_form(request, code=code or own_subdistrict(user))
    return render(
        request,
        "registry/people/form.html",
        _form_context(form=form, area_form=area_form, person=None, duplicate=duplicate),
        status=status,
    )


def _household_from_query(request: HttpRequest, user: User) -> Household | None:
    raw = request.GET.get("household", "")
    if not raw.isdigit():
        return None
    return household_selectors.household_detail(user=user, pk=int(raw))


def own_subdistrict(user: User) -> str:
    """Preselect the user's sub-district when they have exactly one."""
    codes = [c for c in user.area_codes() if len(c) == 6]
    return codes[0] if len(codes) == 1 else ""


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person; a stale version is refused and what the user typed is kept."""
    person = _visible_person(request, pk)
    user = signed_in_user(request)
    require_perm(request, CHANGE_PERM, person)
    status = 200
    conflict = False
    duplicate = None
    if request.method == "POST":
        form = PersonForm(
            request.POST, user=user, subdistrict_code=_posted_subdistrict(request), person=person
        )
        area_form = record_area_form(request, bound=True)
        if form.is_valid() and area_form.is_valid():
            version = form.cleaned_data.get("version") or person.version
            outcome = call_service(
                lambda: update_person(
                    by=user,
                    person=person,
                    expected_version=version,
                    data=_data(form, area_form, editing=True),
                ),
                form,
                area_form,
            )
            if outcome.ok:
                messages.success(request, _("The changes are saved."))
                return redirect("registry:person_detail", pk=person.pk)
            status, conflict = outcome.status, outcome.conflict
            if isinstance(outcome.error, DuplicateNationalId):
                duplicate = _duplicate_of(user, outcome.error)
        else:
            status = 400
    else:
        form = PersonForm(
            initial=PersonForm.initial_for(person),
            user=user,
            subdistrict_code=person.subdistrict_id,
            person=person,
        )
        area_form = record_area_form(request, code=person.village_id or person.subdistrict_id)
    return render(
        request,
        "registry/people/form.html",
        _form_context(
            form=form, area_form=area_form, person=person, conflict=conflict, duplicate=duplicate
        ),
        status=status,
    )


@login_required
@require_GET
def person_household_field(request: HttpRequest) -> HttpResponse:
    """The household select for the sub-district chosen so far (htmx partial)."""
    require_perm(request, CREATE_PERM)
    code = str(request.GET.get(f"{AREA_PREFIX}-subdistrict", ""))[:6]
    form = PersonForm(user=signed_in_user(request), subdistrict_code=code if code.isdigit() else "")
    return render(request, "registry/people/_household_field.html", {"form": form})


urlpatterns = [
    path("people/", person_list, name="person_list"),
    path("people/new/", person_create, name="person_create"),
    path("people/households/", person_household_field, name="person_household_field"),
    path("people/<int:pk>/", person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", person_edit, name="person_edit"),
    path("people/<int:pk>/national-id/", person_reveal_id, name="person_reveal_id"),
]
