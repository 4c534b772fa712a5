"""Pages of notifications: the user's list, opening one (marks it read), marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tambon.accounts.requests import signed_in_user
from tambon.core.pagination import paginate, querystring_without_page
from tambon.notifications import selectors
from tambon.notifications.services import mark_all_read, mark_read


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first, unread ones marked."""
    user = signed_in_user(request)
    unread_only = request.GET.get("unread") == "1"
    items = selectors.notifications_for(user)
    if unread_only:
        items = items.filter(read_at__isnull=True)
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": paginate(request, items),
            "querystring": querystring_without_page(request),
            "unread_only": unread_only,
        },
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to its page (or back to the list)."""
    user = signed_in_user(request)
    notification = selectors.notification_of(user, pk)
    if notification is None:
        raise Http404
    mark_read(by=user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the user read."""
    count = mark_all_read(by=signed_in_user(request))
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The unread badge of the navbar, loaded by htmx after the page: one query, none for an
    anonymous visitor, and no query added to the page that shows it."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    response = render(request, "notifications/_unread.html")
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("badge/", notification_badge, name="badge"),
    path("", notification_list, name="list"),
    path("<int:pk>/open/", notification_open, name="open"),
    path("read-all/", notification_read_all, name="read_all"),
]
