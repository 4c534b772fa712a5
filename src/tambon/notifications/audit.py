"""Change history of notifications (django-auditlog). `notify` writes rows with bulk_create and
marking read is an UPDATE, so in practice only edits made elsewhere (the admin) are logged."""

from tambon.core.audit import audit_model
from tambon.notifications.models import Notification

audit_model(Notification)
