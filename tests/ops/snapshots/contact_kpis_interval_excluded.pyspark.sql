SELECT
  `t3`.`interval`,
  `t3`.`offered`,
  `t3`.`answered`,
  `t3`.`abandoned`,
  `t3`.`short_abandoned`,
  `t3`.`answered_within_sl`,
  `t3`.`answered` AS `sl_base`,
  CAST(`t3`.`abandoned` AS DOUBLE) / NULLIF(CAST(`t3`.`offered` AS DOUBLE), 0.0) AS `abandoned_rate`,
  CAST(`t3`.`answered_within_sl` AS DOUBLE) / NULLIF(CAST(`t3`.`answered` AS DOUBLE), 0.0) AS `service_level`,
  `t3`.`asa`,
  `t3`.`aht`,
  CAST(`t3`.`fcr_resolved` AS DOUBLE) / NULLIF(CAST(`t3`.`fcr_judged` AS DOUBLE), 0.0) AS `fcr_rate`,
  `t3`.`fcr_judged`,
  `t3`.`fcr_resolved`,
  `t3`.`fcr_pending`,
  `t3`.`handled`,
  `t3`.`transferred`,
  CAST(`t3`.`transferred` AS DOUBLE) / NULLIF(CAST(`t3`.`handled` AS DOUBLE), 0.0) AS `transfer_rate`,
  `t3`.`complaints`,
  CAST(`t3`.`complaints` AS DOUBLE) / NULLIF(CAST(`t3`.`offered` AS DOUBLE), 0.0) AS `complaint_rate`,
  `t3`.`timely`,
  CAST(`t3`.`timely` AS DOUBLE) / NULLIF(CAST(`t3`.`offered` AS DOUBLE), 0.0) AS `timeliness_rate`,
  `t3`.`csat`
