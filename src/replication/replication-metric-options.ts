import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Options of an S3 replication metric: the metric's options, and which rule it is reported for.
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
