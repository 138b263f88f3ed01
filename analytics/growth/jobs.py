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

from django.db import connection, transaction
from django.utils import timezone

from analytics.models import GrowthFactors

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


def _scope(column: str) -> str:
    return f"(%(all)s OR {column} = ANY(%(ids)s) OR {column} BETWEEN %(first)s AND %(last)s)"


CHANNEL_GROWTH = """
WITH pieces AS (
    -- Each channel's last followers count per week (weeks numbered from Monday 2000-01-03).
    -- Arg-max packed into one bigint: the capture second above 31 bits of followers.
    SELECT s.creator_id, s.channel_id,
           (s.captured_on - DATE '2000-01-03') / 7 AS week_no,
           max(s.captured_on) AS last_day,
           max((date_part('epoch', s.captured_at)::bigint << 31)
               | LEAST(s.followers, 2147483647)) & 2147483647 AS followers
    FROM analytics_metricsnapshot s
    WHERE s.content_item_id IS NULL AND s.followers IS NOT NULL AND {scope_s}
    GROUP BY s.creator_id, s.channel_id, week_no
),
latest AS (
    SELECT creator_id, max(week_no) AS week_no FROM pieces GROUP BY creator_id
),
channels AS (
    SELECT p.creator_id, p.channel_id, max(p.last_day) AS last_day,
        max((p.week_no::bigint << 31) | p.followers) & 2147483647 AS followers,
        max((p.week_no::bigint << 31) | p.followers)
            FILTER (WHERE p.week_no < l.week_no) & 2147483647 AS week_before,
        max((p.week_no::bigint << 31) | p.followers)
            FILTER (WHERE p.week_no <= l.week_no - 4) & 2147483647 AS month_before,
        jsonb_agg(jsonb_build_array(DATE '2000-01-03' + 7 * p.week_no, p.followers)
                  ORDER BY p.week_no) FILTER (WHERE p.week_no > l.week_no - 52) AS weekly
    FROM pieces p JOIN latest l ON l.creator_id = p.creator_id
    GROUP BY p.creator_id, p.channel_id
),
fresh AS (
    SELECT creator_id, channel_id, last_day, followers, week_before, month_before, weekly
    FROM channels
    UNION ALL
    -- The total: channels without an earlier count add nothing to the earlier total.
    SELECT creator_id, NULL, max(last_day), sum(followers)::bigint,
           CASE WHEN count(week_before) > 0 THEN sum(COALESCE(week_before, 0))::bigint END,
           CASE WHEN count(month_before) > 0 THEN sum(COALESCE(month_before, 0))::bigint END,
           '[]'::jsonb
    FROM channels GROUP BY creator_id
),
upserted AS (
    INSERT INTO analytics_channelgrowth AS g (
        creator_id, channel_id, last_captured_on, followers, delta_week, delta_month,
        growth_week, growth_month, weekly)
    SELECT creator_id, channel_id, last_day, followers,
           followers - week_before, followers - month_before,
           (followers - week_before)::float8 / NULLIF(week_before, 0),
           (followers - month_before)::float8 / NULLIF(month_before, 0),
           weekly
    FROM fresh
    ON CONFLICT (creator_id, channel_id) DO UPDATE SET
        last_captured_on = EXCLUDED.last_captured_on, followers = EXCLUDED.followers,
        delta_week = EXCLUDED.delta_week, delta_month = EXCLUDED.delta_month,
        growth_week = EXCLUDED.growth_week, growth_month = EXCLUDED.growth_month,
        weekly = EXCLUDED.weekly
    WHERE (g.last_captured_on, g.followers, g.delta_week, g.delta_month, g.growth_week,
           g.growth_month, g.weekly)
        IS DISTINCT FROM (EXCLUDED.last_captured_on, EXCLUDED.followers, EXCLUDED.delta_week,
           EXCLUDED.delta_month, EXCLUDED.growth_week, EXCLUDED.growth_month, EXCLUDED.weekly)
)
DELETE FROM analytics_channelgrowth g
WHERE {scope_g} AND NOT EXISTS (
    SELECT 1 FROM fresh f
    WHERE f.creator_id = g.creator_id AND COALESCE(f.channel_id, 0) = COALESCE(g.channel_id, 0)
)
"""

