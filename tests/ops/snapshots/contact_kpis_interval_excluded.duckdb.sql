SELECT
  "t3"."interval",
  "t3"."offered",
  "t3"."answered",
  "t3"."abandoned",
  "t3"."short_abandoned",
  "t3"."answered_within_sl",
  CAST("t3"."abandoned" AS DOUBLE) / NULLIF(CAST("t3"."offered" AS DOUBLE), 0.0) AS "abandoned_rate",
  CAST("t3"."answered_within_sl" AS DOUBLE) / NULLIF(CAST("t3"."answered" AS DOUBLE), 0.0) AS "service_level",
  "t3"."asa",
  "t3"."aht",
  "t3"."fcr_rate",
  CAST("t3"."_transferred" AS DOUBLE) / NULLIF(CAST("t3"."answered" AS DOUBLE), 0.0) AS "transfer_rate",
  CAST("t3"."_complaint" AS DOUBLE) / NULLIF(CAST("t3"."offered" AS DOUBLE), 0.0) AS "complaint_rate",
  CAST("t3"."_timely" AS DOUBLE) / NULLIF(CAST("t3"."offered" AS DOUBLE), 0.0) AS "timeliness_rate",
  "t3"."csat"
FROM (
  SELECT
    "t2"."interval",
    SUM("t2"."_offered") AS "offered",
    SUM("t2"."_answered") AS "answered",
    SUM("t2"."_abandoned") AS "abandoned",
    SUM("t2"."_short") AS "short_abandoned",
    SUM("t2"."_within") AS "answered_within_sl",
    SUM("t2"."_ab_after_x") AS "_ab_after_x",
    AVG("t2"."_wait") AS "asa",
    AVG("t2"."_handle") AS "aht",
    AVG("t2"."_fcr") AS "fcr_rate",
    SUM("t2"."_transferred") AS "_transferred",
    SUM("t2"."_complaint") AS "_complaint",
    SUM("t2"."_timely") AS "_timely",
    AVG("t2"."csat") AS "csat"
  FROM (
    SELECT
      "t1"."interaction_id",
      "t1"."channel",
      "t1"."queue",
      "t1"."contact_type",
      "t1"."agent_id",
      "t1"."team_id",
      "t1"."customer_key",
      "t1"."issue_key",
      "t1"."arrived_at",
      "t1"."answered_at",
      "t1"."ended_at",
      "t1"."hold_seconds",
      "t1"."wrapup_seconds",
      "t1"."abandoned",
      "t1"."transferred",
      "t1"."resolved",
      "t1"."csat",
      "t1"."work_order_id",
      "t1"."system_problem",
      "t1"."hard_case",
      "t1"."_next_arrival",
      CASE
        WHEN NOT (
          "t1"."abandoned"
          AND NOT (
            "t1"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        THEN 1
        ELSE 0
      END AS "_offered",
      CASE WHEN "t1"."answered_at" IS NOT NULL THEN 1 ELSE 0 END AS "_answered",
      CASE
        WHEN "t1"."abandoned"
        AND NOT (
          "t1"."answered_at" IS NOT NULL
        )
        AND NOT (
          "t1"."abandoned"
          AND NOT (
            "t1"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        THEN 1
        ELSE 0
      END AS "_abandoned",
      CASE
        WHEN "t1"."abandoned"
        AND NOT (
          "t1"."answered_at" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
          ) < 5.0
        )
        THEN 1
        ELSE 0
      END AS "_short",
      CASE
        WHEN (
          "t1"."answered_at" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."answered_at") AS DOUBLE) / 1000000.0
          ) <= 20.0
        )
        THEN 1
        ELSE 0
      END AS "_within",
      CASE
        WHEN "t1"."abandoned"
        AND NOT (
          "t1"."answered_at" IS NOT NULL
        )
        AND NOT (
          "t1"."abandoned"
          AND NOT (
            "t1"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
          ) > 20.0
        )
        THEN 1
        ELSE 0
      END AS "_ab_after_x",
      CASE
        WHEN "t1"."answered_at" IS NOT NULL
        THEN CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."answered_at") AS DOUBLE) / 1000000.0
        ELSE NULL
      END AS "_wait",
      CASE
        WHEN "t1"."answered_at" IS NOT NULL
        THEN (
          CAST(DATE_DIFF('MICROSECOND', "t1"."answered_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
        ) + COALESCE("t1"."hold_seconds", 0.0) + COALESCE("t1"."wrapup_seconds", 0.0)
        ELSE NULL
      END AS "_handle",
      CASE
        WHEN (
          "t1"."answered_at" IS NOT NULL
        ) AND (
          "t1"."customer_key" IS NOT NULL
        )
        THEN CASE
          WHEN (
            "t1"."_next_arrival" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."_next_arrival") AS DOUBLE) / 1000000.0
            ) <= 604800.0
          )
          THEN 0
          ELSE 1
        END
        ELSE NULL
      END AS "_fcr",
      CASE
        WHEN (
          "t1"."answered_at" IS NOT NULL
        ) AND COALESCE("t1"."transferred", FALSE)
        THEN 1
        ELSE 0
      END AS "_transferred",
      CASE
        WHEN NOT (
          "t1"."abandoned"
          AND NOT (
            "t1"."answered_at" IS NOT NULL
          )
          AND (
            (
              CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."ended_at") AS DOUBLE) / 1000000.0
            ) < 5.0
          )
        )
        AND (
          "t1"."contact_type" = 'complaint'
        )
        THEN 1
        ELSE 0
      END AS "_complaint",
      CASE
        WHEN (
          "t1"."answered_at" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t1"."arrived_at", "t1"."answered_at") AS DOUBLE) / 1000000.0
          ) <= CASE
            WHEN "t1"."channel" = 'phone'
            THEN 20.0
            WHEN "t1"."channel" = 'chat'
            THEN 30.0
            WHEN "t1"."channel" = 'app'
            THEN 60.0
            WHEN "t1"."channel" = 'counter'
            THEN 600.0
            WHEN "t1"."channel" = 'email'
            THEN 14400.0
            ELSE 20.0
          END
        )
        THEN 1
        ELSE 0
      END AS "_timely",
      TIME_BUCKET(
        INTERVAL '30' MINUTE,
        "t1"."arrived_at" + INTERVAL '28800' SECOND,
        CAST('epoch' AS TIMESTAMP)
      ) AS "interval"
    FROM (
      SELECT
        "t0"."interaction_id",
        "t0"."channel",
        "t0"."queue",
        "t0"."contact_type",
        "t0"."agent_id",
        "t0"."team_id",
        "t0"."customer_key",
        "t0"."issue_key",
        "t0"."arrived_at",
        "t0"."answered_at",
        "t0"."ended_at",
        "t0"."hold_seconds",
        "t0"."wrapup_seconds",
        "t0"."abandoned",
        "t0"."transferred",
        "t0"."resolved",
        "t0"."csat",
        "t0"."work_order_id",
        "t0"."system_problem",
        "t0"."hard_case",
        LEAD("t0"."arrived_at") OVER (
          PARTITION BY "t0"."customer_key", COALESCE("t0"."issue_key", '')
          ORDER BY "t0"."arrived_at" ASC, "t0"."interaction_id" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "_next_arrival"
      FROM "interactions" AS "t0"
    ) AS "t1"
  ) AS "t2"
  GROUP BY
    1
) AS "t3"
