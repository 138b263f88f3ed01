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


def test_pages_speak_chinese(client):
    call_command("seed_demo")
    creator = User.objects.get(email="creator@demo.sweetspot")
    client.force_login(creator)
    chinese = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}  # she follows her browser's language

    month = client.get(reverse("calendar_app:month"), **chinese).content.decode()
    board = client.get(reverse("calendar_app:board"), **chinese).content.decode()
    plan = client.get(reverse("calendar_app:plan"), **chinese).content.decode()

    assert "内容层次分布" in month and "快速添加" in month
    assert "流程看板" in board
    assert "12 个月计划" in plan


def test_the_series_horizon_is_rolled_daily():
    from django.conf import settings

    task = settings.CELERY_BEAT_SCHEDULE["extend-series-horizons"]["task"]
    assert task == "calendar_app.tasks.extend_series_horizons"
