"""Seed a demo creator and a demo coach linked to them, with a little data in every app.

Safe to run again: it updates what is there instead of duplicating it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.demo import COACH_EMAIL, CREATOR_EMAIL, DEMO_PASSWORD
from accounts.models import CoachInvitation, User
from analytics import demo as analytics_demo
from calendar_app import demo as calendar_demo
from positioning import demo as positioning_demo


class Command(BaseCommand):
    help = "Create or refresh the demo creator and coach."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        creator = self._user(CREATOR_EMAIL, "林晓 Lin Xiao", "Asia/Shanghai", "zh-hans", 1)
        if creator.last_login is None:  # she follows the browser's language until she picks
            User.objects.filter(pk=creator.pk).update(language_chosen=False)
        coach = self._user(COACH_EMAIL, "Coach Alex", "America/Los_Angeles", "en", 1)
        link = CoachInvitation.objects.filter(creator=creator, coach=coach).first()
        if link is None or link.status == CoachInvitation.Status.ENDED:
            CoachInvitation.objects.create(
                creator=creator,
                coach=coach,
                coach_email=coach.email,
                status=CoachInvitation.Status.ACTIVE,
                accepted_at=timezone.now(),
            )
        for app_seed in (positioning_demo.seed, calendar_demo.seed, analytics_demo.seed):
            app_seed(creator=creator, coach=coach)
        self.stdout.write(self.style.SUCCESS("Demo creator and coach are ready."))

    def _user(self, email: str, name: str, tz: str, language: str, target: int) -> User:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "timezone": tz,
                "language": language,
                "weekly_target": target,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        return user
