from datetime import datetime

from celery import shared_task
from django.utils import timezone

from . import services
from .notifications import notification_emails_deliver
from .queue import MUST_HAPPEN, relay_and_prune
from .tokens import tokens_purge_stale


@shared_task(name="accounts.tasks.send_invitation_email", bind=True, **MUST_HAPPEN)
def send_invitation_email(self, invitation_id: int) -> bool:
    return services.invitation_email_send(invitation_id=invitation_id)


@shared_task(name="accounts.tasks.send_verification_email", bind=True, **MUST_HAPPEN)
def send_verification_email(self, user_id: int) -> bool:
    return services.email_verification_deliver(user_id=user_id)


@shared_task(name="accounts.tasks.purge_stale_tokens")
def purge_stale_tokens() -> int:
    """Personal and OAuth tokens long revoked or expired go (beat)."""
    return tokens_purge_stale()


@shared_task(name="accounts.tasks.ping")
def ping(value: str) -> str:
    return f"pong:{value}"


@shared_task(name="accounts.tasks.deliver_notification_emails", bind=True, **MUST_HAPPEN)
def deliver_notification_emails(self, now: str | None = None) -> int:
    """Email the notifications that are due (new ones, or quiet hours over); `now` for tests."""
    return notification_emails_deliver(now=datetime.fromisoformat(now) if now else timezone.now())


@shared_task(name="accounts.tasks.relay_outbox")
def relay_outbox() -> int:
    """Send the tasks that could not reach the broker when they were written (beat)."""
    return relay_and_prune()
