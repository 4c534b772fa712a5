from django.urls import path

from tambon.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("invite/", views.invite, name="invite"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/areas/remove/", views.remove_area, name="remove_area"),
    path("<int:pk>/resend-invitation/", views.resend_invitation, name="resend_invitation"),
    path("audit/", views.audit, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
]