ITEM_PERFORMANCE = """
WITH fresh AS (
    SELECT DISTINCT ON (s.content_item_id)
           s.creator_id, s.content_item_id, s.channel_id, s.captured_on,
           COALESCE(s.views, 0) AS views, COALESCE(s.likes, 0) AS likes,
           COALESCE(s.comments, 0) AS comments, COALESCE(s.shares, 0) AS shares,
           COALESCE(s.saves, 0) AS saves
    FROM analytics_metricsnapshot s
    WHERE s.content_item_id IS NOT NULL AND {scope_s}
    ORDER BY s.content_item_id, s.captured_at DESC
),
upserted AS (
    INSERT INTO analytics_itemperformance AS p (
        creator_id, content_item_id, channel_id, captured_on, views, likes, comments, shares,
        saves, interactions, engagement_rate)
    SELECT creator_id, content_item_id, channel_id, captured_on, views, likes, comments,
           shares, saves, likes + comments + shares + saves,
           (likes + comments + shares + saves)::float8 / NULLIF(views, 0)
    FROM fresh
    ON CONFLICT (content_item_id) DO UPDATE SET
        creator_id = EXCLUDED.creator_id, channel_id = EXCLUDED.channel_id,
        captured_on = EXCLUDED.captured_on, views = EXCLUDED.views, likes = EXCLUDED.likes,
        comments = EXCLUDED.comments, shares = EXCLUDED.shares, saves = EXCLUDED.saves,
        interactions = EXCLUDED.interactions, engagement_rate = EXCLUDED.engagement_rate
    WHERE (p.channel_id, p.captured_on, p.views, p.likes, p.comments, p.shares, p.saves)
        IS DISTINCT FROM (EXCLUDED.channel_id, EXCLUDED.captured_on, EXCLUDED.views,
           EXCLUDED.likes, EXCLUDED.comments, EXCLUDED.shares, EXCLUDED.saves)
)
DELETE FROM analytics_itemperformance p
WHERE {scope_p} AND NOT EXISTS (
    SELECT 1 FROM fresh f WHERE f.content_item_id = p.content_item_id
)
"""

ENGAGEMENT_BREAKDOWN = """
WITH keyed AS (
    SELECT p.creator_id, p.views, p.interactions,
           p.channel_id::text AS channel_key,
           COALESCE(t.layer, 'none') AS layer_key,
           ci.format AS format_key,
           to_char(ci.published_at AT TIME ZONE u.timezone, 'YYYY-MM') AS month_key
    FROM analytics_itemperformance p
    JOIN calendar_app_contentitem ci ON ci.id = p.content_item_id
    JOIN accounts_user u ON u.id = p.creator_id
    LEFT JOIN positioning_topic t ON t.id = ci.topic_id
    WHERE {scope_p}
),
fresh AS (
    SELECT * FROM (
        SELECT creator_id,
               CASE WHEN GROUPING(channel_key) = 0 THEN 'channel'
                    WHEN GROUPING(layer_key) = 0 THEN 'layer'
                    WHEN GROUPING(format_key) = 0 THEN 'format'
                    ELSE 'month' END AS dimension,
               COALESCE(channel_key, layer_key, format_key, month_key) AS key,
               count(*) AS items, sum(views)::bigint AS views,
               sum(interactions)::bigint AS interactions
        FROM keyed
        GROUP BY GROUPING SETS ((creator_id, channel_key), (creator_id, layer_key),
                                (creator_id, format_key), (creator_id, month_key))
    ) grouped
    WHERE key IS NOT NULL
),
upserted AS (
    INSERT INTO analytics_engagementbreakdown AS e (
        creator_id, dimension, key, items, views, interactions, engagement_rate)
    SELECT creator_id, dimension, key, items, views, interactions,
           interactions::float8 / NULLIF(views, 0)
    FROM fresh
    ON CONFLICT (creator_id, dimension, key) DO UPDATE SET
        items = EXCLUDED.items, views = EXCLUDED.views,
        interactions = EXCLUDED.interactions, engagement_rate = EXCLUDED.engagement_rate
    WHERE (e.items, e.views, e.interactions)
        IS DISTINCT FROM (EXCLUDED.items, EXCLUDED.views, EXCLUDED.interactions)
)
DELETE FROM analytics_engagementbreakdown e
WHERE {scope_e} AND NOT EXISTS (
    SELECT 1 FROM fresh f
    WHERE f.creator_id = e.creator_id AND f.dimension = e.dimension AND f.key = e.key
)
"""

