"""Background tasks of the cases app (django-tasks; run by `tambon worker`), one module per part."""
