from django.urls import path, re_path
from django.views.generic import RedirectView

from tambon.api.api import api
from tambon.api.errors import not_found_json

urlpatterns = [
    # Ninja's own root view is a bare 404; send people to the documentation instead.
    path("", RedirectView.as_view(pattern_name="api-1:openapi-view")),
    path("", api.urls),
    # Any other address under /api/v1/ answers with the API's JSON 404, not an HTML page.
    re_path(r"^.*$", not_found_json),
]
