"""The growth job's statements for the per-channel, per-piece and per-day tables.

Each is an upsert from the recorded numbers followed by a delete of the rows its sources no
longer produce; `{scope_*}` placeholders take `jobs.scope()` for the creators a run covers.
See `analytics.growth.jobs` for what is measured.
"""

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
