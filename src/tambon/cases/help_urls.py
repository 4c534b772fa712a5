"""The public pages of requests for help, at /help/ (no sign-in)."""

from tambon.cases.views import help as views

app_name = "help"

urlpatterns = views.urlpatterns
