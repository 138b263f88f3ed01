import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from calendar_app.models import Channel, ContentItem, PlanPhase, Series

pytestmark = pytest.mark.django_db


def test_demo_seed_is_complete_and_idempotent(client):
    call_command("seed_demo")
    counts = (
        Channel.objects.count(),
        ContentItem.objects.count(),
        Series.objects.count(),
        PlanPhase.objects.count(),
    )
    call_command("seed_demo")

    assert counts == (
        Channel.objects.count(),
        ContentItem.objects.count(),
        Series.objects.count(),
        PlanPhase.objects.count(),
    )
    assert {c.platform for c in Channel.objects.all()} == {
        "blog",
        "zhihu",
        "github",
        "bilibili",
        "wechat",
    }
    assert set(ContentItem.objects.values_list("status", flat=True)) == set(
        ContentItem.Status.values
    )
    assert ContentItem.objects.filter(repurposed_from__isnull=False).count() == 2
    assert counts[3] == 4
    client.force_login(User.objects.get(email="creator@demo.sweetspot"))
    for name in ("month", "week", "board", "backlog", "item_list", "plan", "series", "channels"):
        assert client.get(reverse(f"calendar_app:{name}")).status_code == 200
    item = ContentItem.objects.filter(
        repurposed_from__isnull=True, derivatives__isnull=False
    ).first()
    page = client.get(reverse("calendar_app:item_detail", args=[item.pk]))
    assert "KV Cache" in page.content.decode()
