"""A cohort's report as XLSX (trainees, attendance grid, scores, certificates) and its summary as
PDF for the Department. The figures come from selectors.exports; these views only lay them out.
"""

import io
from typing import Any

import xlsxwriter
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tambon.accounts.models import AccessLog
from tambon.accounts.services import record_access
from tambon.core.pdf import render_pdf
from tambon.core.thai import format_be_input, format_date
from tambon.training.models import Cohort
from tambon.training.selectors import exports as selectors
from tambon.training.selectors.exports import CohortReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TICK = "✓"


def _cohort(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course", "province"), pk=pk)
    if not request.user.has_perm("training.manage_cohort", cohort):
        raise HttpForbidden()
    return cohort


def _filename(cohort: Cohort, suffix: str) -> str:
    # ASCII only: the course code is a slug.
    return f"{cohort.course.code}-cohort-{cohort.number}-{suffix}"


# --- XLSX --------------------------------------------------------------------------------


class _Sheet:
    """A worksheet written row by row, with a bold header and column widths."""

    def __init__(self, book: Any, name: str, headers: list[str], widths: list[int]):
        self.sheet = book.add_worksheet(name[:31])
        self.book = book
        bold = book.add_format({"bold": True, "bg_color": "#F0ECF6", "border": 1})
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            self.sheet.write_string(0, col, header, bold)
            self.sheet.set_column(col, col, width)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def add(self, values: list[Any], formats: dict[int, Any] | None = None) -> None:
        for col, value in enumerate(values):
            fmt = (formats or {}).get(col)
            if value is None or value == "":
                self.sheet.write_blank(self.row, col, None, fmt)
            elif hasattr(value, "year"):
                self.sheet.write_datetime(self.row, col, value, fmt)
            elif isinstance(value, bool):
                self.sheet.write_boolean(self.row, col, value, fmt)
            elif isinstance(value, int | float):
                self.sheet.write_number(self.row, col, value, fmt)
            else:
                self.sheet.write_string(self.row, col, str(value), fmt)
        self.row += 1


def _trainees(book: Any, report: CohortReport) -> None:
    sheet = _Sheet(
        book,
        _("Trainees"),
        [
            "#",
            _("Name"),
            _("Sub-district"),
            _("District"),
            _("Province"),
            _("Status"),
            _("Channel"),
        ],
        [5, 30, 20, 20, 16, 16, 30],
    )
    for n, t in enumerate(report.trainees, start=1):
        e = t.enrollment
        sub = e.subdistrict
        sheet.add(
            [
                n,
                t.name,
                sub.name,
                sub.district.name,
                sub.province.name,
                e.get_status_display(),
                e.get_channel_display(),
            ]
        )


def _attendance(book: Any, report: CohortReport) -> None:
    sessions = report.sessions
    headers = [_("Name")]
    headers += [f"{format_date(s.date)} {s.get_period_display()}" for s in sessions]
    headers += [_("Sessions attended"), _("Attendance (%)")]
    sheet = _Sheet(book, _("Attendance"), headers, [30] + [14] * len(sessions) + [12, 12])
    centre = book.add_format({"align": "center"})
    for t in report.approved:
        marks = [TICK if s.pk in t.attended else "" for s in sessions]
        attended = sum(1 for s in sessions if s.pk in t.attended)
        share = round(100 * attended / len(sessions), 1) if sessions else None
        sheet.add(
            [t.name, *marks, attended, share],
            {col: centre for col in range(1, len(sessions) + 1)},
        )


def _scores(book: Any, report: CohortReport) -> None:
    course = report.cohort.course
    sheet = _Sheet(
        book,
        _("Scores"),
        [
            _("Name"),
            _("Pre-test score"),
            _("Pre-test (%)"),
            _("Post-test score"),
            _("Post-test (%)"),
            _("Gain (percentage points)"),
            _("Passed the post-test"),
        ],
        [30, 12, 12, 12, 12, 14, 14],
    )
    for t in report.approved:
        passed = t.passed(course)
        sheet.add(
            [
                t.name,
                f"{t.pre.score}/{t.pre.max_score}" if t.pre else "",
                round(t.pre.percent, 1) if t.pre else None,
                f"{t.post.score}/{t.post.max_score}" if t.post else "",
                round(t.post.percent, 1) if t.post else None,
                round(t.gain, 1) if t.gain is not None else None,
                "" if passed is None else (_("passed") if passed else _("not passed")),
            ]
        )


def _certificates(book: Any, report: CohortReport) -> None:
    sheet = _Sheet(
        book,
        _("Certificates"),
        [
            _("Certificate number"),
            _("Name"),
            _("Issued on"),
            _("Issued on (B.E.)"),
            _("Status"),
            _("Revoked on (B.E.)"),
        ],
        [16, 30, 12, 14, 12, 14],
    )
    iso = book.add_format({"num_format": "yyyy-mm-dd"})
    for c in report.certificates:
        revoked = c.revoked_at.date() if c.revoked_at else None
        sheet.add(
            [
                c.number,
                c.enrollment.trainee.get_full_name() or c.enrollment.trainee.username,
                c.issued_on,
                format_be_input(c.issued_on),
                _("valid") if c.is_valid else _("revoked"),
                format_be_input(revoked),
            ],
            {2: iso},
        )


def cohort_report_workbook(report: CohortReport) -> bytes:
    """The four sheets of a cohort's report as XLSX bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    book.set_properties({"title": str(report.cohort), "author": "Tambon"})
    _trainees(book, report)
    _attendance(book, report)
    _scores(book, report)
    _certificates(book, report)
    book.close()
    return buffer.getvalue()


@login_required
@require_GET
def cohort_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a cohort's report (trainees, attendance, scores, certificates) as XLSX."""
    cohort = _cohort(request, pk)
    content = cohort_report_workbook(selectors.cohort_report(cohort))
    record_access(
        user=request.user,
        obj=cohort,
        request=request,
        action=AccessLog.Action.EXPORT,
        description=f"{cohort}: XLSX report",
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(cohort, "report.xlsx")}"'
    return response


# --- summary PDF -------------------------------------------------------------------------


@login_required
@require_GET
def cohort_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A one-page summary of a cohort for the Department, as PDF in Thai."""
    cohort = _cohort(request, pk)
    summary = selectors.cohort_summary(cohort)
    content = render_pdf("training/pdf/cohort_summary.html", {"summary": summary, "cohort": cohort})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(cohort, "summary.pdf")}"'
    return response


urlpatterns = [
    path("cohorts/<int:pk>/report.xlsx", cohort_report_xlsx, name="cohort_report_xlsx"),
    path("cohorts/<int:pk>/summary.pdf", cohort_summary_pdf, name="cohort_summary_pdf"),
]
