"""The month and week calendars, the pipeline board, the idea backlog and the item list.

Each calendar and board page serves the creator's own plan, or, under
`mentees/<id>/`, an invited coach's read-only view of a mentee's plan.
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.bounds import ascii_int, in_range
from accounts.formatting import date_short
from accounts.models import User
from accounts.rendering import render_page
from accounts.selectors import get_mentee_for

from .. import selectors
from ..forms import QuickAddForm, StatusForm
from ..models import ContentItem
from ..tiles import day_pattern

LIST_PAGE_SIZE = 50


def _scope(request: HttpRequest, mentee_id: int | None) -> tuple[User, bool]:
    """The creator whose plan is shown and whether the viewer may change it."""
    if mentee_id is None:
        return request.user, False
    return get_mentee_for(request.user, mentee_id), True


def _url(name: str, mentee_id: int | None) -> str:
    if name == "day":
        return day_pattern(mentee_id)
    if mentee_id is None:
        return reverse(f"calendar_app:{name}")
    return reverse(f"calendar_app:mentee_{name}", args=[mentee_id])


def _parse_month(value: str, fallback: date) -> date:
    try:
        parsed = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return fallback.replace(day=1)
    return parsed if 1900 <= parsed.year <= 9000 else fallback.replace(day=1)


def _parse_day(value: str, fallback: date) -> date:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return fallback
    return parsed if 1900 <= parsed.year <= 9000 else fallback


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _calendar_context(
    request: HttpRequest, creator: User, readonly: bool, page, mentee_id: int | None
) -> dict:
    return {
        "creator": creator,
        "readonly": readonly,
        "page": page,
        "day_pattern": day_pattern(mentee_id),
        "status_form": StatusForm(),
        "quick_add": None if readonly else QuickAddForm(creator=creator),
        "weekday_names": [page.weeks[0].days[i].date for i in range(7)],
    }


@login_required
@require_GET
def month(request: HttpRequest, mentee_id: int | None = None) -> HttpResponse:
    creator, readonly = _scope(request, mentee_id)
    timezone.activate(creator.tzinfo)
    first = _parse_month(request.GET.get("month", ""), creator.local_today())
    page = selectors.month_page(creator, first.year, first.month)
    base = _url("month", mentee_id)
    context = _calendar_context(request, creator, readonly, page, mentee_id)
    context.update(
        first=first,
        self_url=f"{base}?month={first:%Y-%m}",
        prev_url=f"{base}?month={_shift_month(first, -1):%Y-%m}",
        next_url=f"{base}?month={_shift_month(first, 1):%Y-%m}",
        today_url=base,
        week_url=_url("week", mentee_id),
        board_url=_url("board", mentee_id),
        view="month",
    )
    return render_page(request, "calendar_app/calendar_month.html", context, "calendar")


@login_required
@require_GET
def week(request: HttpRequest, mentee_id: int | None = None) -> HttpResponse:
    creator, readonly = _scope(request, mentee_id)
    timezone.activate(creator.tzinfo)
    monday = selectors.week_start(_parse_day(request.GET.get("week", ""), creator.local_today()))
    page = selectors.week_page(creator, monday)
    base = _url("week", mentee_id)
    context = _calendar_context(request, creator, readonly, page, mentee_id)
    context.update(
        monday=monday,
        week_title=f"{date_short(monday)} \u2013 {date_short(monday + timedelta(days=6))}",
        self_url=f"{base}?week={monday:%Y-%m-%d}",
        prev_url=f"{base}?week={monday - timedelta(days=7):%Y-%m-%d}",
        next_url=f"{base}?week={monday + timedelta(days=7):%Y-%m-%d}",
        today_url=base,
        month_url=f"{_url('month', mentee_id)}?month={monday:%Y-%m}",
        board_url=_url("board", mentee_id),
        view="week",
    )
    return render_page(request, "calendar_app/calendar_week.html", context, "calendar")


@login_required
@require_GET
def day(request: HttpRequest, day: str, mentee_id: int | None = None) -> HttpResponse:
    """Every piece of one day: the page "+N more" opens without JavaScript, or, for htmx,
    the tiles after the first `skip` (those the calendar cell already shows)."""
    creator, readonly = _scope(request, mentee_id)
    timezone.activate(creator.tzinfo)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if not in_range(when):
        raise Http404
    items = selectors.day_entries(creator, when)
    skip = ascii_int(request.GET.get("skip", "0")) or 0
    base = _url("day", mentee_id).replace("2000-01-01", "")
    context = {
        "creator": creator,
        "readonly": readonly,
        "day": when,
        "items": items[skip:] if request.htmx else items,
        "self_url": f"{base}{when.isoformat()}/",
        "week_url": f"{_url('week', mentee_id)}?week={when.isoformat()}",
        "month_url": f"{_url('month', mentee_id)}?month={when:%Y-%m}",
    }
    return render_page(request, "calendar_app/calendar_day.html", context, "tiles")


@login_required
@require_GET
def board(request: HttpRequest, mentee_id: int | None = None) -> HttpResponse:
    creator, readonly = _scope(request, mentee_id)
    timezone.activate(creator.tzinfo)
    include_archived = request.GET.get("archived") == "1"
    context = {
        "creator": creator,
        "readonly": readonly,
        "columns": selectors.board(creator, include_archived=include_archived),
        "include_archived": include_archived,
        "statuses": ContentItem.Status.choices,
        "self_url": _url("board", mentee_id) + ("?archived=1" if include_archived else ""),
        "board_url": _url("board", mentee_id),
        "month_url": _url("month", mentee_id),
    }
    return render_page(request, "calendar_app/board.html", context, "board")


@login_required
def backlog(request: HttpRequest) -> HttpResponse:
    ideas = Paginator(selectors.backlog(request.user), LIST_PAGE_SIZE)
    context = {
        "page_obj": ideas.get_page(request.GET.get("page")),
        "quick_add": QuickAddForm(creator=request.user, initial={"day": None}),
    }
    return render(request, "calendar_app/backlog.html", context)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    form, items = selectors.search_items(request.user, request.GET)
    page_obj = Paginator(items, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page_obj, "query": query.urlencode()}
    return render_page(request, "calendar_app/item_list.html", context, "results")
