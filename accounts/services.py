"""Writes for accounts: users, coaching links and comments."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .builtin import message
from .mail import send_email
from .models import CoachInvitation, Comment, Notification, User, normalize_email
from .queue import enqueue
from .verification import verification_path_args

INVITATION_SALT = "sweetspot.coach-invitation"


def user_sign_up(
    *, email: str, password: str, display_name: str, timezone: str, language: str
) -> User:
    return User.objects.create_user(
        email, password, display_name=display_name, timezone=timezone, language=language
    )


def user_settings_update(*, user: User, **changes: object) -> User:
    """Save the user's own settings (profile, reminders, language): field name -> value."""
    for name, value in changes.items():
        setattr(user, name, value)
    user.save(update_fields=list(changes))
    return user


def email_verification_send(*, user: User) -> None:
    """Email `user` a link that proves they own their address (after commit)."""
    if user.email_verified_at is None:
        enqueue("accounts.tasks.send_verification_email", user.pk)


def email_verification_deliver(*, user_id: int) -> bool:
    """Email the verification link to a user still unverified; False when there is none."""
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


def email_verify(*, user: User) -> User:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def invitation_link_token(invitation: CoachInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT)


def invitation_from_link_token(token: str, *, max_age_days: int) -> CoachInvitation | None:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None
    return CoachInvitation.objects.select_related("creator").filter(pk=data["invitation"]).first()


def invitation_email_send(*, invitation_id: int) -> bool:
    """Email the coach a pending invitation's link; False when it is no longer pending."""
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


def invitation_create(*, creator: User, coach_email: str) -> CoachInvitation:
    coach_email = normalize_email(coach_email)
    if coach_email == creator.email:
        raise ValidationError({"coach_email": _("You cannot invite yourself as your coach.")})
    try:
        with transaction.atomic():
            invitation = CoachInvitation.objects.create(creator=creator, coach_email=coach_email)
    except IntegrityError:
        raise ValidationError(
            {"coach_email": _("This coach already has an open invitation from you.")}
        ) from None
    enqueue("accounts.tasks.send_invitation_email", invitation.pk)
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: CoachInvitation, user: User, via_link: bool = False
) -> CoachInvitation:
    """Accept as `user`: whoever opens the emailed link, or the invited address once verified.

    An address alone proves nothing (anyone can sign up with it): without the link, the
    account must have verified that it owns the invited address.
    """
    invitation = CoachInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != CoachInvitation.Status.PENDING:
        raise ValidationError(_("This invitation is no longer open."))
    if invitation.creator_id == user.pk:
        raise ValidationError(_("You cannot coach yourself."))
    if not via_link and invitation.coach_email != user.email:
        raise ValidationError(_("This invitation was sent to another address."))
    if not via_link and user.email_verified_at is None:
        raise ValidationError(
            _(
                "Verify your email address to accept this invitation, or open the link in "
                "the invitation email."
            ),
            code="unverified",
        )
    if CoachInvitation.objects.active().filter(creator=invitation.creator, coach=user).exists():
        raise ValidationError(_("You already coach this creator."))
    invitation.coach = user
    invitation.status = CoachInvitation.Status.ACTIVE
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["coach", "status", "accepted_at"])
    return invitation


@transaction.atomic
def invitation_end(*, invitation: CoachInvitation, user: User) -> CoachInvitation:
    invitation = CoachInvitation.objects.select_for_update().get(pk=invitation.pk)
    if user.pk not in (invitation.creator_id, invitation.coach_id) and not (
        invitation.coach_id is None and invitation.coach_email == user.email
    ):
        raise ValidationError(_("Only the creator or the coach can end this link."))
    if invitation.status != CoachInvitation.Status.ENDED:
        invitation.status = CoachInvitation.Status.ENDED
        invitation.ended_at = timezone.now()
        invitation.save(update_fields=["status", "ended_at"])
    return invitation


@transaction.atomic
def comment_create(*, author: User, target, body: str) -> Comment:
    """Comment on a creator-owned object; the caller has checked that `author` may see it.

    A comment by someone else (a coach) notifies the creator.
    """
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("A comment cannot be empty.")})
    comment = Comment.objects.create(
        creator_id=target.creator_id, author=author, target=target, body=body
    )
    if author.pk != target.creator_id:
        _notify_comment(comment=comment, author=author, target=target)
    return comment


def comment_delete(*, comment: Comment) -> None:
    comment.delete()


def _notify_comment(*, comment: Comment, author: User, target) -> None:
    from .notifications import NotificationSpec, notify

    creator = User.objects.get(pk=target.creator_id)
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    spec = NotificationSpec.built(
        recipient=creator,
        kind=Notification.Kind.COMMENT,
        key=f"comment:{comment.pk}",
        title=message(
            gettext_noop("%(author)s commented on “%(target)s”"),
            author=str(author),
            target=target.as_message() if hasattr(target, "as_message") else str(target)[:120],
        ),
        body=comment.body[:1000],
        url=url,
    )
    notify(spec=spec, now=comment.created_at)
