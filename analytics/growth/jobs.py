"""The growth job: set-based SQL from recorded numbers to the computed growth tables.

Every statement reads whole sets (aggregates, GROUPING SETS, window functions) and writes
with `INSERT ... ON CONFLICT DO UPDATE`, changing a row only when its values differ, then
deletes the rows its sources no longer produce. Running it twice gives the same rows.
No Python loop ever touches a snapshot.

What is measured (METHOD.md section 4):
- Followers come from channel snapshots (no content item). A channel's point for an ISO
  week is the last count captured in it; a week without numbers carries the last count.
  Relative to the week of the creator's latest numbers, `delta_week` is the change since
  the end of the previous week and `delta_month` the change over four weeks (since the end
  of the week four weeks back); growth rates divide by that earlier count. The total sums
  the channels (a channel without an earlier count adds nothing to the earlier total).
- A piece's numbers are its latest snapshot; engagement rate = (likes + comments + shares +
  saves) / views, per piece and summed per channel, layer (its topic's), format and month
  published.
- Cadence: published pieces (status published or archived, by `published_at` in the
  creator's time zone) per day; per week the average of the 12 weeks before this one; the
  streak is the run of consecutive weeks meeting `weekly_target`, ending this week if it
  is met already, else last week.
- Goals: each plan phase runs from `plan_start` + (start_month - 1) months to the end of
  its end_month. Follower forecast: the day the total reaches the target at the rate of
  the last four weeks (the last week for younger accounts); output forecast: at the
  average weekly output.
- Time allocation: monthly hours T (every activity) and t1, t2, t3 (creation, promotion,
  monetisation) give the gains (t_i / T) k_i with the creator's k's.
- Personal-IP index: the measured values are defined in `analytics.metrics.ip_measurements`;
  each is squashed by 1 / (1 + e^(-k x)) with the creator's k and
  V = 1 / (1 + e^(-k6 T Q I E F M)).
"""

import logging
import time
from datetime import date

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.queue import enqueue
from analytics.models import GrowthFactors

from .sql_summary import GOAL_PROGRESS, GROWTH_SUMMARY, LOGISTIC
from .sql_tables import (
    CHANNEL_GROWTH,
    ENGAGEMENT_BREAKDOWN,
    ITEM_PERFORMANCE,
    MONTHLY_ALLOCATION,
    PUBLISHING_DAYS,
)

logger = logging.getLogger("sweetspot.growth")

# Enough memory for the weekly GROUP BY to hash in memory instead of spilling to disk
# (about 100 bytes per channel-week); set for the job's transaction only.
WORK_MEM = "128MB"

K_DEFAULTS = {
    name: float(GrowthFactors._meta.get_field(name).default)
    for name in (
        "k_creation",
        "k_promotion",
        "k_monetisation",
        "k_technical",
        "k_quality",
        "k_interaction",
        "k_exposure",
        "k_frequency",
        "k_monetisation_ip",
        "k_overall",
    )
}


def scope(column: str) -> str:
    """The creators a run covers, as a condition on `column` (all, ids, or an id range)."""
    return f"(%(all)s OR {column} = ANY(%(ids)s) OR {column} BETWEEN %(first)s AND %(last)s)"


