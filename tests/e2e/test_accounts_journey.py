import pytest

from accounts.models import CoachInvitation, User
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_and_switch_the_interface_to_chinese(page):
    page.goto("/accounts/signup/")
    page.fill("#id_email", "journey@example.com")
    page.fill("#id_display_name", "旅程 Journey")
    page.select_option("#id_timezone", "Asia/Shanghai")
    page.fill("#id_password1", "a-long-unusual-passphrase-77")
    page.fill("#id_password2", "a-long-unusual-passphrase-77")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Hello, 旅程 Journey"

    page.select_option("#language-select", "zh-hans")
    page.wait_for_load_state("networkidle")

    assert "你好" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert User.objects.get(email="journey@example.com").language == "zh-hans"


def test_a_coach_accepts_an_invitation_in_the_browser(page):
    creator = UserFactory(email="maker@example.com", display_name="Maker")
    UserFactory(email="mentor@example.com", display_name="Mentor")
    CoachInvitation.objects.create(creator=creator, coach_email="mentor@example.com")

    login(page, "mentor@example.com", PASSWORD)
    page.get_by_role("button", name="Accept").first.click()
    page.wait_for_load_state("networkidle")
    page.goto("/coaching/")
    page.get_by_role("link", name="Maker").click()

    assert "Coaching Maker" in page.locator("h1").inner_text()
