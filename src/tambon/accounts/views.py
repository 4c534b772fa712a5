"""People pages (list, invite, edit access) and the audit viewer. Thin: services do the work."""

import csv
from collections.abc import Iterator
from typing import Any

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.accounts import selectors, services
from tambon.accounts.forms import (
    AREA_PREFIX,
    AccessLogFilterForm,
    ChangeHistoryFilterForm,
    InviteForm,
    UserAccessForm,
    UserSearchForm,
)
from tambon.accounts.models import AccessLog, User
from tambon.accounts.requests import require_perm, signed_in_user
from tambon.accounts.roles import ALLOWED_AREA_LEVELS
from tambon.core.errors import DomainError
from tambon.core.forms import show_domain_error
from tambon.core.pagination import paginate, querystring_without_page
from tambon.geo.forms import AreaSelectForm, picker_initial_for

# --- people ------------------------------------------------------------------------------


@login_required
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "accounts.invite_user")
    form = UserSearchForm(request.GET)
    area_form = AreaSelectForm(request.GET, prefix=AREA_PREFIX)
    data = form.cleaned_data if form.is_valid() else {}
    area_code = area_form.area_code() if area_form.is_valid() else ""
    users = selectors.managed_users(
        user=request.user,
        search=data.get("q", ""),
        role=data.get("role", ""),
        area_code=area_code,
    )
    page = paginate(request, users)
    names = selectors.area_names(a.area_code for u in page.object_list for a in u.areas.all())
    rows = [
        (u, [(a.area_code, names[a.area_code]) for a in u.areas.all()]) for u in page.object_list
    ]
    return render(
        request,
        "accounts/people_list.html",
        {
            "form": form,
            "area_form": area_form,
            "page_obj": page,
            "rows": rows,
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    require_perm(request, "accounts.invite_user")
    by = signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = InviteForm(request.POST, by=by)
        area_form = AreaSelectForm(request.POST, prefix=AREA_PREFIX)
        if form.is_valid() and area_form.is_valid():
            code = area_form.area_code()
            try:
                user = services.invite_user(
                    by=by, area_codes=[code] if code else [], **form.cleaned_data
                )
            except DomainError as exc:
                status = show_domain_error(exc, form, area_form)
            else:
                messages.success(
                    request,
                    _("%(name)s is invited: an e-mail with a link to choose a password is sent.")
                    % {"name": user},
                )
                return redirect("accounts:detail", pk=user.pk)
    else:
        form = InviteForm(by=by)
        area_form = AreaSelectForm(initial=picker_initial_for(by), prefix=AREA_PREFIX)
    return render(
        request, "accounts/invite.html", {"form": form, "area_form": area_form}, status=status
    )


def _managed(request: HttpRequest, pk: int) -> User:
    user = get_object_or_404(User.objects.prefetch_related("areas"), pk=pk)
    require_perm(request, "accounts.manage_user", user)
    return user


def _access_area_codes(user: User, role: str, picked: str) -> tuple[list[str], list[str]]:
    """The areas after a change of role (those that don't fit the new role are dropped) and
    the chosen area added; also the dropped ones, to tell the officer."""
    allowed = ALLOWED_AREA_LEVELS.get(role, set())
    current = user.area_codes()
    keep = [c for c in current if len(c) in allowed]
    if picked and allowed and picked not in keep:
        keep.append(picked)
    return keep, [c for c in current if c not in keep]


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk)
    status = 200
    if request.method == "POST":
        form = UserAccessForm(request.POST, by=request.user)
        area_form = AreaSelectForm(request.POST, prefix=AREA_PREFIX)
        if form.is_valid() and area_form.is_valid():
            role = form.cleaned_data["role"]
            codes, dropped = _access_area_codes(target, role, area_form.area_code())
            try:
                services.update_user_access(
                    by=signed_in_user(request),
                    user=target,
                    role=role,
                    area_codes=codes,
                    is_active=form.cleaned_data["is_active"],
                )
            except DomainError as exc:
                status = show_domain_error(exc, form, area_form)
            else:
                messages.success(request, _("The access of %(name)s is saved.") % {"name": target})
                if dropped:
                    messages.info(
                        request,
                        _("Areas that do not fit the new role were removed: %(codes)s.")
                        % {"codes": ", ".join(dropped)},
                    )
                return redirect("accounts:detail", pk=target.pk)
    else:
        form = UserAccessForm(
            initial={"role": target.role, "is_active": target.is_active}, by=request.user
        )
        area_form = AreaSelectForm(prefix=AREA_PREFIX)
    codes = target.area_codes()
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "form": form,
            "area_form": area_form,
            "areas": [(c, name) for c, name in sorted(selectors.area_names(codes).items())],
            "invitation_pending": not target.has_usable_password(),
        },
        status=status,
    )


