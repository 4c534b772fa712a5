"""Attendance pages: the cohort grid and roster, paper sheet, QR check-in and the sign-in sheet."""

import datetime as dt
from typing import Any
from urllib.parse import quote, urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tambon.core.errors import DomainError
from tambon.core.forms import record_id
from tambon.core.pdf import render_pdf
from tambon.core.thai import be_year
from tambon.training.models import Cohort, CohortSession, Enrollment
from tambon.training.selectors import attendance as selectors
from tambon.training.services import attendance as services

RUN = "training.run_sessions"
MANAGE = "training.manage_cohort"
# How long after scanning a code a trainee may take to sign in and still use it.
CHECKIN_SIGN_IN_GRACE = dt.timedelta(minutes=10)
SEEN_CODES_KEY = "training_checkin_seen"
SEEN_CODES_KEPT = 5
CODE_REFRESH_SECONDS = 30
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


# --- access helpers ----------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _cohort_for(request: HttpRequest, pk: int, *perms: str) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course", "province"), pk=pk)
    if not any(request.user.has_perm(perm, cohort) for perm in perms):
        raise HttpForbidden()
    return cohort


def _session_for(request: HttpRequest, pk: int, *perms: str) -> CohortSession:
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__course", "cohort__province"), pk=pk
    )
    if not any(request.user.has_perm(perm, session.cohort) for perm in perms):
        raise HttpForbidden()
    return session


# --- the grid and the roster -------------------------------------------------------------


@login_required
@require_GET
def cohort_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Trainees × sessions with who attended and how, per-trainee shares and session totals."""
    cohort = _cohort_for(request, pk, MANAGE, RUN)
    grid = selectors.attendance_grid(cohort)
    context = {"cohort": cohort, "grid": grid, "can_mark": request.user.has_perm(RUN, cohort)}
    return render(request, "training/attendance/grid.html", context)


@login_required
@require_POST
def attendance_cell(request: HttpRequest, session_pk: int, enrollment_pk: int) -> HttpResponse:
    """Tick or untick one trainee in one session; answers htmx with the updated cell."""
    session = _session_for(request, session_pk, RUN)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("trainee", "cohort__course"),
        pk=enrollment_pk,
        cohort_id=session.cohort_id,
    )
    present = request.POST.get("present") == "1"
    try:
        services.mark_attendance(
            session=session, enrollment=enrollment, present=present, by=request.user
        )
    except DomainError as exc:
        if not _is_htmx(request):
            messages.error(request, str(exc.message))
            return redirect("training:cohort_attendance", pk=session.cohort_id)
        return HttpResponse(str(exc.message), status=exc.status)
    if not _is_htmx(request):
        return redirect("training:cohort_attendance", pk=session.cohort_id)
    sessions = selectors.cohort_sessions(session.cohort)
    row = selectors.trainee_row(enrollment, sessions)
    context = {
        "session": session,
        "enrollment": enrollment,
        "cell": next(c.attendance for c in row.cells if c.session.pk == session.pk),
        "row": row,
        "can_mark": True,
        "session_total": selectors.session_count(session),
    }
    return render(request, "training/attendance/_cell_update.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_paper_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter who signed the paper sheet of one session: a checkbox per approved trainee."""
    session = _session_for(request, pk, RUN)
    if request.method == "POST":
        present = [i for i in map(record_id, request.POST.getlist("present")) if i is not None]
        try:
            result = services.record_paper_sheet(session=session, present=present, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("Attendance saved: %(added)d added, %(removed)d removed.")
                % {"added": result.added, "removed": result.removed},
            )
            return redirect("training:cohort_attendance", pk=session.cohort_id)
    recorded = selectors.session_attendance(session)
    rows = [(e, recorded.get(e.pk)) for e in selectors.approved_enrollments(session.cohort)]
    context = {"session": session, "cohort": session.cohort, "rows": rows}
    return render(request, "training/attendance/paper.html", context)


# --- QR check-in: the trainer's screen ---------------------------------------------------


def _absolute_url(request: HttpRequest, path_: str) -> str:
    """SITE_URL + path, unless SITE_URL is a loopback address a phone could not reach."""
    site = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if site and urlsplit(site).hostname not in LOOPBACK_HOSTS:
        return site + path_
    return request.build_absolute_uri(path_)


def _code_context(request: HttpRequest, session: CohortSession) -> dict[str, Any]:
    code = services.issue_checkin_code(session=session, by=request.user)
    url = _absolute_url(request, reverse("training:check_in", kwargs={"code": code}))
    qr = segno.make(url, error="m")
    return {
        "session": session,
        "code": code,
        "checkin_url": url,
        "qr_svg": qr.svg_inline(scale=8, border=2, omitsize=True, title=_("Check-in QR code")),
        "refresh_seconds": CODE_REFRESH_SECONDS,
        "max_age": services.checkin_max_age(),
        "is_open": services.session_is_open(session),
    }


def _count_context(session: CohortSession) -> dict[str, Any]:
    return {
        "session": session,
        "checked_in": selectors.session_count(session),
        "expected": selectors.approved_enrollments(session.cohort).count(),
        "recent": selectors.recent_checkins(session),
    }


