SELECT
  `t1`.`queue`,
  COUNT(*) AS `open`,
  SUM(`t1`.`_overdue`) AS `overdue`,
  AVG(`t1`.`_age`) AS `mean_age_days`,
  MAX(`t1`.`_age`) AS `max_age_days`,
  SUM(IF((
    `t1`.`_age` >= 0.0
  ) AND (
    `t1`.`_age` < 1.0
  ), 1, 0)) AS `age_lt_1d`,
  SUM(IF((
    `t1`.`_age` >= 1.0
  ) AND (
    `t1`.`_age` < 3.0
  ), 1, 0)) AS `age_1_3d`,
  SUM(IF((
    `t1`.`_age` >= 3.0
  ) AND (
    `t1`.`_age` < 7.0
  ), 1, 0)) AS `age_3_7d`,
  SUM(IF(`t1`.`_age` >= 7.0, 1, 0)) AS `age_ge_7d`
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
    (
      CAST(DATEDIFF(MICROSECOND, `t0`.`created_at`, CAST('2024-03-10T04:00:00' AS TIMESTAMP)) AS DOUBLE) / 1000000.0
    ) / 86400.0 AS `_age`,
    IF(`t0`.`due_at` < CAST('2024-03-10T04:00:00' AS TIMESTAMP), 1, 0) AS `_overdue`
  FROM `work_orders` AS `t0`
  WHERE
    `t0`.`created_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
    AND (
      (
        `t0`.`closed_at` IS NULL
      )
      OR (
        `t0`.`closed_at` > CAST('2024-03-10T04:00:00' AS TIMESTAMP)
      )
    )
) AS `t1`
GROUP BY
  1
