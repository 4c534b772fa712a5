"""Which account records keep a change history (never the token hash)."""

from tambon.accounts.models import ApiToken, AreaAssignment, User
from tambon.core.audit import audit_model

audit_model(User, exclude=("password", "last_login"))
audit_model(AreaAssignment)
audit_model(ApiToken, exclude=("token_hash", "last_used_at"))
