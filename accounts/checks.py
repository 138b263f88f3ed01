"""System checks for settings a deployment must get right."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def connector_secret_key(app_configs, **kwargs) -> list[Error]:
    """Connector credentials are encrypted with CONNECTOR_SECRET_KEY: production needs its own."""
    keys = [key.strip() for key in settings.CONNECTOR_SECRET_KEY.split(",") if key.strip()]
    hint = (
        'Generate one with: python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"'
    )
    if not keys or settings.DEV_CONNECTOR_SECRET_KEY in keys:
        return [
            Error(
                "CONNECTOR_SECRET_KEY is not set (the development key is in use).",
                hint=hint,
                id="sweetspot.E001",
            )
        ]
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            return [
                Error(
                    "CONNECTOR_SECRET_KEY is not a valid Fernet key.",
                    hint=hint,
                    id="sweetspot.E002",
                )
            ]
    return []