@login_required
@require_GET
def session_checkin_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The trainer's screen: a large QR code that changes every 30 s, and who has checked in."""
    session = _session_for(request, pk, RUN)
    opens, closes = services.session_window(session)
    context = {
        **_code_context(request, session),
        **_count_context(session),
        "cohort": session.cohort,
        "opens": timezone.localtime(opens),
        "closes": timezone.localtime(closes),
    }
    return render(request, "training/attendance/checkin_screen.html", context)


@require_GET
def session_checkin_code(request: HttpRequest, pk: int) -> HttpResponse:
    """A fresh code and QR (polled by the trainer's screen)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session = _session_for(request, pk, RUN)
    return render(
        request, "training/attendance/_checkin_code.html", _code_context(request, session)
    )


@require_GET
def session_checkin_count(request: HttpRequest, pk: int) -> HttpResponse:
    """How many have checked in so far (polled by the trainer's screen)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session = _session_for(request, pk, RUN)
    return render(request, "training/attendance/_checkin_count.html", _count_context(session))


# --- QR check-in: the trainee's phone ---------------------------------------------------


def _remember_seen(request: HttpRequest, code: str, now: dt.datetime) -> None:
    """Note (server side) when an anonymous visitor scanned a still-fresh code."""
    try:
        services.check_code_is_fresh(services.read_checkin_code(code), now=now)
    except DomainError:
        return  # the page after signing in says why
    seen = dict(request.session.get(SEEN_CODES_KEY, {}))
    seen[code] = now.isoformat()
    request.session[SEEN_CODES_KEY] = dict(list(seen.items())[-SEEN_CODES_KEPT:])


def _seen_at(request: HttpRequest, code: str, now: dt.datetime) -> dt.datetime | None:
    seen = request.session.get(SEEN_CODES_KEY, {})
    if code not in seen:
        return None
    at = dt.datetime.fromisoformat(seen[code])
    return at if now - at <= CHECKIN_SIGN_IN_GRACE else None


@require_GET
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    """A trainee scanned the QR code: check them in and say so, or say why not."""
    now = timezone.now()
    if not request.user.is_authenticated:
        _remember_seen(request, code, now)
        return redirect_to_login(request.get_full_path())
    try:
        result = services.check_in(
            code=code, trainee=request.user, now=now, seen_at=_seen_at(request, code, now)
        )
    except DomainError as exc:
        context: dict[str, Any] = {"error": exc.message}
        return render(
            request, "training/attendance/checkin_result.html", context, status=exc.status
        )
    attendance = result.attendance
    context = {
        "attendance": attendance,
        "session": attendance.session,
        "cohort": attendance.session.cohort,
        "created": result.created,
    }
    return render(request, "training/attendance/checkin_result.html", context)


# --- the printable sign-in sheet ---------------------------------------------------------


def _sheet_filenames(session: CohortSession) -> tuple[str, str]:
    """(ASCII fallback, Thai) file names of a sign-in sheet."""
    day = session.date
    ascii_name = f"sign-in-sheet-cohort-{session.cohort.number}-{day:%Y-%m-%d}-{session.period}.pdf"
    with translation.override("th"):
        thai_name = _("sign-in sheet, cohort %(number)s, %(date)s, %(period)s") % {
            "number": session.cohort.number,
            "date": f"{day.day:02d}-{day.month:02d}-{be_year(day.year)}",
            "period": session.get_period_display(),
        }
    return ascii_name, thai_name.replace(",", "").replace(" ", "-") + ".pdf"


@login_required
@require_GET
def session_sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The sign-in sheet (ใบลงชื่อ) of one session as an A4 PDF to print."""
    session = _session_for(request, pk, RUN)
    context = {
        "session": session,
        "cohort": session.cohort,
        "course": session.cohort.course,
        "rows": selectors.sign_in_rows(session.cohort),
        "blank_rows": range(selectors.SIGN_IN_BLANK_ROWS),
    }
    pdf = render_pdf("training/pdf/sign_in_sheet.html", context)
    ascii_name, thai_name = _sheet_filenames(session)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(thai_name)}"
    )
    return response


urlpatterns = [
    path("cohorts/<int:pk>/attendance/", cohort_attendance, name="cohort_attendance"),
    path(
        "sessions/<int:session_pk>/attendance/<int:enrollment_pk>/",
        attendance_cell,
        name="attendance_cell",
    ),
    path(
        "sessions/<int:pk>/paper-attendance/",
        session_paper_attendance,
        name="session_paper_attendance",
    ),
    path("sessions/<int:pk>/check-in/", session_checkin_screen, name="session_checkin_screen"),
    path("sessions/<int:pk>/check-in/code/", session_checkin_code, name="session_checkin_code"),
    path("sessions/<int:pk>/check-in/count/", session_checkin_count, name="session_checkin_count"),
    path(
        "sessions/<int:pk>/sign-in-sheet.pdf", session_sign_in_sheet, name="session_sign_in_sheet"
    ),
    path("check-in/<str:code>/", check_in, name="check_in"),
]