PUBLISHING_DAYS = """
WITH fresh AS (
    SELECT ci.creator_id, (ci.published_at AT TIME ZONE u.timezone)::date AS day,
           count(*) AS published
    FROM calendar_app_contentitem ci
    JOIN accounts_user u ON u.id = ci.creator_id
    WHERE ci.published_at IS NOT NULL AND ci.status IN ('published', 'archived')
      AND {scope_ci}
    GROUP BY 1, 2
),
upserted AS (
    INSERT INTO analytics_publishingday AS d (creator_id, day, published)
    SELECT creator_id, day, published FROM fresh
    ON CONFLICT (creator_id, day) DO UPDATE SET published = EXCLUDED.published
    WHERE d.published <> EXCLUDED.published
)
DELETE FROM analytics_publishingday d
WHERE {scope_d} AND NOT EXISTS (
    SELECT 1 FROM fresh f WHERE f.creator_id = d.creator_id AND f.day = d.day
)
"""

MONTHLY_ALLOCATION = """
WITH hours AS (
    SELECT te.creator_id, date_trunc('month', te.spent_on)::date AS month,
           sum(te.hours) AS total,
           COALESCE(sum(te.hours) FILTER (WHERE te.activity = 'creation'), 0) AS creation,
           COALESCE(sum(te.hours) FILTER (WHERE te.activity = 'promotion'), 0) AS promotion,
           COALESCE(sum(te.hours) FILTER (WHERE te.activity = 'monetisation'), 0)
               AS monetisation
    FROM analytics_timeentry te
    WHERE {scope_te}
    GROUP BY 1, 2
),
fresh AS (
    SELECT h.*,
        (h.creation / NULLIF(h.total, 0)
            * COALESCE(f.k_creation, %(k_creation)s))::float8 AS capability_gain,
        (h.promotion / NULLIF(h.total, 0)
            * COALESCE(f.k_promotion, %(k_promotion)s))::float8 AS brand_gain,
        (h.monetisation / NULLIF(h.total, 0)
            * COALESCE(f.k_monetisation, %(k_monetisation)s))::float8 AS reach_gain
    FROM hours h
    LEFT JOIN analytics_growthfactors f ON f.creator_id = h.creator_id
),
upserted AS (
    INSERT INTO analytics_monthlyallocation AS m (
        creator_id, month, total_hours, creation_hours, promotion_hours, monetisation_hours,
        capability_gain, brand_gain, reach_gain)
    SELECT creator_id, month, total, creation, promotion, monetisation,
           capability_gain, brand_gain, reach_gain
    FROM fresh
    ON CONFLICT (creator_id, month) DO UPDATE SET
        total_hours = EXCLUDED.total_hours, creation_hours = EXCLUDED.creation_hours,
        promotion_hours = EXCLUDED.promotion_hours,
        monetisation_hours = EXCLUDED.monetisation_hours,
        capability_gain = EXCLUDED.capability_gain, brand_gain = EXCLUDED.brand_gain,
        reach_gain = EXCLUDED.reach_gain
    WHERE (m.total_hours, m.creation_hours, m.promotion_hours, m.monetisation_hours,
           m.capability_gain, m.brand_gain, m.reach_gain)
        IS DISTINCT FROM (EXCLUDED.total_hours, EXCLUDED.creation_hours,
           EXCLUDED.promotion_hours, EXCLUDED.monetisation_hours, EXCLUDED.capability_gain,
           EXCLUDED.brand_gain, EXCLUDED.reach_gain)
)
DELETE FROM analytics_monthlyallocation m
WHERE {scope_m} AND NOT EXISTS (
    SELECT 1 FROM fresh f WHERE f.creator_id = m.creator_id AND f.month = m.month
)
"""

