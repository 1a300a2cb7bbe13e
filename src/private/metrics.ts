import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { bucketNameOf, regionOf } from './buckets';

/**
 * The S3 replication metrics (S3 User Guide, "Using S3 Replication metrics" and "Metrics and
 * dimensions"): namespace `AWS/S3`, dimensions `SourceBucket`, `DestinationBucket` and `RuleId`.
 */
export type ReplicationMetricName =
  | 'ReplicationLatency'
  | 'OperationsPendingReplication'
  | 'BytesPendingReplication'
  | 'OperationsFailedReplication';

/**
 * The statistic S3 documents for each metric (Max for latency and pending; Sum for failures), and
 * the bucket whose Region S3 publishes it in: the destination's for latency and pending, the
 * source's for failures.
 */
const REPLICATION_METRICS: Record<ReplicationMetricName, { statistic: string; publishedIn: 'source' | 'destination' }> = {
  ReplicationLatency: { statistic: 'Maximum', publishedIn: 'destination' },
  OperationsPendingReplication: { statistic: 'Maximum', publishedIn: 'destination' },
  BytesPendingReplication: { statistic: 'Maximum', publishedIn: 'destination' },
  OperationsFailedReplication: { statistic: 'Sum', publishedIn: 'source' },
};

/** The period of every metric of this library, and of its alarms. */
export const METRIC_PERIOD = Duration.minutes(5);

/** One rule from one bucket to another, as S3 reports its replication metrics. */
export interface ReplicationMetricTarget {
  readonly source: s3.IBucket;
  readonly destination: s3.IBucket;
  /** The rule ID S3 reports (`<rule>-to-<destination bucket>`). */
  readonly ruleId: string;
}

/** A replication metric of one rule, in the Region S3 publishes it in (when known). */
export function replicationMetric(
  metricName: ReplicationMetricName,
  target: ReplicationMetricTarget,
  options: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  const { statistic, publishedIn } = REPLICATION_METRICS[metricName];
  const region = regionOf(publishedIn === 'source' ? target.source : target.destination);
  return new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    dimensionsMap: { SourceBucket: bucketNameOf(target.source), DestinationBucket: bucketNameOf(target.destination), RuleId: target.ruleId },
    statistic,
    period: METRIC_PERIOD,
    region: Token.isUnresolved(region) ? undefined : region,
    ...defined(options),
  });
}

/** The S3 request metrics (S3 User Guide, "Metrics and dimensions"), with the statistic used by default. */
export const REQUEST_METRICS = {
  'AllRequests': 'Sum',
  '4xxErrors': 'Sum',
  '5xxErrors': 'Sum',
  'FirstByteLatency': 'Average',
  'TotalRequestLatency': 'Average',
} as const;

export type RequestMetricName = keyof typeof REQUEST_METRICS;

/**
 * A request metric of `bucket` for the request metrics configuration `filterId` (dimensions
 * `BucketName` and `FilterId`), in the bucket's Region.
 */
export function requestMetric(
  metricName: RequestMetricName,
  bucket: s3.IBucket,
  region: string,
  filterId: string,
  options: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    dimensionsMap: { BucketName: bucketNameOf(bucket), FilterId: filterId },
    statistic: REQUEST_METRICS[metricName],
    period: METRIC_PERIOD,
    region,
    ...defined(options),
  });
}

/** The options that are set (an explicit `undefined` must not replace a default). */
function defined(options: cloudwatch.MetricOptions): cloudwatch.MetricOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
