"""Pages of the cases app (each module has its `urlpatterns`)."""