FROM (
  SELECT
    `t2`.`interval`,
    SUM(
      CAST(NOT (
        `t2`.`abandoned`
        AND NOT (
          `t2`.`answered_at` IS NOT NULL
        )
        AND (
          `t2`.`_life` < 5.0
        )
      )
      AND NOT (
        `t2`.`_outbound`
      ) AS BIGINT)
    ) AS `offered`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      ) AND NOT (
        `t2`.`_outbound`
      ) AS BIGINT)
    ) AS `answered`,
    SUM(
      CAST(`t2`.`abandoned`
      AND NOT (
        `t2`.`answered_at` IS NOT NULL
      )
      AND NOT (
        `t2`.`_outbound`
      )
      AND NOT (
        `t2`.`abandoned`
        AND NOT (
          `t2`.`answered_at` IS NOT NULL
        )
        AND (
          `t2`.`_life` < 5.0
        )
      ) AS BIGINT)
    ) AS `abandoned`,
    SUM(
      CAST(`t2`.`abandoned`
      AND NOT (
        `t2`.`answered_at` IS NOT NULL
      )
      AND (
        `t2`.`_life` < 5.0
      )
      AND NOT (
        `t2`.`_outbound`
      ) AS BIGINT)
    ) AS `short_abandoned`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      )
      AND NOT (
        `t2`.`_outbound`
      )
      AND (
        `t2`.`_wait` <= 20.0
      ) AS BIGINT)
    ) AS `answered_within_sl`,
    SUM(
      CAST(`t2`.`abandoned`
      AND NOT (
        `t2`.`answered_at` IS NOT NULL
      )
      AND NOT (
        `t2`.`_outbound`
      )
      AND NOT (
        `t2`.`abandoned`
        AND NOT (
          `t2`.`answered_at` IS NOT NULL
        )
        AND (
          `t2`.`_life` < 5.0
        )
      )
      AND (
        `t2`.`_life` > 20.0
      ) AS BIGINT)
    ) AS `_ab_after_x`,
    AVG(
      IF(
        (
          `t2`.`answered_at` IS NOT NULL
        ) AND NOT (
          `t2`.`_outbound`
        ),
        `t2`.`_wait`,
        NULL
      )
    ) AS `asa`,
    AVG(IF(`t2`.`answered_at` IS NOT NULL, `t2`.`_handle`, NULL)) AS `aht`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      )
      AND (
        `t2`.`customer_key` IS NOT NULL
      )
      AND NOT (
        `t2`.`_window_open`
      ) AS BIGINT)
    ) AS `fcr_judged`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      )
      AND (
        `t2`.`customer_key` IS NOT NULL
      )
      AND NOT (
        `t2`.`_window_open`
      )
      AND NOT (
        (
          `t2`.`_next_arrival` IS NOT NULL
        )
        AND (
          (
            CAST(DATEDIFF(MICROSECOND, `t2`.`arrived_at`, `t2`.`_next_arrival`) AS DOUBLE) / 1000000.0
          ) <= 604800.0
        )
      ) AS BIGINT)
    ) AS `fcr_resolved`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      )
      AND (
        `t2`.`customer_key` IS NOT NULL
      )
      AND `t2`.`_window_open` AS BIGINT)
    ) AS `fcr_pending`,
    SUM(CAST(`t2`.`answered_at` IS NOT NULL AS BIGINT)) AS `handled`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      ) AND COALESCE(`t2`.`transferred`, FALSE) AS BIGINT)
    ) AS `transferred`,
    SUM(
      CAST(NOT (
        `t2`.`abandoned`
        AND NOT (
          `t2`.`answered_at` IS NOT NULL
        )
        AND (
          `t2`.`_life` < 5.0
        )
      )
      AND NOT (
        `t2`.`_outbound`
      )
      AND (
        `t2`.`contact_type` = 'complaint'
      ) AS BIGINT)
    ) AS `complaints`,
    SUM(
      CAST((
        `t2`.`answered_at` IS NOT NULL
      )
      AND NOT (
        `t2`.`_outbound`
      )
      AND (
        `t2`.`_wait` <= CASE
          WHEN `t2`.`channel` = 'phone'
          THEN 20.0
          WHEN `t2`.`channel` = 'chat'
          THEN 30.0
          WHEN `t2`.`channel` = 'app'
          THEN 60.0
          WHEN `t2`.`channel` = 'counter'
          THEN 600.0
          WHEN `t2`.`channel` = 'email'
          THEN 14400.0
          ELSE 20.0
        END
      ) AS BIGINT)
    ) AS `timely`,
    AVG(`t2`.`csat`) AS `csat`
  FROM (
    SELECT
      `t1`.`interaction_id`,
      `t1`.`channel`,
      `t1`.`contact_type`,
      `t1`.`customer_key`,
      `t1`.`issue_key`,
      `t1`.`arrived_at`,
      `t1`.`answered_at`,
      `t1`.`ended_at`,
      `t1`.`hold_seconds`,
      `t1`.`wrapup_seconds`,
      `t1`.`abandoned`,
      `t1`.`transferred`,
      `t1`.`csat`,
      `t1`.`interval`,
      MIN(
        IF(COALESCE(`t1`.`contact_type` IN ('proactive'), FALSE), NULL, `t1`.`arrived_at`)
      ) OVER (
        PARTITION BY `t1`.`customer_key`, COALESCE(`t1`.`issue_key`, '')
        ORDER BY `t1`.`arrived_at` ASC NULLS LAST, `t1`.`interaction_id` ASC NULLS LAST
        ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING
      ) AS `_next_arrival`,
      (
        CAST(DATEDIFF(MICROSECOND, `t1`.`arrived_at`, CAST('2024-03-10T04:00:00' AS TIMESTAMP)) AS DOUBLE) / 1000000.0
      ) < 604800.0 AS `_window_open`,
      CAST(DATEDIFF(MICROSECOND, `t1`.`arrived_at`, `t1`.`answered_at`) AS DOUBLE) / 1000000.0 AS `_wait`,
      CAST(DATEDIFF(MICROSECOND, `t1`.`arrived_at`, `t1`.`ended_at`) AS DOUBLE) / 1000000.0 AS `_life`,
      (
        CAST(DATEDIFF(MICROSECOND, `t1`.`answered_at`, `t1`.`ended_at`) AS DOUBLE) / 1000000.0
      ) + COALESCE(`t1`.`hold_seconds`, 0.0) + COALESCE(`t1`.`wrapup_seconds`, 0.0) AS `_handle`,
      COALESCE(`t1`.`contact_type` IN ('proactive'), FALSE) AS `_outbound`
    FROM (
      SELECT
        `t0`.`interaction_id`,
        `t0`.`channel`,
        `t0`.`contact_type`,
        `t0`.`customer_key`,
        `t0`.`issue_key`,
        `t0`.`arrived_at`,
        `t0`.`answered_at`,
        `t0`.`ended_at`,
        `t0`.`hold_seconds`,
        `t0`.`wrapup_seconds`,
        `t0`.`abandoned`,
        `t0`.`transferred`,
        `t0`.`csat`,
        CASE
          WHEN EXTRACT(minute FROM `t0`.`arrived_at` + INTERVAL '28800' SECOND) < 30
          THEN DATE_TRUNC('hour', `t0`.`arrived_at` + INTERVAL '28800' SECOND)
          ELSE DATE_TRUNC('hour', `t0`.`arrived_at` + INTERVAL '28800' SECOND) + INTERVAL '30' MINUTE
        END AS `interval`
      FROM `interactions` AS `t0`
    ) AS `t1`
  ) AS `t2`
  GROUP BY
    1
) AS `t3`
