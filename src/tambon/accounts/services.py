"""Every write to accounts: invitations, role and area changes, the access log, API tokens."""

import secrets
from datetime import timedelta
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts import policy
from tambon.accounts.models import AccessLog, ApiToken, AreaAssignment, User, hash_token
from tambon.accounts.roles import ALLOWED_AREA_LEVELS, Role
from tambon.core.errors import PermissionDenied, ValidationError
from tambon.geo import selectors as geo_selectors

# Messages are module constants (tests assert on them), marked for translation here and
# translated where they are raised.
MSG_ROLE_NOT_ALLOWED = gettext_noop("You may not give the role “%(role)s”.")
MSG_AREA_UNKNOWN = gettext_noop("No province, district or sub-district has the code %(code)s.")
MSG_AREA_LEVEL = gettext_noop("A %(role)s is assigned a %(levels)s, not the code %(code)s.")
MSG_AREA_OUTSIDE = gettext_noop("The area %(code)s is outside your own area.")
MSG_AREA_REQUIRED = gettext_noop("Choose at least one area for this role.")
MSG_EMAIL_TAKEN = gettext_noop("A user with this e-mail address already exists.")
MSG_USERNAME_TAKEN = gettext_noop("This username is taken.")
MSG_ALREADY_JOINED = gettext_noop(
    "This user has already chosen a password: they can use “Forgot password” on the sign-in page."
)
MSG_INACTIVE = gettext_noop(
    "This account is deactivated: activate it before sending an invitation."
)
MSG_NO_EMAIL = gettext_noop("This user has no e-mail address.")
MSG_TOKEN_NAME = gettext_noop("Give the token a name.")

LEVEL_NAMES = {
    2: gettext_noop("province"),
    4: gettext_noop("district"),
    6: gettext_noop("sub-district"),
}


def _validate_access(*, by: User, role: str, area_codes: list[str]) -> None:
    if role not in dict(policy.invitable_roles(by)):
        label = Role(role).label if role in Role.values else role
        raise PermissionDenied(_(MSG_ROLE_NOT_ALLOWED) % {"role": label}, field="role")
    allowed = ALLOWED_AREA_LEVELS[role]
    if allowed and not area_codes:
        raise ValidationError(_(MSG_AREA_REQUIRED), field="areas")
    for code in area_codes:
        if len(code) not in LEVEL_NAMES or geo_selectors.area_by_code(code) is None:
            raise ValidationError(_(MSG_AREA_UNKNOWN) % {"code": code}, field="areas")
        if len(code) not in allowed:
            levels = " / ".join(_(LEVEL_NAMES[n]) for n in sorted(allowed))
            raise ValidationError(
                _(MSG_AREA_LEVEL) % {"role": Role(role).label, "levels": levels, "code": code},
                field="areas",
            )
        if not policy.covers(by, code):
            raise PermissionDenied(_(MSG_AREA_OUTSIDE) % {"code": code}, field="areas")


def _set_areas(user: User, area_codes: list[str], by: User) -> None:
    wanted = set(area_codes) if ALLOWED_AREA_LEVELS[user.role] else set()
    user.areas.exclude(area_code__in=wanted).delete()
    have = set(user.areas.values_list("area_code", flat=True))
    # One save per area (a handful at most), so that the change history records each one.
    for code in sorted(wanted - have):
        AreaAssignment.objects.create(user=user, area_code=code, assigned_by=by)
    user.__dict__.pop("_area_codes", None)
    user.__dict__.get("_prefetched_objects_cache", {}).pop("areas", None)


@transaction.atomic
def invite_user(
    *,
    by: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    area_codes: list[str],
    organisation: str = "",
    phone: str = "",
) -> User:
    """Create a user with a role and areas, and e-mail them a link to choose a password."""
    if not by.has_perm("accounts.invite_user"):
        raise PermissionDenied()
    _validate_access(by=by, role=role, area_codes=area_codes)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_(MSG_EMAIL_TAKEN), field="email")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_(MSG_USERNAME_TAKEN), field="username")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
        phone=phone,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _set_areas(user, area_codes, by)
    transaction.on_commit(lambda: send_invitation(user=user, by=by))
    return user


