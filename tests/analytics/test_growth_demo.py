import pytest
from django.core.management import call_command

from accounts.models import User
from analytics.models import ChannelGrowth, GrowthSummary, MetricSnapshot

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_90_days_of_numbers_once_and_computes_them():
    call_command("seed_demo")
    first = MetricSnapshot.objects.count()
    call_command("seed_demo")

    creator = User.objects.get(email="creator@demo.sweetspot")
    assert MetricSnapshot.objects.count() == first
    assert (
        MetricSnapshot.objects.filter(content_item=None).values("captured_on").distinct().count()
        == 90
    )
    assert ChannelGrowth.objects.filter(creator=creator, channel=None).get().followers > 0
    summary = GrowthSummary.objects.get(creator=creator)
    assert summary.engagement_rate and summary.last_published_on
