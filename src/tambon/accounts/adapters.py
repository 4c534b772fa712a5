from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from tambon.accounts.middleware import mfa_required
from tambon.core import crypto


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """People are invited by an officer; nobody signs themselves up."""
        return False


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Roles that must use TOTP cannot switch it off (they may set up a new one)."""
        if authenticator.type == Authenticator.Type.TOTP and mfa_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery-code seeds are stored encrypted with the field keys."""
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        # A secret saved before encryption was switched on is still plaintext until
        # `manage.py rotate_field_keys` encrypts it; a Fernet token is never a valid secret.
        if not crypto.looks_encrypted(encrypted_text):
            return encrypted_text
        return crypto.decrypt(encrypted_text)
