"""Navigation items of the registry (registered from RegistryConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from tambon.core.navigation import NavItem, register, requires_perm

register(
    NavItem(
        label=_("Registry"),
        url_name="registry:person_list",
        section="registry",
        icon="bi-person-vcard",
        order=20,
        visible=requires_perm("registry.view_registry"),
        description=_(
            "The people of your area facing social problems: search, target groups, needs."
        ),
    )
)
register(
    NavItem(
        label=_("Households"),
        url_name="registry:household_list",
        section="registry",
        icon="bi-house-heart",
        order=21,
        visible=requires_perm("registry.view_registry"),
        description=_("Households by village and house number, with their members."),
    )
)
register(
    NavItem(
        label=_("Needs assessments"),
        url_name="registry:assessment_list",
        section="registry",
        icon="bi-clipboard2-pulse",
        order=22,
        visible=requires_perm("registry.view_registry"),
        description=_("Surveys on the five dimensions, their 4S scores and the problems found."),
    )
)
register(
    NavItem(
        label=_("Imports"),
        url_name="registry:import_list",
        section="registry",
        icon="bi-upload",
        order=23,
        visible=requires_perm("registry.import_people"),
        description=_("Import household and person surveys from CSV or Excel files."),
    )
)
register(
    NavItem(
        label=_("Taxonomies and 4S"),
        url_name="registry:taxonomy",
        section="admin",
        icon="bi-diagram-3",
        order=85,
        visible=requires_perm("registry.manage_taxonomies"),
        description=_("Target groups, problem types, survey indicators and the 4S mapping."),
    )
)
register(
    NavItem(
        label=_("Possible duplicates"),
        url_name="registry:duplicate_list",
        section="registry",
        icon="bi-people",
        order=24,
        visible=requires_perm("registry.review_duplicates"),
        description=_("Pairs of records that may be one person: merge them or keep them apart."),
    )
)
