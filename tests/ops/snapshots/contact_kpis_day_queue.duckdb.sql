SELECT
  "t4"."day",
  "t4"."queue",
  "t4"."offered",
  "t4"."answered",
  "t4"."abandoned",
  "t4"."short_abandoned",
  "t4"."answered_within_sl",
  CAST("t4"."abandoned" AS DOUBLE) / NULLIF(CAST("t4"."offered" AS DOUBLE), 0.0) AS "abandoned_rate",
  CAST("t4"."answered_within_sl" AS DOUBLE) / NULLIF(CAST("t4"."offered" AS DOUBLE), 0.0) AS "service_level",
  "t4"."asa",
  "t4"."aht",
  "t4"."fcr_rate",
  CAST("t4"."_transferred" AS DOUBLE) / NULLIF(CAST("t4"."answered" AS DOUBLE), 0.0) AS "transfer_rate",
  CAST("t4"."_complaint" AS DOUBLE) / NULLIF(CAST("t4"."offered" AS DOUBLE), 0.0) AS "complaint_rate",
  CAST("t4"."_timely" AS DOUBLE) / NULLIF(CAST("t4"."offered" AS DOUBLE), 0.0) AS "timeliness_rate",
  "t4"."csat"
FROM (
  SELECT
    "t3"."day",
    "t3"."queue",
    SUM("t3"."_offered") AS "offered",
    SUM("t3"."_answered") AS "answered",
    SUM("t3"."_abandoned") AS "abandoned",
    SUM("t3"."_short") AS "short_abandoned",
    SUM("t3"."_within") AS "answered_within_sl",
    SUM("t3"."_ab_after_x") AS "_ab_after_x",
    AVG("t3"."_wait") AS "asa",
    AVG("t3"."_handle") AS "aht",
    AVG("t3"."_fcr") AS "fcr_rate",
    SUM("t3"."_transferred") AS "_transferred",
    SUM("t3"."_complaint") AS "_complaint",
    SUM("t3"."_timely") AS "_timely",
    AVG("t3"."csat") AS "csat"
  FROM (
    SELECT
      "t2"."interaction_id",
      "t2"."channel",
      "t2"."contact_type",
      "t2"."customer_key",
      "t2"."issue_key",
      "t2"."arrived_at",
      "t2"."answered_at",
      "t2"."ended_at",
      "t2"."hold_seconds",
      "t2"."wrapup_seconds",
      "t2"."abandoned",
      "t2"."transferred",
      "t2"."csat",
      "t2"."queue",
      "t2"."_next_arrival",
      CASE
        WHEN NOT (
          "t2"."abandoned"
          AND NOT (
            "t2"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        THEN 1
        ELSE 0
      END AS "_offered",
      CASE WHEN "t2"."answered_at" IS NOT NULL THEN 1 ELSE 0 END AS "_answered",
      CASE
        WHEN "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND NOT (
          "t2"."abandoned"
          AND NOT (
            "t2"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        THEN 1
        ELSE 0
      END AS "_abandoned",
      CASE
        WHEN "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
          ) < 5.0
        )
        THEN 1
        ELSE 0
      END AS "_short",
      CASE
        WHEN (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."answered_at") AS DOUBLE) / 1000000.0
          ) <= 20.0
        )
        THEN 1
        ELSE 0
      END AS "_within",
      CASE
        WHEN "t2"."abandoned"
        AND NOT (
          "t2"."answered_at" IS NOT NULL
        )
        AND NOT (
          "t2"."abandoned"
          AND NOT (
            "t2"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
          ) > 20.0
        )
        THEN 1
        ELSE 0
      END AS "_ab_after_x",
      CASE
        WHEN "t2"."answered_at" IS NOT NULL
        THEN CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."answered_at") AS DOUBLE) / 1000000.0
        ELSE NULL
      END AS "_wait",
      CASE
        WHEN "t2"."answered_at" IS NOT NULL
        THEN (
          CAST(DATE_DIFF('MICROSECOND', "t2"."answered_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
        ) + COALESCE("t2"."hold_seconds", 0.0) + COALESCE("t2"."wrapup_seconds", 0.0)
        ELSE NULL
      END AS "_handle",
      CASE
        WHEN (
          "t2"."answered_at" IS NOT NULL
        ) AND (
          "t2"."customer_key" IS NOT NULL
        )
        THEN CASE
          WHEN (
            "t2"."_next_arrival" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."_next_arrival") AS DOUBLE) / 1000000.0
            ) <= 604800.0
          )
          THEN 0
          ELSE 1
        END
        ELSE NULL
      END AS "_fcr",
      CASE
        WHEN (
          "t2"."answered_at" IS NOT NULL
        ) AND COALESCE("t2"."transferred", FALSE)
        THEN 1
        ELSE 0
      END AS "_transferred",
      CASE
        WHEN NOT (
          "t2"."abandoned"
          AND NOT (
            "t2"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        AND (
          "t2"."contact_type" = 'complaint'
        )
        THEN 1
        ELSE 0
      END AS "_complaint",
      CASE
        WHEN (
          "t2"."answered_at" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t2"."arrived_at", "t2"."answered_at") AS DOUBLE) / 1000000.0
          ) <= CASE
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
        )
        THEN 1
        ELSE 0
      END AS "_timely",
      DATE_TRUNC('DAY', "t2"."arrived_at" + INTERVAL '28800' SECOND) AS "day"
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
        "t1"."queue",
        LEAD("t1"."arrived_at") OVER (
          PARTITION BY "t1"."customer_key", COALESCE("t1"."issue_key", '')
          ORDER BY "t1"."arrived_at" ASC, "t1"."interaction_id" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "_next_arrival"
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
          "t0"."queue"
        FROM "interactions" AS "t0"
      ) AS "t1"
    ) AS "t2"
  ) AS "t3"
  GROUP BY
    1,
    2
) AS "t4"