def invitation_url(user: User) -> str:
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )
    return f"{settings.SITE_URL}{path}"


def send_invitation(*, user: User, by: User) -> None:
    """E-mail the invitation link (in Thai, the default language)."""
    with translation.override("th"):
        context = {
            "user": user,
            "by": by,
            "url": invitation_url(user),
            "site_url": settings.SITE_URL,
        }
        subject = _("You are invited to Tambon")
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def update_user_access(
    *, by: User, user: User, role: str, area_codes: list[str], is_active: bool
) -> User:
    """Change a user's role, areas and whether they may sign in."""
    if not by.has_perm("accounts.manage_user", user):
        raise PermissionDenied()
    _validate_access(by=by, role=role, area_codes=area_codes)
    user.role = role
    user.is_active = is_active
    user.save(update_fields=["role", "is_active"])
    _set_areas(user, area_codes, by)
    return user


@transaction.atomic
def resend_invitation(*, by: User, user: User) -> None:
    """Send the invitation e-mail again to a user who has not chosen a password yet."""
    if not by.has_perm("accounts.manage_user", user):
        raise PermissionDenied()
    if user.has_usable_password():
        raise ValidationError(_(MSG_ALREADY_JOINED))
    if not user.is_active:
        raise ValidationError(_(MSG_INACTIVE), field="is_active")
    if not user.email:
        raise ValidationError(_(MSG_NO_EMAIL), field="email")
    transaction.on_commit(lambda: send_invitation(user=user, by=by))


@transaction.atomic
def grant_role_if_none(*, user: User, role: str, area_code: str, by: Any) -> bool:
    """Give a user without a role `role` and the area `area_code` (e.g. on certification).

    An existing role is never changed. Returns whether the role was given. The caller's service
    has already checked that `by` may do the act that earns the role.
    """
    if user.role:
        return False
    user.role = role
    user.save(update_fields=["role"])
    AreaAssignment.objects.get_or_create(
        user=user, area_code=area_code, defaults={"assigned_by": by}
    )
    user.__dict__.pop("_area_codes", None)
    return True


def _client(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addr = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return addr or None, request.META.get("HTTP_USER_AGENT", "")[:200]


MANY_RECORDS = "*"  # the object_id of a read of many records (a search, an export)


def record_access(
    *,
    user: Any,
    obj: Any,
    request: HttpRequest | None = None,
    action: str = AccessLog.Action.VIEW,
    reason: str = "",
    description: str = "",
    area_code: str = "",
) -> AccessLog:
    """Write one read to the access log; the only writer of AccessLog rows.

    `obj` is the record read, or a model class for a read of many rows (a search or an
    export): then the row's record is MANY_RECORDS, `description` says which rows (the
    filters) and `area_code` the area they were limited to.
    """
    addr, agent = _client(request)
    if isinstance(obj, type):
        object_id, object_repr = MANY_RECORDS, description
    else:
        object_id, object_repr = str(obj.pk), description or str(obj)
        area_code = area_code or policy.object_area_code(obj) or ""
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=object_id,
        object_repr=object_repr[:200],
        area_code=area_code[:8],
        reason=reason[:200],
        remote_addr=addr,
        user_agent=agent,
    )


TOKEN_PREFIX = "tbn_"  # noqa: S105 (a marker, not a secret)


@transaction.atomic
def create_api_token(*, user: User, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw token is returned once and never stored."""
    if not user.is_active or (not user.role and not user.is_superuser):
        raise PermissionDenied()
    name = name.strip()
    if not name:
        raise ValidationError(_(MSG_TOKEN_NAME), field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise PermissionDenied()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str) -> User | None:
    """The active owner of an active token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
