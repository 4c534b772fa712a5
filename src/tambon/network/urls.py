"""URLs of the network app: each views module contributes its own `urlpatterns`."""

from tambon.network.views import contacts, directory, partners, services, taxonomy

app_name = "network"

urlpatterns = [
    *partners.urlpatterns,
    *contacts.urlpatterns,
    *services.urlpatterns,
    *directory.urlpatterns,
    *taxonomy.urlpatterns,
]
