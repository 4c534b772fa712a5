from django.urls import path

from tambon.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.areas, name="areas"),
    path("area-select/", views.area_select, name="area_select"),
    path("villages/import/", views.village_import, name="village_import"),
    path(
        "villages/import/template.csv",
        views.village_import_template,
        name="village_import_template",
    ),
]
