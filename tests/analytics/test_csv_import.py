from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from analytics.growth.csv_import import parse_snapshots_csv
from analytics.models import MetricSnapshot
from tests.analytics.factories import ChannelFactory, ContentItemFactory

pytestmark = pytest.mark.django_db

HEADER = "channel,content_item,captured_at,followers,views,likes,comments,shares,saves\n"
IMPORT_API = "/api/v1/metric-snapshots/import/"


@pytest.fixture
def blog(owner):
    return ChannelFactory(creator=owner, name="博客")


@pytest.fixture
def piece(owner, blog):
    return ContentItemFactory(creator=owner, channel=blog, title="CUDA 优化")


def _upload(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("numbers.csv", text.encode(encoding), content_type="text/csv")


@pytest.mark.parametrize(
    ("body", "line", "column", "fragment"),
    [
        ("博客,,2025-13-01,10,,,,,\n", 2, "captured_at", "not a date"),
        ("博客,,yesterday,10,,,,,\n", 2, "captured_at", "not a date"),
        ("博客,,2025-03-01,-5,,,,,\n", 2, "followers", "negative"),
        ("博客,,2025-03-01,ten,,,,,\n", 2, "followers", "whole number"),
        ("播客,,2025-03-01,10,,,,,\n", 2, "channel", "Unknown channel"),
        (",,2025-03-01,10,,,,,\n", 2, "channel", "required"),
        ("博客,没有这篇,2025-03-01,,10,,,,\n", 2, "content_item", "Unknown content item"),
        ("博客,,2025-03-01,,,,,,\n", 2, "followers", "at least one number"),
        ("博客,,2999-03-01,10,,,,,\n", 2, "captured_at", "future"),
        ("博客,,2025-03-01,10\n", 2, "", "Expected 9 fields"),
        ("博客,,2025-03-01,10,,,,,\n博客,,2025-03-01,11,,,,,\n", 3, "captured_at", "line 2"),
        ("博客,,2025-03-01,10,,,,,\n博客,,2025-03-02,x,,,,,\n", 3, "followers", "whole number"),
    ],
)
def test_every_bad_row_is_reported_with_line_and_column_and_nothing_is_saved(
    owner_api, blog, piece, body, line, column, fragment
):
    response = owner_api.post(IMPORT_API, {"file": _upload(HEADER + body)}, format="multipart")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"line": line, "column": column} in [
        {"line": e["line"], "column": e["column"]} for e in errors
    ]
    assert any(fragment in e["message"] for e in errors), errors
    assert MetricSnapshot.objects.count() == 0


@pytest.mark.parametrize(
    ("header", "column", "fragment"),
    [
        ("channel,captured_at,followers,fans\n", "fans", "Unknown column"),
        ("channel,followers\n", "captured_at", "Missing column"),
        ("channel,captured_at,followers,followers\n", "followers", "twice"),
    ],
)
def test_a_wrong_header_is_reported_on_line_one(owner_api, blog, header, column, fragment):
    response = owner_api.post(
        IMPORT_API, {"file": _upload(header + "博客,2025-03-01,10,1\n")}, format="multipart"
    )

    errors = response.json()["errors"]
    assert response.status_code == 400
    assert any(
        e["line"] == 1 and e["column"] == column and fragment in e["message"] for e in errors
    )
    assert MetricSnapshot.objects.count() == 0


def test_all_errors_of_a_file_are_reported_at_once(owner, blog):
    parsed = parse_snapshots_csv(
        (HEADER + "博客,,2025-03-01,10,,,,,\n播客,,bad,-1,,,,,\n").encode(), creator=owner
    )

    assert [(e["line"], e["column"]) for e in parsed.errors] == [
        (3, "channel"),
        (3, "captured_at"),
        (3, "followers"),
    ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (HEADER.encode(), "no rows"),
        (b"\xff\xfe\x00\x00garbage\x81", "not UTF-8"),
        (b'channel,captured_at,followers\n"unclosed,2025-03-01,1\n', ""),
    ],
)
def test_unreadable_files_are_errors_too(owner, blog, data, fragment):
    parsed = parse_snapshots_csv(data, creator=owner)

    assert parsed.errors and not parsed.rows
    assert fragment in parsed.errors[0]["message"]


def test_an_ambiguous_channel_name_asks_for_the_id(owner, blog):
    ChannelFactory(creator=owner, name="博客")

    parsed = parse_snapshots_csv((HEADER + "博客,,2025-03-01,1,,,,,\n").encode(), creator=owner)

    assert parsed.errors[0]["column"] == "channel" and "use the id" in parsed.errors[0]["message"]


def test_another_creators_channel_is_unknown(owner, other_creator):
    theirs = ChannelFactory(creator=other_creator, name="他们的")

    parsed = parse_snapshots_csv(
        (HEADER + f"{theirs.pk},,2025-03-01,1,,,,,\n他们的,,2025-03-01,1,,,,,\n").encode(),
        creator=owner,
    )

    assert [e["column"] for e in parsed.errors] == ["channel", "channel"]


