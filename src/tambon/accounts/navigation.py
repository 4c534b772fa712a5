"""Navigation items of the accounts app (imported by AccountsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from tambon.core.navigation import NavItem, register, requires_perm

register(
    NavItem(
        label=_("People"),
        url_name="accounts:list",
        section="admin",
        icon="bi-people",
        order=80,
        visible=requires_perm("accounts.invite_user"),
        description=_("Invite officers, volunteers and partners and give them a role and area."),
    )
)
register(
    NavItem(
        label=_("Audit"),
        url_name="accounts:audit",
        section="admin",
        icon="bi-journal-text",
        order=90,
        visible=requires_perm("accounts.view_audit"),
        description=_("Who changed or read which record, when and from where."),
    )
)
