"""Households, people and their consent: the registry of who the program serves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tambon.core.fields import BlindIndexField, EncryptedTextField
from tambon.core.models import TimestampedModel, VersionedModel
from tambon.geo.models import Subdistrict, Village


class Household(VersionedModel):
    """A household (ครัวเรือน) at a house number in a village of a sub-district."""

    class Housing(models.TextChoices):
        SECURE = "secure", _("secure and in good repair")
        NEEDS_REPAIR = "needs_repair", _("needs repair")
        DILAPIDATED = "dilapidated", _("dilapidated or unsafe")
        TEMPORARY = "temporary", _("temporary shelter")
        NONE = "none", _("no housing")

    class IncomeBand(models.TextChoices):
        # Yearly income per member, against the national poverty line and the จปฐ. standard.
        BELOW_POVERTY_LINE = "below_poverty_line", _("below the poverty line")
        BELOW_STANDARD = "below_standard", _("below the basic-needs standard (38,000 baht)")
        ABOVE_STANDARD = "above_standard", _("above the basic-needs standard")
        UNKNOWN = "unknown", _("unknown")

    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    house_number = models.CharField(_("house number"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    housing = models.CharField(
        _("housing condition"), max_length=20, choices=Housing.choices, blank=True
    )
    income_band = models.CharField(
        _("income band"), max_length=20, choices=IncomeBand.choices, default=IncomeBand.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)
    # Where a household came from when it was imported (see registry.importing).
    import_batch = models.ForeignKey(
        "registry.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Unique by a partial unique index, as Person.import_key is (see there): a first load
    # drops and rebuilds it with the table's other indexes.
    import_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (no key: NULL)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["subdistrict_id", "village_id", "house_number", "id"]
        indexes = [models.Index(fields=["subdistrict", "house_number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=models.Q(import_key__isnull=False),
                name="registry_household_one_import_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.house_number or '-'} ({self.subdistrict_id})"


class Person(VersionedModel):
    """A person (บุคคล) in the registry; the national ID is encrypted with a blind index."""

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")
        OTHER = "X", _("other / not stated")

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        GRANDCHILD = "grandchild", _("grandchild")
        GRANDPARENT = "grandparent", _("grandparent")
        SIBLING = "sibling", _("brother or sister")
        RELATIVE = "relative", _("other relative")
        NON_RELATIVE = "non_relative", _("not related")

    class Disability(models.TextChoices):
        # The seven types of the disability card (บัตรประจำตัวคนพิการ).
        VISUAL = "visual", _("visual")
        HEARING = "hearing", _("hearing or communication")
        PHYSICAL = "physical", _("physical or movement")
        MENTAL = "mental", _("mental or behavioural")
        INTELLECTUAL = "intellectual", _("intellectual")
        LEARNING = "learning", _("learning")
        AUTISM = "autism", _("autism")

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    relation = models.CharField(
        _("relation to the head"), max_length=20, choices=Relation.choices, blank=True
    )
    # "title" alone is a document's or course's title (ชื่อ) in other apps' catalogues.
    title = models.CharField(pgettext_lazy("name prefix", "title"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    # Lower-cased, Thai-normalised "first last" for search and deduplication.
    search_name = models.CharField(max_length=210, db_index=True, editable=False, default="")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("sub-district"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    national_id = EncryptedTextField(_("national ID"), null=True, blank=True)
    # Indexed in Meta: a field index would bring PostgreSQL's pattern (`_like`) index too,
    # useless for a hash that is only ever compared whole.
    national_id_index = BlindIndexField(null=True, blank=True, db_index=False)
    target_groups = models.ManyToManyField(
        "registry.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    disability_type = models.CharField(
        _("disability type"), max_length=20, choices=Disability.choices, blank=True
    )
    disability_card = models.BooleanField(_("holds a disability card"), default=False)
    welfare_card = models.BooleanField(_("holds a state welfare card"), default=False)
    note = models.TextField(_("note"), blank=True)
    # A merged duplicate points at the person it was merged into; nothing is deleted, and
    # unmerging clears the pointer (see registry.dedupe).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_people",
    )
    import_batch = models.ForeignKey(
        "registry.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A fingerprint of the imported row: the same row imported twice creates nothing new.
    # Unique by a partial unique index rather than `unique=True`: a first load can then drop
    # and rebuild it like the other indexes (SQLite cannot drop the index of a UNIQUE column
    # or of a table constraint), and PostgreSQL adds no pattern (`_like`) index, useless for
    # a hash. Rows without a key (people entered on a page) are left out of the index.
    import_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (no key: NULL)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_name", "id"]
        indexes = [
            models.Index(fields=["subdistrict", "search_name"]),
            models.Index(fields=["national_id_index"], name="registry_person_nid_index"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=models.Q(import_key__isnull=False),
                name="registry_person_one_import_key",
            )
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def full_name(self) -> str:
        return str(self)


class VolunteerAssignment(TimestampedModel):
    """A volunteer (อพม.) looks after a household: they see it, its members and their needs
    (DOMAIN.md: volunteers see their assigned households and cases). `created_by` assigned."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="volunteer_assignments",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("volunteer assignment")
        verbose_name_plural = _("volunteer assignments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "household"], name="registry_one_assignment_per_volunteer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.household_id}"


class Consent(TimestampedModel):
    """A PDPA consent of a person for one purpose; withdrawing it keeps the record."""

    class Purpose(models.TextChoices):
        REGISTRY = "registry", _("keeping the record in the registry")
        SHARE_WITH_PARTNERS = "share_with_partners", _("sharing with network partners for help")
        CONTACT = "contact", _("being contacted by officers and volunteers")
        PHOTOS = "photos", _("photos during visits and activities")
        STATISTICS = "statistics", _("use in statistics and research")

    class GivenBy(models.TextChoices):
        SELF = "self", _("the person")
        GUARDIAN = "guardian", _("parent or guardian")
        CAREGIVER = "caregiver", _("caregiver or representative")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given_by = models.CharField(
        _("given by"), max_length=20, choices=GivenBy.choices, default=GivenBy.SELF
    )
    given_by_name = models.CharField(_("name of who gave it"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
