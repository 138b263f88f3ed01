"""Email verification with Django's own token machinery (no extra dependency).

The token hashes the address and the verified flag, so a link stops working once it has
been used or the address has changed, and expires like a password-reset link
(`PASSWORD_RESET_TIMEOUT`).
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "sweetspot.accounts.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.email_verified_at}{timestamp}"


verification_tokens = EmailVerificationTokenGenerator()


def verification_path_args(user: User) -> list[str]:
    return [urlsafe_base64_encode(force_bytes(user.pk)), verification_tokens.make_token(user)]


def user_from_verification(uidb64: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not verification_tokens.check_token(user, token):
        return None
    return user
