"""Users, their areas, the read-access log and personal API tokens."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tambon.accounts.roles import Role
from tambon.geo.models import area_level


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_national_admin(self) -> bool:
        return self.is_active and (self.role == Role.NATIONAL_ADMIN or self.is_superuser)

    def area_codes(self) -> list[str]:
        # Cached per instance: the policy asks for it many times in one request.
        if not hasattr(self, "_area_codes"):
            self._area_codes = sorted(a.area_code for a in self.areas.all())
        return self._area_codes


class AreaAssignment(models.Model):
    """A province (2 digits), district (4) or sub-district (6) that a user covers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="areas")
    area_code = models.CharField(_("area code"), max_length=6)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("area assignment")
        verbose_name_plural = _("area assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "area_code"], name="area_assignment_unique"),
        ]

    def __str__(self) -> str:
        # Names the user when already loaded (as when a service assigns the area), so that a
        # change-history row says whose area it was, without a query of its own.
        if AreaAssignment.user.is_cached(self):
            return f"{self.user.username}: {self.area_code}"
        return self.area_code

    @property
    def level(self) -> str:
        return area_level(self.area_code)


class AccessLog(models.Model):
    """One read of a personal record: who, what, when, from where and why."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        VIEW_SENSITIVE = "view_sensitive", _("viewed sensitive field")
        EXPORT = "export", _("exported")
        SEARCH = "search", _("searched")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record"), max_length=64, db_index=True)
    object_repr = models.CharField(_("description"), max_length=200, blank=True)
    area_code = models.CharField(_("area"), max_length=8, blank=True)
    reason = models.CharField(_("why"), max_length=200, blank=True)
    remote_addr = models.GenericIPAddressField(_("from where"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token: only its hash is stored; it acts with its owner's role and area."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
