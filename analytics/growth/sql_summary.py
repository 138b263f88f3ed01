"""The growth job's statements for the creator's summary (personal-IP index) and goals.

`LOGISTIC` is 1 / (1 + e^(-k x)), capped so that exp() never overflows. See
`analytics.growth.jobs` for what is measured.
"""

LOGISTIC = "(1.0 / (1.0 + exp(LEAST(700.0, -({k}) * ({x})))))"

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
