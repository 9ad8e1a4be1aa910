SELECT
  "t3"."interval",
  "t3"."offered",
  "t3"."answered",
  "t3"."abandoned",
  "t3"."short_abandoned",
  "t3"."answered_within_sl",
  "t3"."answered" AS "sl_base",
  CAST("t3"."abandoned" AS DOUBLE) / NULLIF(CAST("t3"."offered" AS DOUBLE), 0.0) AS "abandoned_rate",
  CAST("t3"."answered_within_sl" AS DOUBLE) / NULLIF(CAST("t3"."answered" AS DOUBLE), 0.0) AS "service_level",
  "t3"."asa",
  "t3"."aht",
  CAST("t3"."fcr_resolved" AS DOUBLE) / NULLIF(CAST("t3"."fcr_judged" AS DOUBLE), 0.0) AS "fcr_rate",
  "t3"."fcr_judged",
  "t3"."fcr_resolved",
  "t3"."fcr_pending",
  "t3"."handled",
  "t3"."transferred",
  CAST("t3"."transferred" AS DOUBLE) / NULLIF(CAST("t3"."handled" AS DOUBLE), 0.0) AS "transfer_rate",
  "t3"."complaints",
  CAST("t3"."complaints" AS DOUBLE) / NULLIF(CAST("t3"."offered" AS DOUBLE), 0.0) AS "complaint_rate",
  "t3"."timely",
  CAST("t3"."timely" AS DOUBLE) / NULLIF(CAST("t3"."offered" AS DOUBLE), 0.0) AS "timeliness_rate",
  "t3"."csat"
FROM (
  SELECT
    "t2"."interval",
    COUNT(*) FILTER(WHERE
      NOT (
        "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          "t2"."_life" < 5.0
        )
      )
      AND NOT (
        "t2"."_outbound"
      )) AS "offered",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      ) AND NOT (
        "t2"."_outbound"
      )) AS "answered",
    COUNT(*) FILTER(WHERE
      "t2"."abandoned"
      AND NOT (
        "t2"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t2"."_outbound"
      )
      AND NOT (
        "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          "t2"."_life" < 5.0
        )
      )) AS "abandoned",
    COUNT(*) FILTER(WHERE
      "t2"."abandoned"
      AND NOT (
        "t2"."answered_at" IS NOT NULL
      )
      AND (
        "t2"."_life" < 5.0
      )
      AND NOT (
        "t2"."_outbound"
      )) AS "short_abandoned",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t2"."_outbound"
      )
      AND (
        "t2"."_wait" <= 20.0
      )) AS "answered_within_sl",
    COUNT(*) FILTER(WHERE
      "t2"."abandoned"
      AND NOT (
        "t2"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t2"."_outbound"
      )
      AND NOT (
        "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          "t2"."_life" < 5.0
        )
      )
      AND (
        "t2"."_life" > 20.0
      )) AS "_ab_after_x",
    AVG("t2"."_wait") FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      ) AND NOT (
        "t2"."_outbound"
      )) AS "asa",
    AVG("t2"."_handle") FILTER(WHERE
      "t2"."answered_at" IS NOT NULL) AS "aht",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      )
      AND (
        "t2"."customer_key" IS NOT NULL
      )
      AND NOT (
        "t2"."_window_open"
      )) AS "fcr_judged",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      )
      AND (
        "t2"."customer_key" IS NOT NULL
      )
      AND NOT (
        "t2"."_window_open"
      )
      AND NOT (
        (
          "t2"."_next_arrival" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."_next_arrival") AS DOUBLE) / 1000000.0
          ) <= 604800.0
        )
      )) AS "fcr_resolved",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      )
      AND (
        "t2"."customer_key" IS NOT NULL
      )
      AND "t2"."_window_open") AS "fcr_pending",
    COUNT(*) FILTER(WHERE
      "t2"."answered_at" IS NOT NULL) AS "handled",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      ) AND COALESCE("t2"."transferred", FALSE)) AS "transferred",
    COUNT(*) FILTER(WHERE
      NOT (
        "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          "t2"."_life" < 5.0
        )
      )
      AND NOT (
        "t2"."_outbound"
      )
      AND (
        "t2"."contact_type" = 'complaint'
      )) AS "complaints",
    COUNT(*) FILTER(WHERE
      (
        "t2"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t2"."_outbound"
      )
      AND (
        "t2"."_wait" <= CASE
          WHEN "t2"."channel" = 'phone'
          THEN 20.0
          WHEN "t2"."channel" = 'chat'
          THEN 30.0
          WHEN "t2"."channel" = 'app'
          THEN 60.0
          WHEN "t2"."channel" = 'counter'
          THEN 600.0
          WHEN "t2"."channel" = 'email'
          THEN 14400.0
          ELSE 20.0
        END
      )) AS "timely",
    AVG("t2"."csat") AS "csat"
  FROM (
    SELECT
      "t1"."interaction_id",
      "t1"."channel",
      "t1"."contact_type",
      "t1"."customer_key",
      "t1"."issue_key",
      "t1"."arrived_at",
      "t1"."answered_at",
      "t1"."ended_at",
      "t1"."hold_seconds",
      "t1"."wrapup_seconds",
      "t1"."abandoned",
      "t1"."transferred",
      "t1"."csat",
      "t1"."interval",
      MIN(
        CASE
          WHEN COALESCE("t1"."contact_type" IN ('proactive'), FALSE)
          THEN NULL
          ELSE "t1"."arrived_at"
        END
      ) OVER (
        PARTITION BY "t1"."customer_key", COALESCE("t1"."issue_key", '')
        ORDER BY "t1"."arrived_at" ASC, "t1"."interaction_id" ASC
        ROWS BETWEEN 1 following AND UNBOUNDED FOLLOWING
      ) AS "_next_arrival",
      (
        CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", MAKE_TIMESTAMP(2024, 3, 10, 4, 0, 0.0)) AS DOUBLE) / 1000000.0
      ) < 604800.0 AS "_window_open",
      CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."answered_at") AS DOUBLE) / 1000000.0 AS "_wait",
      CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0 AS "_life",
      (
        CAST(DATE_DIFF('MICROSECOND', "t1"."answered_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
      ) + COALESCE("t1"."hold_seconds", 0.0) + COALESCE("t1"."wrapup_seconds", 0.0) AS "_handle",
      COALESCE("t1"."contact_type" IN ('proactive'), FALSE) AS "_outbound"
    FROM (
      SELECT
        "t0"."interaction_id",
        "t0"."channel",
        "t0"."contact_type",
        "t0"."customer_key",
        "t0"."issue_key",
        "t0"."arrived_at",
        "t0"."answered_at",
        "t0"."ended_at",
        "t0"."hold_seconds",
        "t0"."wrapup_seconds",
        "t0"."abandoned",
        "t0"."transferred",
        "t0"."csat",
        CASE
          WHEN EXTRACT(minute FROM "t0"."arrived_at" + INTERVAL '28800' SECOND) < 30
          THEN DATE_TRUNC('HOUR', "t0"."arrived_at" + INTERVAL '28800' SECOND)
          ELSE DATE_TRUNC('HOUR', "t0"."arrived_at" + INTERVAL '28800' SECOND) + INTERVAL '30' MINUTE
        END AS "interval"
      FROM "interactions" AS "t0"
    ) AS "t1"
  ) AS "t2"
  GROUP BY
    1
) AS "t3"