@login_required
@require_POST
def remove_area(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk)
    code = request.POST.get("code", "")
    try:
        services.update_user_access(
            by=signed_in_user(request),
            user=target,
            role=target.role,
            area_codes=[c for c in target.area_codes() if c != code],
            is_active=target.is_active,
        )
    except DomainError as exc:
        if exc.status == 403:
            raise HttpForbidden() from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The area %(code)s is removed.") % {"code": code})
    return redirect("accounts:detail", pk=target.pk)


@login_required
@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed(request, pk)
    try:
        services.resend_invitation(by=signed_in_user(request), user=target)
    except DomainError as exc:
        if exc.status == 403:
            raise HttpForbidden() from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("The invitation is sent again to %(email)s.") % {"email": target.email}
        )
    return redirect("accounts:detail", pk=target.pk)


# --- audit viewer -----------------------------------------------------------------------------

TABS = ("changes", "access")


def _audit_query(request: HttpRequest) -> tuple[str, forms.Form, Any]:
    tab = request.GET.get("tab", "changes")
    tab = tab if tab in TABS else "changes"
    if tab == "access":
        access_form = AccessLogFilterForm(request.GET)
        return (
            tab,
            access_form,
            selectors.access_log(by=request.user, filters=access_form.filters()),
        )
    history_form = ChangeHistoryFilterForm(request.GET)
    return (
        tab,
        history_form,
        selectors.change_history(by=request.user, filters=history_form.filters()),
    )


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    require_perm(request, "accounts.view_audit")
    tab, form, rows = _audit_query(request)
    page = paginate(request, rows)
    entries: list[tuple[Any, str, Any]]
    if tab == "changes":
        entries = [
            (e, selectors.history_action(e), selectors.field_changes(e)) for e in page.object_list
        ]
    else:
        entries = [
            (e, e.get_action_display(), selectors.record_type_name(e.object_type))
            for e in page.object_list
        ]
    return render(
        request,
        "accounts/audit.html",
        {
            "tab": tab,
            "form": form,
            "page_obj": page,
            "entries": entries,
            "querystring": querystring_without_page(request),
        },
    )


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer rows."""

    def write(self, value: str) -> str:
        return value


def _iso(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def _history_csv(rows: Any) -> Iterator[list[Any]]:
    yield [_("When"), _("Who"), _("Action"), _("Record type"), _("Record ID"), _("Record"),
           _("Changes"), _("From where")]  # fmt: skip
    for e in rows.iterator(chunk_size=1000):
        changes = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in selectors.field_changes(e))
        model = e.content_type.model_class()
        yield [
            _iso(e.timestamp),
            e.actor.username if e.actor else "",
            selectors.history_action(e),
            str(model._meta.verbose_name) if model else e.content_type.model,
            e.object_pk,
            e.object_repr,
            changes,
            e.remote_addr or "",
        ]


def _access_csv(rows: Any) -> Iterator[list[Any]]:
    yield [_("When"), _("Who"), _("Action"), _("Record type"), _("Record ID"), _("Record"),
           _("Area"), _("Why"), _("From where"), _("Browser")]  # fmt: skip
    for e in rows.iterator(chunk_size=1000):
        yield [
            _iso(e.at),
            e.user.username if e.user else "",
            e.get_action_display(),
            selectors.record_type_name(e.object_type),
            e.object_id,
            e.object_repr,
            e.area_code,
            e.reason,
            e.remote_addr or "",
            e.user_agent,
        ]


@login_required
@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered rows of a tab as CSV (UTF-8 with a BOM, so Excel shows Thai), streamed.

    The export itself is a read of many records: it is written to the access log (action
    "export", record type the exported log's model: accounts.accesslog or auditlog.logentry,
    record MANY_RECORDS, the filters in its description), never to the change history.
    """
    require_perm(request, "accounts.view_audit")
    tab, form, rows = _audit_query(request)
    filters = form.filters()  # type: ignore[attr-defined]
    export = services.record_access(
        user=request.user,
        obj=AccessLog if tab == "access" else LogEntry,
        request=request,
        action=AccessLog.Action.EXPORT,
        reason="audit export",
        description=f"CSV {tab}: {selectors.filters_description(filters)}",
        area_code=filters.area_prefix,
    )
    language = translation.get_language()
    # The export's own row is logged before the rows are read: leave it out of what it exports.
    lines = _access_csv(rows.exclude(pk=export.pk)) if tab == "access" else _history_csv(rows)

    def stream() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff"
        with translation.override(language):
            for line in lines:
                yield writer.writerow(line)

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tambon-audit-{tab}-{stamp}.csv"'
    return response
