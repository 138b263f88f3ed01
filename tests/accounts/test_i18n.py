import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_language_switch_sticks_to_the_user(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:set_language"), {"language": "zh-hans", "next": "/"}
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.language == "zh-hans"
    fresh = Client()  # another browser, no language cookie
    fresh.force_login(owner)
    page = fresh.get(reverse("accounts:dashboard")).content.decode()
    assert "仪表盘" in page
    assert 'lang="zh-hans"' in page


def test_anonymous_visitors_can_switch_language(client):
    client.post(reverse("accounts:set_language"), {"language": "zh-hans", "next": "/"})

    assert "登录" in client.get(reverse("accounts:login")).content.decode()


def test_unknown_language_is_ignored(owner_client, owner):
    owner_client.post(reverse("accounts:set_language"), {"language": "klingon"})

    owner.refresh_from_db()
    assert owner.language == "en"


def test_language_switch_does_not_redirect_off_site(owner_client):
    response = owner_client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="needs GNU gettext")
def test_every_string_has_a_chinese_translation(tmp_path):
    """Regenerate the catalogue from the code and require every entry translated."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "staticfiles", "node_modules", "*.pyc"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
    )
    po = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    if "untranslated" in stats or "fuzzy" in stats:
        listing = subprocess.run(
            ["msgattrib", "--untranslated", "--only-fuzzy", "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
        ).stdout
        untranslated = subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
        ).stdout
        pytest.fail(f"{stats}\n{untranslated}\n{listing}")
    assert "translated message" in stats
