from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .mail import send_email
from .models import CoachInvitation, User
from .queue import MUST_HAPPEN, relay_and_prune
from .tokens import tokens_purge_stale


@shared_task(bind=True, **MUST_HAPPEN)
def send_invitation_email(self, invitation_id: int) -> bool:
    from .services import invitation_link_token

    invitation = (
        CoachInvitation.objects.select_related("creator")
        .filter(pk=invitation_id, status=CoachInvitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        return False
    link = settings.SITE_URL + reverse(
        "accounts:invitation_link", args=[invitation_link_token(invitation)]
    )
    with translation.override(invitation.creator.language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_email(subject=subject, body=body, to=[invitation.coach_email])
    return True


@shared_task(bind=True, **MUST_HAPPEN)
def send_verification_email(self, user_id: int) -> bool:
    from .verification import verification_path_args

    user = User.objects.filter(pk=user_id, is_active=True, email_verified_at__isnull=True).first()
    if user is None:
        return False
    link = settings.SITE_URL + reverse("accounts:verify_email", args=verification_path_args(user))
    with translation.override(user.language):
        context = {"user": user, "link": link}
        subject = render_to_string("accounts/email/verify_subject.txt", context)
        body = render_to_string("accounts/email/verify_body.txt", context)
    send_email(subject=subject, body=body, to=[user.email])
    return True


@shared_task
def purge_stale_tokens() -> int:
    """Personal and OAuth tokens long revoked or expired go (beat)."""
    return tokens_purge_stale()


@shared_task
def ping(value: str) -> str:
    return f"pong:{value}"


@shared_task(bind=True, **MUST_HAPPEN)
def deliver_notification_emails(self, now: str | None = None) -> int:
    """Email the notifications that are due (new ones, or quiet hours over); `now` for tests."""
    from datetime import datetime

    from .notifications import notification_emails_deliver

    return notification_emails_deliver(now=datetime.fromisoformat(now) if now else timezone.now())


@shared_task
def relay_outbox() -> int:
    """Send the tasks that could not reach the broker when they were written (beat)."""
    return relay_and_prune()