# Logistic 1 / (1 + e^(-k x)), clamped so that exp() cannot overflow.
_LOGISTIC = "(1.0 / (1.0 + exp(LEAST(700.0, -({k}) * ({x})))))"

GROWTH_SUMMARY = """
WITH creators AS (
    SELECT u.id AS creator_id, u.weekly_target,
           COALESCE(%(as_of)s::date, (%(now)s::timestamptz AT TIME ZONE u.timezone)::date) AS as_of
    FROM accounts_user u
    WHERE {scope_u}
),
weeks AS (
    SELECT d.creator_id, date_trunc('week', d.day)::date AS week, sum(d.published) AS published
    FROM analytics_publishingday d WHERE {scope_d}
    GROUP BY 1, 2
),
met AS (
    -- Gaps and islands: consecutive met weeks share week - 7 * row_number().
    SELECT w.creator_id, w.week,
           w.week - 7 * row_number() OVER (PARTITION BY w.creator_id ORDER BY w.week)::int
               AS island
    FROM weeks w JOIN creators c ON c.creator_id = w.creator_id
    WHERE c.weekly_target > 0 AND w.published >= c.weekly_target
),
streaks AS (
    SELECT m.creator_id, max(m.week) AS last_week, count(*) AS weeks
    FROM met m GROUP BY m.creator_id, m.island
),
cadence AS (
    SELECT c.creator_id,
        max(d.day) AS last_published_on,
        COALESCE(sum(d.published) FILTER (
            WHERE d.day >= date_trunc('week', c.as_of)::date AND d.day <= c.as_of), 0)
            AS this_week,
        COALESCE(sum(d.published) FILTER (
            WHERE d.day >= date_trunc('week', c.as_of)::date - 84
              AND d.day < date_trunc('week', c.as_of)::date), 0) / 12.0 AS per_week
    FROM creators c LEFT JOIN analytics_publishingday d ON d.creator_id = c.creator_id
    GROUP BY c.creator_id
),
items AS (
    SELECT p.creator_id, sum(p.views) AS views, sum(p.likes) AS likes,
           sum(p.comments) AS comments, sum(p.shares) AS shares, sum(p.saves) AS saves
    FROM analytics_itemperformance p WHERE {scope_p}
    GROUP BY p.creator_id
),
topics AS (
    SELECT t.creator_id, avg(t.ability)::float8 AS ability
    FROM positioning_topic t WHERE {scope_t}
    GROUP BY t.creator_id
),
income AS (
    SELECT c.creator_id, sum(i.amount) AS amount
    FROM creators c JOIN analytics_incomeentry i ON i.creator_id = c.creator_id
    WHERE i.received_on > c.as_of - 90 AND i.received_on <= c.as_of
    GROUP BY c.creator_id
),
measured AS (
    SELECT c.creator_id, c.as_of, c.weekly_target,
        g.followers, g.delta_week, g.delta_month, g.growth_week, g.growth_month,
        i.likes + i.comments + i.shares + i.saves AS interactions, i.views,
        k.last_published_on, k.this_week, k.per_week::float8 AS per_week,
        COALESCE((SELECT s.weeks FROM streaks s
                  WHERE s.creator_id = c.creator_id
                    AND s.last_week >= date_trunc('week', c.as_of)::date - 7
                  ORDER BY s.last_week DESC LIMIT 1), 0) AS streak,
        COALESCE(inc.amount, 0) AS income,
        COALESCE(tp.ability - 3.0, 0) AS x_technical,
        CASE WHEN i.views > 0 THEN (i.saves + i.shares) * 100.0 / i.views - 1.0 ELSE 0 END
            AS x_quality,
        CASE WHEN i.views > 0 THEN (i.likes + i.comments) * 100.0 / i.views - 4.0 ELSE 0 END
            AS x_interaction,
        log(COALESCE(g.followers, 0) + 1.0) - 3.0 AS x_exposure,
        k.per_week - c.weekly_target AS x_frequency,
        log(COALESCE(inc.amount, 0)::float8 + 1.0) - 3.0 AS x_monetisation,
        COALESCE(f.k_technical, %(k_technical)s) AS k_t,
        COALESCE(f.k_quality, %(k_quality)s) AS k_q,
        COALESCE(f.k_interaction, %(k_interaction)s) AS k_i,
        COALESCE(f.k_exposure, %(k_exposure)s) AS k_e,
        COALESCE(f.k_frequency, %(k_frequency)s) AS k_f,
        COALESCE(f.k_monetisation_ip, %(k_monetisation_ip)s) AS k_m,
        COALESCE(f.k_overall, %(k_overall)s) AS k6
    FROM creators c
    JOIN cadence k ON k.creator_id = c.creator_id
    LEFT JOIN analytics_channelgrowth g ON g.creator_id = c.creator_id AND g.channel_id IS NULL
    LEFT JOIN items i ON i.creator_id = c.creator_id
    LEFT JOIN topics tp ON tp.creator_id = c.creator_id
    LEFT JOIN income inc ON inc.creator_id = c.creator_id
    LEFT JOIN analytics_growthfactors f ON f.creator_id = c.creator_id
),
factored AS (
    SELECT m.*,
        {f_t} AS f_t, {f_q} AS f_q, {f_i} AS f_i, {f_e} AS f_e, {f_f} AS f_f, {f_m} AS f_m
    FROM measured m
),
fresh AS (
    SELECT f.*, {v} AS v FROM factored f
)
INSERT INTO analytics_growthsummary AS s (
    creator_id, as_of, followers, delta_week, delta_month, growth_week, growth_month,
    engagement_rate, last_published_on, published_this_week, published_per_week,
    weekly_target, streak_weeks, income_90_days,
    ip_technical_raw, ip_quality_raw, ip_interaction_raw, ip_exposure_raw,
    ip_frequency_raw, ip_monetisation_raw,
    ip_technical, ip_quality, ip_interaction, ip_exposure, ip_frequency, ip_monetisation,
    ip_index, computed_at)
SELECT creator_id, as_of, followers, delta_week, delta_month, growth_week, growth_month,
       interactions::float8 / NULLIF(views, 0), last_published_on, this_week, per_week,
       weekly_target, streak, income,
       x_technical, x_quality, x_interaction, x_exposure, x_frequency, x_monetisation,
       f_t, f_q, f_i, f_e, f_f, f_m, v, %(now)s::timestamptz
FROM fresh
ON CONFLICT (creator_id) DO UPDATE SET
    as_of = EXCLUDED.as_of, followers = EXCLUDED.followers,
    delta_week = EXCLUDED.delta_week, delta_month = EXCLUDED.delta_month,
    growth_week = EXCLUDED.growth_week, growth_month = EXCLUDED.growth_month,
    engagement_rate = EXCLUDED.engagement_rate,
    last_published_on = EXCLUDED.last_published_on,
    published_this_week = EXCLUDED.published_this_week,
    published_per_week = EXCLUDED.published_per_week,
    weekly_target = EXCLUDED.weekly_target, streak_weeks = EXCLUDED.streak_weeks,
    income_90_days = EXCLUDED.income_90_days,
    ip_technical_raw = EXCLUDED.ip_technical_raw, ip_quality_raw = EXCLUDED.ip_quality_raw,
    ip_interaction_raw = EXCLUDED.ip_interaction_raw,
    ip_exposure_raw = EXCLUDED.ip_exposure_raw,
    ip_frequency_raw = EXCLUDED.ip_frequency_raw,
    ip_monetisation_raw = EXCLUDED.ip_monetisation_raw,
    ip_technical = EXCLUDED.ip_technical, ip_quality = EXCLUDED.ip_quality,
    ip_interaction = EXCLUDED.ip_interaction, ip_exposure = EXCLUDED.ip_exposure,
    ip_frequency = EXCLUDED.ip_frequency, ip_monetisation = EXCLUDED.ip_monetisation,
    ip_index = EXCLUDED.ip_index, computed_at = EXCLUDED.computed_at
WHERE (s.as_of, s.followers, s.delta_week, s.delta_month, s.growth_week, s.growth_month,
       s.engagement_rate, s.last_published_on, s.published_this_week, s.published_per_week,
       s.weekly_target, s.streak_weeks, s.income_90_days, s.ip_index,
       s.ip_technical, s.ip_quality, s.ip_interaction, s.ip_exposure, s.ip_frequency,
       s.ip_monetisation, s.ip_technical_raw, s.ip_quality_raw, s.ip_interaction_raw,
       s.ip_exposure_raw, s.ip_frequency_raw, s.ip_monetisation_raw)
    IS DISTINCT FROM (EXCLUDED.as_of, EXCLUDED.followers, EXCLUDED.delta_week,
       EXCLUDED.delta_month, EXCLUDED.growth_week, EXCLUDED.growth_month,
       EXCLUDED.engagement_rate, EXCLUDED.last_published_on, EXCLUDED.published_this_week,
       EXCLUDED.published_per_week, EXCLUDED.weekly_target, EXCLUDED.streak_weeks,
       EXCLUDED.income_90_days, EXCLUDED.ip_index,
       EXCLUDED.ip_technical, EXCLUDED.ip_quality, EXCLUDED.ip_interaction,
       EXCLUDED.ip_exposure, EXCLUDED.ip_frequency, EXCLUDED.ip_monetisation,
       EXCLUDED.ip_technical_raw, EXCLUDED.ip_quality_raw, EXCLUDED.ip_interaction_raw,
       EXCLUDED.ip_exposure_raw, EXCLUDED.ip_frequency_raw, EXCLUDED.ip_monetisation_raw)
"""

