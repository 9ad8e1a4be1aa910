SELECT
  `t2`.`week`,
  `t2`.`team`,
  `t2`.`work_orders`,
  `t2`.`wo_pending`,
  CAST(`t2`.`_on_time` AS DOUBLE) / NULLIF(CAST(`t2`.`_decided` AS DOUBLE), 0.0) AS `wo_timeliness_rate`,
  CAST(`t2`.`_reopened` AS DOUBLE) / NULLIF(CAST(`t2`.`_ever_closed` AS DOUBLE), 0.0) AS `reopen_rate`,
  CAST(`t2`.`_cb_done` AS DOUBLE) / NULLIF(CAST(`t2`.`_needs_cb` AS DOUBLE), 0.0) AS `callback_rate`
FROM (
  SELECT
    `t1`.`week`,
    `t1`.`team`,
    COUNT(*) AS `work_orders`,
    SUM(`t1`.`_decided`) AS `_decided`,
    SUM(`t1`.`_open`) AS `wo_pending`,
    SUM(`t1`.`_on_time`) AS `_on_time`,
    SUM(`t1`.`_ever_closed`) AS `_ever_closed`,
    SUM(`t1`.`_reopened`) AS `_reopened`,
    SUM(`t1`.`_needs_cb`) AS `_needs_cb`,
    SUM(`t1`.`_cb_done`) AS `_cb_done`
  FROM (
    SELECT
      `t0`.`work_order_id`,
      `t0`.`interaction_id`,
      `t0`.`queue`,
      `t0`.`team_id`,
      `t0`.`owner_id`,
      `t0`.`customer_key`,
      `t0`.`contact_type`,
      `t0`.`status`,
      `t0`.`created_at`,
      `t0`.`assigned_at`,
      `t0`.`due_at`,
      `t0`.`escalated`,
      `t0`.`closed_at`,
      `t0`.`first_closed_at`,
      `t0`.`reopened_count`,
      `t0`.`callback_required`,
      `t0`.`callback_done`,
      `t0`.`callback_at`,
      `t0`.`callback_result`,
      IF(
        (
          (
            `t0`.`closed_at` IS NOT NULL
          )
          AND (
            `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
          )
        )
        OR (
          `t0`.`due_at` < CAST('2024-03-10T04:00:00' AS TIMESTAMP)
        ),
        1,
        0
      ) AS `_decided`,
      IF(
        NOT (
          (
            (
              `t0`.`closed_at` IS NOT NULL
            )
            AND (
              `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
            )
          )
          OR (
            `t0`.`due_at` < CAST('2024-03-10T04:00:00' AS TIMESTAMP)
          )
        ),
        1,
        0
      ) AS `_open`,
      IF(
        (
          `t0`.`closed_at` IS NOT NULL
        )
        AND (
          `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
        )
        AND (
          `t0`.`closed_at` <= `t0`.`due_at`
        ),
        1,
        0
      ) AS `_on_time`,
      IF(
        (
          (
            `t0`.`closed_at` IS NOT NULL
          )
          AND (
            `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
          )
        )
        OR (
          `t0`.`first_closed_at` IS NOT NULL
        ),
        1,
        0
      ) AS `_ever_closed`,
      IF(
        (
          COALESCE(`t0`.`reopened_count`, 0) > 0
        )
        AND (
          (
            (
              `t0`.`closed_at` IS NOT NULL
            )
            AND (
              `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
            )
          )
          OR (
            `t0`.`first_closed_at` IS NOT NULL
          )
        ),
        1,
        0
      ) AS `_reopened`,
      IF(
        (
          `t0`.`closed_at` IS NOT NULL
        )
        AND (
          `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
        )
        AND COALESCE(`t0`.`callback_required`, TRUE),
        1,
        0
      ) AS `_needs_cb`,
      IF(
        (
          `t0`.`closed_at` IS NOT NULL
        )
        AND (
          `t0`.`closed_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
        )
        AND COALESCE(`t0`.`callback_required`, TRUE)
        AND COALESCE(`t0`.`callback_done`, FALSE),
        1,
        0
      ) AS `_cb_done`,
      DATE_TRUNC('week', `t0`.`created_at` + INTERVAL '28800' SECOND) AS `week`,
      `t0`.`team_id` AS `team`
    FROM `work_orders` AS `t0`
    WHERE
      `t0`.`created_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
  ) AS `t1`
  GROUP BY
    1,
    2
) AS `t2`
