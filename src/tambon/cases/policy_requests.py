"""Who may see and handle public requests for help (registered from CasesConfig.ready()).

| role                   | sees                              | opens a case from / closes one |
| ---------------------- | --------------------------------- | ------------------------------ |
| national admin         | every request                     | yes                            |
| provincial officer     | the requests of the province      | yes                            |
| sub-district officer   | the requests of their areas       | yes                            |
| anyone else            | nothing (404)                     | no                             |

The public (no account) only sends a request and checks its status by reference, which shows
the status and dates, never what was written.
"""

import rules

from tambon.accounts.policy import in_user_area, is_national_admin
from tambon.cases.policy import is_area_officer

manages_requests = is_national_admin | is_area_officer
handles_request = is_national_admin | (is_area_officer & in_user_area)

rules.add_perm("cases.view_help_requests", manages_requests)
# Object perm: takes a HelpRequest.
rules.add_perm("cases.handle_help_request", handles_request)