GOAL_PROGRESS = """
WITH phases AS (
    SELECT ph.id AS phase_id, ph.creator_id, ph.follower_target, ph.output_target,
           (ph.plan_start + (ph.start_month - 1) * interval '1 month')::date AS starts_on,
           (ph.plan_start + ph.end_month * interval '1 month' - interval '1 day')::date
               AS deadline
    FROM calendar_app_planphase ph
    WHERE {scope_ph}
),
rates AS (
    -- Followers gained per day over the last four weeks (or the last week if younger).
    SELECT g.creator_id,
           COALESCE(g.delta_month / 28.0, g.delta_week / 7.0) AS per_day
    FROM analytics_channelgrowth g
    WHERE g.channel_id IS NULL AND {scope_g}
),
fresh AS (
    SELECT ph.*, s.as_of, COALESCE(s.followers, 0) AS followers,
        COALESCE(r.per_day, 0) AS follower_rate, s.published_per_week / 7.0 AS output_rate,
        (SELECT COALESCE(sum(d.published), 0) FROM analytics_publishingday d
         WHERE d.creator_id = ph.creator_id
           AND d.day BETWEEN ph.starts_on AND ph.deadline) AS published
    FROM phases ph
    JOIN analytics_growthsummary s ON s.creator_id = ph.creator_id
    LEFT JOIN rates r ON r.creator_id = ph.creator_id
),
upserted AS (
    INSERT INTO analytics_goalprogress AS p (
        creator_id, phase_id, starts_on, deadline, follower_target, followers,
        follower_forecast, output_target, published, output_forecast)
    SELECT creator_id, phase_id, starts_on, deadline, follower_target, followers,
        CASE WHEN followers >= follower_target THEN as_of
             WHEN follower_rate > 0
             THEN as_of + ceil((follower_target - followers) / follower_rate)::int END,
        output_target, published,
        CASE WHEN published >= output_target THEN as_of
             WHEN output_rate > 0
             THEN GREATEST(as_of, starts_on)
                  + ceil((output_target - published) / output_rate)::int END
    FROM fresh
    ON CONFLICT (phase_id) DO UPDATE SET
        creator_id = EXCLUDED.creator_id, starts_on = EXCLUDED.starts_on,
        deadline = EXCLUDED.deadline, follower_target = EXCLUDED.follower_target,
        followers = EXCLUDED.followers, follower_forecast = EXCLUDED.follower_forecast,
        output_target = EXCLUDED.output_target, published = EXCLUDED.published,
        output_forecast = EXCLUDED.output_forecast
    WHERE (p.starts_on, p.deadline, p.follower_target, p.followers, p.follower_forecast,
           p.output_target, p.published, p.output_forecast)
        IS DISTINCT FROM (EXCLUDED.starts_on, EXCLUDED.deadline, EXCLUDED.follower_target,
           EXCLUDED.followers, EXCLUDED.follower_forecast, EXCLUDED.output_target,
           EXCLUDED.published, EXCLUDED.output_forecast)
)
DELETE FROM analytics_goalprogress p
WHERE {scope_p} AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.phase_id = p.phase_id)
"""

