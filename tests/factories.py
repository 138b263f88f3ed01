"""Shared imports: the account factories live in tests/accounts/factories.py."""

from tests.accounts.factories import PASSWORD, CoachInvitationFactory, UserFactory

__all__ = ["PASSWORD", "CoachInvitationFactory", "UserFactory"]
