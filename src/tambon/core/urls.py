from django.urls import path

from tambon.core import views

urlpatterns = [
    path("jobs/<uuid:job_id>/", views.job_status, name="job_status"),
    path("about/", views.about, name="about"),
]