STATEMENTS = (
    (
        "channel_growth",
        CHANNEL_GROWTH.format(scope_s=_scope("s.creator_id"), scope_g=_scope("g.creator_id")),
    ),
    (
        "item_performance",
        ITEM_PERFORMANCE.format(scope_s=_scope("s.creator_id"), scope_p=_scope("p.creator_id")),
    ),
    (
        "engagement_breakdown",
        ENGAGEMENT_BREAKDOWN.format(scope_p=_scope("p.creator_id"), scope_e=_scope("e.creator_id")),
    ),
    (
        "publishing_days",
        PUBLISHING_DAYS.format(scope_ci=_scope("ci.creator_id"), scope_d=_scope("d.creator_id")),
    ),
    (
        "monthly_allocation",
        MONTHLY_ALLOCATION.format(scope_te=_scope("te.creator_id"), scope_m=_scope("m.creator_id")),
    ),
    (
        "growth_summary",
        GROWTH_SUMMARY.format(
            scope_u=_scope("u.id"),
            scope_d=_scope("d.creator_id"),
            scope_p=_scope("p.creator_id"),
            scope_t=_scope("t.creator_id"),
            f_t=_LOGISTIC.format(k="m.k_t", x="m.x_technical"),
            f_q=_LOGISTIC.format(k="m.k_q", x="m.x_quality"),
            f_i=_LOGISTIC.format(k="m.k_i", x="m.x_interaction"),
            f_e=_LOGISTIC.format(k="m.k_e", x="m.x_exposure"),
            f_f=_LOGISTIC.format(k="m.k_f", x="m.x_frequency"),
            f_m=_LOGISTIC.format(k="m.k_m", x="m.x_monetisation"),
            v=_LOGISTIC.format(k="f.k6", x="f.f_t * f.f_q * f.f_i * f.f_e * f.f_f * f.f_m"),
        ),
    ),
    (
        "goal_progress",
        GOAL_PROGRESS.format(
            scope_ph=_scope("ph.creator_id"),
            scope_g=_scope("g.creator_id"),
            scope_p=_scope("p.creator_id"),
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
