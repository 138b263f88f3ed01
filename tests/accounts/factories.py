import factory
from django.utils import timezone

from accounts.models import CoachInvitation, User

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"creator{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Creator {n}")
    # Accounts in tests have confirmed their address unless a test says otherwise.
    email_verified_at = factory.LazyFunction(timezone.now)
    timezone = "Asia/Shanghai"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CoachInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachInvitation

    creator = factory.SubFactory(UserFactory)
    coach = factory.SubFactory(UserFactory)
    coach_email = factory.LazyAttribute(lambda o: o.coach.email if o.coach else "coach@example.com")
    status = CoachInvitation.Status.ACTIVE
    accepted_at = factory.LazyFunction(timezone.now)
