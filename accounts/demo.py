"""The demo logins that `seed_demo` creates; the home page offers them while they exist."""

DEMO_PASSWORD = "sweetspot-demo"
CREATOR_EMAIL = "creator@demo.sweetspot"
COACH_EMAIL = "coach@demo.sweetspot"


def demo_logins() -> list[dict[str, str]]:
    """The seeded demo accounts that can log in (none on a site without the demo)."""
    from .models import User

    present = set(
        User.objects.filter(email__in=[CREATOR_EMAIL, COACH_EMAIL], is_active=True).values_list(
            "email", flat=True
        )
    )
    return [
        {"role": role, "email": email, "password": DEMO_PASSWORD}
        for role, email in (("creator", CREATOR_EMAIL), ("coach", COACH_EMAIL))
        if email in present
    ]
