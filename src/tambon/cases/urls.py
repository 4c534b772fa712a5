"""URLs of the cases app: each views module contributes its own `urlpatterns`."""

from tambon.cases.views import care_plans, cases, fieldwork, queues, referrals, visits, workflow
from tambon.cases.views import requests as help_requests

app_name = "cases"

urlpatterns = cases.urlpatterns + workflow.urlpatterns + care_plans.urlpatterns
urlpatterns += queues.urlpatterns
urlpatterns += referrals.urlpatterns
urlpatterns += visits.urlpatterns + fieldwork.urlpatterns
urlpatterns += help_requests.urlpatterns
