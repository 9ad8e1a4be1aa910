SELECT
  "t10"."day",
  "t10"."agent",
  COALESCE("t10"."handling_seconds", 0.0) AS "handling_seconds",
  "t10"."available_seconds",
  COALESCE("t10"."handling_seconds", 0.0) / NULLIF("t10"."available_seconds", 0.0) AS "occupancy"
FROM (
  SELECT
    "t9"."day",
    "t9"."agent",
    "t9"."available_seconds",
    "t6"."handling_seconds"
  FROM (
    SELECT
      "t7"."day",
      "t7"."agent",
      SUM("t7"."_secs") AS "available_seconds"
    FROM (
      SELECT
        "t4"."agent_id",
        "t4"."team_id",
        "t4"."state",
        "t4"."reason",
        "t4"."start_at",
        "t4"."end_at",
        "t4"."_start",
        "t4"."_end",
        "t4"."_p",
        CAST(DATE_DIFF(
          'MICROSECOND',
          GREATEST("t4"."_start", "t4"."_p"),
          LEAST("t4"."_end", "t4"."_p" + INTERVAL '1' DAY)
        ) AS DOUBLE) / 1000000.0 AS "_secs",
        "t4"."_p" AS "day",
        "t4"."agent_id" AS "agent"
      FROM (
        SELECT
          "t2"."agent_id",
          "t2"."team_id",
          "t2"."state",
          "t2"."reason",
          "t2"."start_at",
          "t2"."end_at",
          "t2"."_start",
          "t2"."_end",
          UNNEST(RANGE(DATE_TRUNC('DAY', "t2"."_start"), "t2"."_end", INTERVAL '1' DAY)) AS "_p"
        FROM (
          SELECT
            "t1"."agent_id",
            "t1"."team_id",
            "t1"."state",
            "t1"."reason",
            "t1"."start_at",
            "t1"."end_at",
            "t1"."start_at" + INTERVAL '28800' SECOND AS "_start",
            "t1"."end_at" + INTERVAL '28800' SECOND AS "_end"
          FROM "agent_states" AS "t1"
          WHERE
            "t1"."state" = 'ready'
        ) AS "t2"
      ) AS "t4"
    ) AS "t7"
    GROUP BY
      1,
      2
  ) AS "t9"
  LEFT OUTER JOIN (
    SELECT
      "t3"."day",
      "t3"."agent",
      SUM("t3"."_handle") AS "handling_seconds"
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
        "t0"."site",
        (
          CAST(DATE_DIFF('MICROSECOND', "t0"."answered_at", "t0"."ended_at") AS DOUBLE) / 1000000.0
        ) + COALESCE("t0"."wrapup_seconds", 0.0) + COALESCE("t0"."hold_seconds", 0.0) AS "_handle",
        DATE_TRUNC('DAY', "t0"."answered_at" + INTERVAL '28800' SECOND) AS "day",
        "t0"."agent_id" AS "agent"
      FROM "interactions" AS "t0"
      WHERE
        "t0"."answered_at" IS NOT NULL
    ) AS "t3"
    GROUP BY
      1,
      2
  ) AS "t6"
    ON "t9"."day" = "t6"."day" AND "t9"."agent" = "t6"."agent"
) AS "t10"
