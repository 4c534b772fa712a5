from django.urls import path

from tambon.core import views

urlpatterns = [
    path("about/", views.about, name="about"),
]