def test_a_good_file_imports_and_a_second_import_updates_instead_of_doubling(
    owner_api, owner, blog, piece
):
    text = (
        HEADER
        + "博客,,2025-03-01,1200,,,,,\n"
        + f"{blog.pk},CUDA 优化,2025-03-01T20:00:00+08:00,,3400,120,18,9,64\n"
    )

    first = owner_api.post(IMPORT_API, {"file": _upload(text)}, format="multipart")
    again = owner_api.post(
        IMPORT_API, {"file": _upload(text.replace("1200", "1300"))}, format="multipart"
    )

    assert first.status_code == 201 and first.json() == {"created": 2, "updated": 0}
    assert again.json() == {"created": 0, "updated": 2}
    assert MetricSnapshot.objects.count() == 2
    channel_row = MetricSnapshot.objects.get(content_item=None)
    assert channel_row.followers == 1300
    assert channel_row.captured_at == datetime(2025, 2, 28, 16, tzinfo=UTC)  # Shanghai midnight
    item_row = MetricSnapshot.objects.get(content_item=piece)
    assert (item_row.views, item_row.saves) == (3400, 64)


def test_gb18030_and_excel_bom_files_are_read(owner, blog):
    for data in (
        (HEADER + "博客,,2025/03/01,1,,,,,\n").encode("gb18030"),
        ("\ufeff" + HEADER + "博客,,2025-03-01,1,,,,,\n").encode(),
    ):
        parsed = parse_snapshots_csv(data, creator=owner)
        assert not parsed.errors and len(parsed.rows) == 1


def test_dry_run_counts_without_saving(owner_api, blog):
    response = owner_api.post(
        IMPORT_API + "?dry_run=1",
        {"file": _upload(HEADER + "博客,,2025-03-01,1,,,,,\n")},
        format="multipart",
    )

    assert response.json() == {"created": 1, "updated": 0}
    assert MetricSnapshot.objects.count() == 0


def test_the_page_previews_before_saving_then_confirms(owner_client, owner, blog):
    MetricSnapshot.objects.create(
        creator=owner,
        channel=blog,
        captured_at=datetime(2025, 2, 28, 16, tzinfo=UTC),
        captured_on="2025-03-01",
        followers=5,
    )
    preview = owner_client.post(
        reverse("analytics:growth_import"),
        {"file": _upload(HEADER + "博客,,2025-03-01,10,,,,,\n博客,,2025-03-02,12,,,,,\n")},
    )

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 rows: 1 new, 1 will update" in html
    assert MetricSnapshot.objects.get().followers == 5
    token = preview.context["token"]

    done = owner_client.post(reverse("analytics:growth_import_confirm"), {"token": token})

    assert done.status_code == 302
    assert sorted(MetricSnapshot.objects.values_list("followers", flat=True)) == [10, 12]
    replay = owner_client.post(reverse("analytics:growth_import_confirm"), {"token": token})
    assert replay.url == reverse("analytics:growth_import")


def test_the_page_lists_errors_and_saves_nothing(owner_client, blog):
    response = owner_client.post(
        reverse("analytics:growth_import"), {"file": _upload(HEADER + "博客,,2025-03-01,-1,,,,,\n")}
    )

    html = response.content.decode()
    assert "nothing was saved" in html and "negative" in html
    assert "token" not in response.context
    assert MetricSnapshot.objects.count() == 0


def test_the_confirm_step_rechecks_ownership(owner_client, owner, blog):
    owner_client.post(
        reverse("analytics:growth_import"), {"file": _upload(HEADER + "博客,,2025-03-01,1,,,,,\n")}
    )
    token = owner_client.session["growth_import"]["token"]
    blog.delete()

    response = owner_client.post(reverse("analytics:growth_import_confirm"), {"token": token})

    assert response.status_code == 302
    assert MetricSnapshot.objects.count() == 0


def test_the_csv_template_downloads_and_imports(owner_client, owner):
    owner.language = "zh-hans"
    owner.save(update_fields=["language"])
    response = owner_client.get(reverse("analytics:growth_import_template"))

    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER.strip()
    blog = ChannelFactory(creator=owner, name="我的博客")
    ContentItemFactory(creator=owner, channel=blog, title="CUDA 性能优化实战")
    parsed = parse_snapshots_csv(response.content, creator=owner)
    assert not parsed.errors and len(parsed.rows) == 2
    # Its example rows are current: dated today in the reader's zone.
    assert text.count(f",{timezone.localdate().isoformat()},") == 2


def test_the_csv_template_speaks_the_readers_language(owner_client, owner):
    text = owner_client.get(reverse("analytics:growth_import_template")).content.decode()

    assert "My blog" in text and "我的博客" not in text
