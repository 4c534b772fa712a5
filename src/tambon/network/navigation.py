"""Navigation items of the network (registered from NetworkConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from tambon.core.navigation import NavItem, register, requires_perm

register(
    NavItem(
        label=_("Network partners"),
        url_name="network:partner_list",
        section="network",
        icon="bi-diagram-2",
        order=30,
        visible=requires_perm("network.view_partners"),
        description=_("Partner organisations of every sector, their contacts and services."),
    )
)
register(
    NavItem(
        label=_("Service directory"),
        url_name="network:directory",
        section="network",
        icon="bi-signpost-split",
        order=31,
        visible=requires_perm("network.view_directory"),
        description=_("Find welfare services by area, need and target group."),
    )
)
register(
    NavItem(
        label=_("Service types"),
        url_name="network:service_type_list",
        section="admin",
        icon="bi-tags",
        order=86,
        visible=requires_perm("network.manage_service_types"),
        description=_("The taxonomy of welfare services partners provide."),
    )
)
