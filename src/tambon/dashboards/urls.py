from django.urls import path

from tambon.dashboards import views

urlpatterns = [
    path("", views.home, name="home"),
]
