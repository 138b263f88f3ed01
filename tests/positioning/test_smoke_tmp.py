import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_pages_render(client):
    call_command("seed_demo")
    creator = User.objects.get(email="creator@demo.sweetspot")
    coach = User.objects.get(email="coach@demo.sweetspot")
    client.force_login(creator)
    for url in ["/", "/positioning/", "/positioning/skills/", "/positioning/interests/", "/positioning/topics/",
                "/positioning/market/", "/positioning/options/", "/positioning/loop/", "/positioning/plan/",
                "/positioning/market/funnels/", "/positioning/loop/radar/"]:
        r = client.get(url)
        assert r.status_code == 200, url
        open(f"/tmp/page_{url.strip('/').replace('/', '_') or 'root'}.html", "w").write(r.content.decode())
    client.force_login(coach)
    r = client.get(f"/positioning/mentees/{creator.pk}/")
    assert r.status_code == 200
    open("/tmp/page_mentee.html", "w").write(r.content.decode())
