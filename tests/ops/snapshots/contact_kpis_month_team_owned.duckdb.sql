SELECT
  "t8"."month",
  "t8"."team",
  "t8"."offered",
  "t8"."answered",
  "t8"."abandoned",
  "t8"."short_abandoned",
  "t8"."answered_within_sl",
  "t8"."offered" AS "sl_base",
  CAST("t8"."abandoned" AS DOUBLE) / NULLIF(CAST("t8"."offered" AS DOUBLE), 0.0) AS "abandoned_rate",
  CAST("t8"."answered_within_sl" AS DOUBLE) / NULLIF(CAST("t8"."offered" AS DOUBLE), 0.0) AS "service_level",
  "t8"."asa",
  "t8"."aht",
  CAST("t8"."fcr_resolved" AS DOUBLE) / NULLIF(CAST("t8"."fcr_judged" AS DOUBLE), 0.0) AS "fcr_rate",
  "t8"."fcr_judged",
  "t8"."fcr_resolved",
  "t8"."fcr_pending",
  "t8"."handled",
  "t8"."transferred",
  CAST("t8"."transferred" AS DOUBLE) / NULLIF(CAST("t8"."handled" AS DOUBLE), 0.0) AS "transfer_rate",
  "t8"."complaints",
  CAST("t8"."complaints" AS DOUBLE) / NULLIF(CAST("t8"."offered" AS DOUBLE), 0.0) AS "complaint_rate",
  "t8"."timely",
  CAST("t8"."timely" AS DOUBLE) / NULLIF(CAST("t8"."offered" AS DOUBLE), 0.0) AS "timeliness_rate",
  "t8"."csat"
