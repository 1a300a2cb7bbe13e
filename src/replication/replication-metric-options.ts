import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Options of an S3 replication metric: the metric's options, and which rule it is reported for.
 * Options with which the metric would have no data are refused: a `period` that is not a whole
 * number of minutes (S3 publishes replication metrics per minute), a `region` or `account` other
 * than where S3 publishes the metric, a `statistic` S3 does not document for it (Maximum for
 * latency and pending; Sum, Average or SampleCount for failed operations).
 */
export interface ReplicationMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The rule, by its `id` as given in `rules` (or `rule<N>`, N being its position from 1, when
   * it has none). S3 reports replication metrics per rule and destination.
   *
   * @default - the only rule (required when there are several)
   */
  readonly rule?: string;
}
