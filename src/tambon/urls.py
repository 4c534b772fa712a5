from django.contrib import admin
from django.urls import include, path

from tambon.core import views as core_views

urlpatterns = [
    path("", include("tambon.dashboards.urls")),
    path("", include("tambon.core.urls")),
    path("geo/", include("tambon.geo.urls")),
    path("registry/", include("tambon.registry.urls")),
    path("network/", include("tambon.network.urls")),
    path("cases/", include("tambon.cases.urls")),
    path("help/", include("tambon.cases.help_urls")),
    path("training/", include("tambon.training.urls")),
    path("people/", include("tambon.accounts.urls")),
    path("notifications/", include("tambon.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("tambon.api.urls")),
    path("account/tokens/", include("tambon.api.token_urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