FROM (
  SELECT
    "t7"."month",
    "t7"."team",
    COUNT(*) FILTER(WHERE
      NOT (
        "t7"."abandoned"
        AND NOT (
          "t7"."answered_at" IS NOT NULL
        )
        AND (
          "t7"."_life" < 5.0
        )
      )
      AND NOT (
        "t7"."_outbound"
      )) AS "offered",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      ) AND NOT (
        "t7"."_outbound"
      )) AS "answered",
    COUNT(*) FILTER(WHERE
      "t7"."abandoned"
      AND NOT (
        "t7"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t7"."_outbound"
      )
      AND NOT (
        "t7"."abandoned"
        AND NOT (
          "t7"."answered_at" IS NOT NULL
        )
        AND (
          "t7"."_life" < 5.0
        )
      )) AS "abandoned",
    COUNT(*) FILTER(WHERE
      "t7"."abandoned"
      AND NOT (
        "t7"."answered_at" IS NOT NULL
      )
      AND (
        "t7"."_life" < 5.0
      )
      AND NOT (
        "t7"."_outbound"
      )) AS "short_abandoned",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t7"."_outbound"
      )
      AND (
        "t7"."_wait" <= 20.0
      )) AS "answered_within_sl",
    COUNT(*) FILTER(WHERE
      "t7"."abandoned"
      AND NOT (
        "t7"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t7"."_outbound"
      )
      AND NOT (
        "t7"."abandoned"
        AND NOT (
          "t7"."answered_at" IS NOT NULL
        )
        AND (
          "t7"."_life" < 5.0
        )
      )
      AND (
        "t7"."_life" > 20.0
      )) AS "_ab_after_x",
    AVG("t7"."_wait") FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      ) AND NOT (
        "t7"."_outbound"
      )) AS "asa",
    AVG("t7"."_handle") FILTER(WHERE
      "t7"."answered_at" IS NOT NULL) AS "aht",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      )
      AND (
        "t7"."customer_key" IS NOT NULL
      )
      AND NOT (
        "t7"."_window_open"
      )) AS "fcr_judged",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      )
      AND (
        "t7"."customer_key" IS NOT NULL
      )
      AND NOT (
        "t7"."_window_open"
      )
      AND NOT (
        (
          "t7"."_next_arrival" IS NOT NULL
        )
        AND (
          (
            CAST(DATE_DIFF('MICROSECOND', "t7"."arrived_at", "t7"."_next_arrival") AS DOUBLE) / 1000000.0
          ) <= 604800.0
        )
      )) AS "fcr_resolved",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      )
      AND (
        "t7"."customer_key" IS NOT NULL
      )
      AND "t7"."_window_open") AS "fcr_pending",
    COUNT(*) FILTER(WHERE
      "t7"."answered_at" IS NOT NULL) AS "handled",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      ) AND COALESCE("t7"."transferred", FALSE)) AS "transferred",
    COUNT(*) FILTER(WHERE
      NOT (
        "t7"."abandoned"
        AND NOT (
          "t7"."answered_at" IS NOT NULL
        )
        AND (
          "t7"."_life" < 5.0
        )
      )
      AND NOT (
        "t7"."_outbound"
      )
      AND (
        "t7"."contact_type" = 'complaint'
      )) AS "complaints",
    COUNT(*) FILTER(WHERE
      (
        "t7"."answered_at" IS NOT NULL
      )
      AND NOT (
        "t7"."_outbound"
      )
      AND (
        "t7"."_wait" <= CASE
          WHEN "t7"."channel" = 'phone'
          THEN 20.0
          WHEN "t7"."channel" = 'chat'
          THEN 30.0
          WHEN "t7"."channel" = 'app'
          THEN 60.0
          WHEN "t7"."channel" = 'counter'
          THEN 600.0
          WHEN "t7"."channel" = 'email'
          THEN 14400.0
          ELSE 20.0
        END
      )) AS "timely",
    AVG("t7"."csat") AS "csat"
  FROM (
    SELECT
      "t6"."interaction_id",
      "t6"."channel",
      "t6"."contact_type",
      "t6"."customer_key",
      "t6"."issue_key",
      "t6"."arrived_at",
      "t6"."answered_at",
      "t6"."ended_at",
      "t6"."hold_seconds",
      "t6"."wrapup_seconds",
      "t6"."abandoned",
      "t6"."transferred",
      "t6"."csat",
      "t6"."team_id",
      "t6"."month",
      "t6"."team",
      MIN(
        CASE
          WHEN COALESCE("t6"."contact_type" IN ('proactive'), FALSE)
          THEN NULL
          ELSE "t6"."arrived_at"
        END
      ) OVER (
        PARTITION BY "t6"."customer_key", COALESCE("t6"."issue_key", '')
        ORDER BY "t6"."arrived_at" ASC, "t6"."interaction_id" ASC
        ROWS BETWEEN 1 following AND UNBOUNDED FOLLOWING
      ) AS "_next_arrival",
      (
        CAST(DATE_DIFF('MICROSECOND', "t6"."arrived_at", MAKE_TIMESTAMP(2024, 3, 10, 4, 0, 0.0)) AS DOUBLE) / 1000000.0
      ) < 604800.0 AS "_window_open",
      CAST(DATE_DIFF('MICROSECOND', "t6"."arrived_at", "t6"."answered_at") AS DOUBLE) / 1000000.0 AS "_wait",
      CAST(DATE_DIFF('MICROSECOND', "t6"."arrived_at", "t6"."ended_at") AS DOUBLE) / 1000000.0 AS "_life",
      (
        CAST(DATE_DIFF('MICROSECOND', "t6"."answered_at", "t6"."ended_at") AS DOUBLE) / 1000000.0
      ) + COALESCE("t6"."hold_seconds", 0.0) + COALESCE("t6"."wrapup_seconds", 0.0) AS "_handle",
      COALESCE("t6"."contact_type" IN ('proactive'), FALSE) AS "_outbound"
    FROM (
      SELECT
        "t5"."interaction_id",
        "t5"."channel",
        "t5"."contact_type",
        "t5"."customer_key",
        "t5"."issue_key",
        "t5"."arrived_at",
        "t5"."answered_at",
        "t5"."ended_at",
        "t5"."hold_seconds",
        "t5"."wrapup_seconds",
        "t5"."abandoned",
        "t5"."transferred",
        "t5"."csat",
        "t5"."team_id",
        DATE_TRUNC('MONTH', "t5"."arrived_at" + INTERVAL '28800' SECOND) AS "month",
        "t5"."team_id" AS "team"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t0"."interaction_id",
              "t0"."channel",
              "t0"."queue",
              "t0"."contact_type",
              "t0"."agent_id",
              'T1' AS "team_id",
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
              "t0"."site"
            FROM "interactions" AS "t0"
            WHERE
              "t0"."queue" IN ('credit_card')
          ) AS "t2"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t0"."interaction_id",
              "t0"."channel",
              "t0"."queue",
              "t0"."contact_type",
              "t0"."agent_id",
              'T2' AS "team_id",
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
              "t0"."site"
            FROM "interactions" AS "t0"
            WHERE
              "t0"."queue" IN ('credit_card')
          ) AS "t3"
        ) AS "t4"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t0"."interaction_id",
            "t0"."channel",
            "t0"."queue",
            "t0"."contact_type",
            "t0"."agent_id",
            'T3' AS "team_id",
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
            "t0"."site"
          FROM "interactions" AS "t0"
          WHERE
            "t0"."queue" IN ('retail')
        ) AS "t1"
      ) AS "t5"
    ) AS "t6"
  ) AS "t7"
  GROUP BY
    1,
    2
) AS "t8"
