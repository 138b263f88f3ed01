"""Reads for accounts, always scoped to the user asking."""

from django.db.models import QuerySet
from django.http import Http404

from .models import CoachInvitation, PersonalAccessToken, User


def invitations_for(user: User) -> QuerySet[CoachInvitation]:
    return CoachInvitation.objects.involving(user).select_related("creator", "coach")


def get_invitation_for(user: User, pk: int) -> CoachInvitation:
    invitation = invitations_for(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def mentees_of(coach: User) -> QuerySet[User]:
    return User.objects.filter(
        coach_invitations__coach=coach, coach_invitations__status=CoachInvitation.Status.ACTIVE
    ).distinct()


def get_mentee_for(coach: User, mentee_id: int) -> User:
    """The creator `mentee_id` if `coach` holds an active link to them, else 404."""
    mentee = mentees_of(coach).filter(pk=mentee_id).first()
    if mentee is None:
        raise Http404
    return mentee


def readable_creator_ids(user: User) -> list[int]:
    """Creators whose objects `user` may read: themselves and their active mentees."""
    return [user.pk, *mentees_of(user).values_list("pk", flat=True)]


def tokens_for(user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user)


def get_token_for(user: User, pk: int) -> PersonalAccessToken:
    token = tokens_for(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token