STATEMENTS = (
    (
        "channel_growth",
        CHANNEL_GROWTH.format(scope_s=scope("s.creator_id"), scope_g=scope("g.creator_id")),
    ),
    (
        "item_performance",
        ITEM_PERFORMANCE.format(scope_s=scope("s.creator_id"), scope_p=scope("p.creator_id")),
    ),
    (
        "engagement_breakdown",
        ENGAGEMENT_BREAKDOWN.format(scope_p=scope("p.creator_id"), scope_e=scope("e.creator_id")),
    ),
    (
        "publishing_days",
        PUBLISHING_DAYS.format(scope_ci=scope("ci.creator_id"), scope_d=scope("d.creator_id")),
    ),
    (
        "monthly_allocation",
        MONTHLY_ALLOCATION.format(scope_te=scope("te.creator_id"), scope_m=scope("m.creator_id")),
    ),
    (
        "growth_summary",
        GROWTH_SUMMARY.format(
            scope_u=scope("u.id"),
            scope_d=scope("d.creator_id"),
            scope_p=scope("p.creator_id"),
            scope_t=scope("t.creator_id"),
            f_t=LOGISTIC.format(k="m.k_t", x="m.x_technical"),
            f_q=LOGISTIC.format(k="m.k_q", x="m.x_quality"),
            f_i=LOGISTIC.format(k="m.k_i", x="m.x_interaction"),
            f_e=LOGISTIC.format(k="m.k_e", x="m.x_exposure"),
            f_f=LOGISTIC.format(k="m.k_f", x="m.x_frequency"),
            f_m=LOGISTIC.format(k="m.k_m", x="m.x_monetisation"),
            v=LOGISTIC.format(k="f.k6", x="f.f_t * f.f_q * f.f_i * f.f_e * f.f_f * f.f_m"),
        ),
    ),
    (
        "goal_progress",
        GOAL_PROGRESS.format(
            scope_ph=scope("ph.creator_id"),
            scope_g=scope("g.creator_id"),
            scope_p=scope("p.creator_id"),
        ),
    ),
)


def recompute(
    *,
    creator_ids: list[int] | None = None,
    creator_range: tuple[int, int] | None = None,
    as_of: date | None = None,
    timings: dict | None = None,
) -> None:
    """Recompute every growth table for `creator_ids`, or the creators whose ids lie in
    `creator_range` (first, last; inclusive: the nightly pass's slices), or all creators.

    `as_of` fixes "today" (tests, backfills); by default it is each creator's local date at
    the application's clock (`timezone.now()`), never the database server's, so the job
    agrees with the pages, reviews and reminders about what day it is.
    `timings`, when given, receives the seconds each statement took (for the benchmark).
    """
    if connection.vendor != "postgresql":
        logger.warning("The growth job needs PostgreSQL; skipped on %s.", connection.vendor)
        return
    params = {
        "all": creator_ids is None and creator_range is None,
        "ids": list(creator_ids or []),
        "first": creator_range[0] if creator_range else 0,
        "last": creator_range[1] if creator_range else -1,
        "as_of": as_of,
        "now": timezone.now(),
        **K_DEFAULTS,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])
        for name, sql in STATEMENTS:
            started = time.perf_counter()
            cursor.execute(sql, params)
            if timings is not None:
                timings[name] = time.perf_counter() - started


def creator_ranges(per_task: int) -> list[tuple[int, int]]:
    """Every creator's id, cut into slices of `per_task` creators: (first id, last id)."""
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    return [(ids[n], ids[min(n + per_task, len(ids)) - 1]) for n in range(0, len(ids), per_task)]


def recompute_all_by_range() -> None:
    """The daily pass (today moves even when no numbers do): one task per slice of
    `GROWTH_CREATORS_PER_TASK` creators, by id range, so that workers share the night's work."""
    with transaction.atomic():
        for first, last in creator_ranges(settings.GROWTH_CREATORS_PER_TASK):
            enqueue("analytics.growth.recompute_range", first, last)


def recompute_range(*, first_id: int, last_id: int) -> None:
    """The creators whose ids lie in first_id..last_id.

    Set-based first; if that fails, creator by creator, so one creator's bad numbers never
    keep everybody else's growth stale. Only when every creator fails does the task retry.
    """
    try:
        recompute(creator_range=(first_id, last_id))
    except Exception:
        logger.exception(
            "The growth job failed for creators %s-%s; recomputing one by one", first_id, last_id
        )
    else:
        return
    failed = []
    creator_ids = list(
        User.objects.filter(pk__range=(first_id, last_id))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for creator_id in creator_ids:
        try:
            recompute(creator_ids=[creator_id])
        except Exception:
            logger.exception("The growth job failed for creator %s", creator_id)
            failed.append(creator_id)
    if creator_ids and len(failed) == len(creator_ids):
        raise DatabaseError(f"The growth job failed for every creator ({len(failed)})")
