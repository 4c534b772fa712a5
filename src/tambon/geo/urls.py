from django.urls import path

from tambon.geo import views

app_name = "geo"
urlpatterns = [
    path("area-select/", views.area_select, name="area_select"),
]
