SELECT
  `t9`.`queue`,
  COUNT(*) AS `open`,
  SUM(`t9`.`_overdue`) AS `overdue`,
  AVG(`t9`.`_age`) AS `mean_age_days`,
  MAX(`t9`.`_age`) AS `max_age_days`,
  SUM(IF((
    `t9`.`_age` >= 0.0
  ) AND (
    `t9`.`_age` < 1.0
  ), 1, 0)) AS `age_lt_1d`,
  SUM(IF((
    `t9`.`_age` >= 1.0
  ) AND (
    `t9`.`_age` < 3.0
  ), 1, 0)) AS `age_1_3d`,
  SUM(IF((
    `t9`.`_age` >= 3.0
  ) AND (
    `t9`.`_age` < 7.0
  ), 1, 0)) AS `age_3_7d`,
  SUM(IF(`t9`.`_age` >= 7.0, 1, 0)) AS `age_ge_7d`
FROM (
  SELECT
    `t8`.`work_order_id`,
    `t8`.`interaction_id`,
    `t8`.`queue`,
    `t8`.`team_id`,
    `t8`.`owner_id`,
    `t8`.`customer_key`,
    `t8`.`contact_type`,
    `t8`.`status`,
    `t8`.`created_at`,
    `t8`.`assigned_at`,
    `t8`.`due_at`,
    `t8`.`escalated`,
    `t8`.`closed_at`,
    `t8`.`first_closed_at`,
    `t8`.`reopened_count`,
    `t8`.`callback_required`,
    `t8`.`callback_done`,
    `t8`.`callback_at`,
    `t8`.`callback_result`,
    (
      CAST(DATEDIFF(MICROSECOND, `t8`.`created_at`, CAST('2024-03-10T04:00:00' AS TIMESTAMP)) AS DOUBLE) / 1000000.0
    ) / 86400.0 AS `_age`,
    IF(`t8`.`due_at` < CAST('2024-03-10T04:00:00' AS TIMESTAMP), 1, 0) AS `_overdue`
  FROM (
    SELECT
      `t4`.`work_order_id`,
      `t4`.`interaction_id`,
      `t4`.`queue`,
      `t4`.`team_id`,
      `t4`.`owner_id`,
      `t4`.`customer_key`,
      `t4`.`contact_type`,
      `t4`.`status`,
      `t4`.`created_at`,
      `t4`.`assigned_at`,
      `t4`.`due_at`,
      `t4`.`escalated`,
      `t4`.`closed_at`,
      `t4`.`first_closed_at`,
      `t4`.`reopened_count`,
      `t4`.`callback_required`,
      `t4`.`callback_done`,
      `t4`.`callback_at`,
      `t4`.`callback_result`,
      `t7`.`_wo`,
      `t7`.`_last_status`
    FROM (
      SELECT
        *
      FROM `work_orders` AS `t0`
      WHERE
        `t0`.`created_at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
    ) AS `t4`
    LEFT OUTER JOIN (
      SELECT
        `t5`.`work_order_id` AS `_wo`,
        `t5`.`status` AS `_last_status`
      FROM (
        SELECT
          `t3`.`work_order_id`,
          `t3`.`at`,
          `t3`.`status`,
          `t3`.`actor_id`,
          `t3`.`note`,
          ROW_NUMBER() OVER (PARTITION BY `t3`.`work_order_id` ORDER BY `t3`.`at` DESC, `t3`.`status` DESC) - 1 AS `_rn`
        FROM (
          SELECT
            *
          FROM `work_order_events` AS `t1`
          WHERE
            `t1`.`at` <= CAST('2024-03-10T04:00:00' AS TIMESTAMP)
        ) AS `t3`
      ) AS `t5`
      WHERE
        `t5`.`_rn` = 0
    ) AS `t7`
      ON `t4`.`work_order_id` = `t7`.`_wo`
  ) AS `t8`
  WHERE
    IF(
      `t8`.`_last_status` IS NOT NULL,
      `t8`.`_last_status` <> 'closed',
      (
        `t8`.`closed_at` IS NULL
      )
      OR (
        `t8`.`closed_at` > CAST('2024-03-10T04:00:00' AS TIMESTAMP)
      )
    )
) AS `t9`
GROUP BY
  1
