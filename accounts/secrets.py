"""Credentials stored for a creator (connector API keys and tokens): encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256) keyed by `CONNECTOR_SECRET_KEY` from the environment;
several keys separated by commas rotate (the first encrypts, all decrypt). Only the last four
characters are ever shown back.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MASK = "••••"


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.CONNECTOR_SECRET_KEY.split(",") if key.strip()]
    if not keys:
        raise ImproperlyConfigured("CONNECTOR_SECRET_KEY is not set.")
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    """The plain secret, or '' when there is none or it cannot be read with today's keys."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return ""


def masked(hint: str) -> str:
    return f"{MASK}{hint}" if hint else ""


def hint_of(plain: str) -> str:
    """What may be shown of a secret: its last four characters, and only of a long one."""
    return plain[-4:] if len(plain) >= 12 else ""
