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

/**
 * The statistics S3 documents as valid for each replication metric ("Metrics and dimensions":
 * "Valid statistics: Max" for latency and pending; Sum, Average and Sample Count for failures), as
 * CloudWatch names them, lower case.
 */
const VALID_REPLICATION_STATISTICS: Record<ReplicationMetricName, string[]> = {
  ReplicationLatency: ['maximum'],
  OperationsPendingReplication: ['maximum'],
  BytesPendingReplication: ['maximum'],
  OperationsFailedReplication: ['sum', 'average', 'samplecount'],
};

/** The names aws-cdk-lib accepts for the same statistic (`Stats` and the short forms). */
const STATISTIC_ALIASES: Record<string, string> = { max: 'maximum', avg: 'average', n: 'samplecount' };

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

/** Where S3 publishes one metric: the Region (and account, when known) whose CloudWatch has it. */
export interface PublishedIn {
  readonly region?: string;
  readonly account?: string;
  /** Whose Region this is, for the message ("destination bucket"). */
  readonly regionOf: string;
  /** Whose account this is, for the message ("source bucket"). */
  readonly accountOf?: string;
}

/**
 * Why `options` would make a metric with no data, or undefined: a period that is not a whole
 * number of minutes (S3 publishes its request and replication metrics at 1-minute intervals, and
 * CloudWatch has no data point for a shorter period), or a Region or account other than the one
 * S3 publishes the metric in; or, for a replication metric, a statistic S3 does not document for it.
 * Values that are tokens are not checked.
 */
export function metricOptionsProblem(metricName: string, options: cloudwatch.MetricOptions | undefined, published: PublishedIn): string | undefined {
  const period = options?.period;
  if (period !== undefined && !period.isUnresolved()) {
    const seconds = period.toMilliseconds() / 1000;
    if (!Number.isInteger(seconds / 60) || seconds < 60) {
      return `'period' must be a whole number of minutes (S3 publishes ${metricName} at 1-minute intervals), got ${seconds} seconds`;
    }
  }
  const statistic = options?.statistic;
  const valid = VALID_REPLICATION_STATISTICS[metricName as ReplicationMetricName];
  if (valid && statistic !== undefined && !Token.isUnresolved(statistic)) {
    const lower = statistic.toLowerCase();
    if (!valid.includes(STATISTIC_ALIASES[lower] ?? lower)) {
      const names = valid.map((v) => ({ maximum: 'Maximum', sum: 'Sum', average: 'Average', samplecount: 'SampleCount' } as Record<string, string>)[v]);
      return `'statistic' must be one S3 documents for ${metricName} (${names.join(', ')}), got ${statistic}`;
    }
  }
  const checks: Array<['region' | 'account', string, string | undefined, string | undefined, string | undefined]> = [
    ['region', 'Region', options?.region, published.region, published.regionOf],
    ['account', 'account', options?.account, published.account, published.accountOf],
  ];
  for (const [property, label, given, expected, whose] of checks) {
    if (given === undefined || expected === undefined || Token.isUnresolved(given) || Token.isUnresolved(expected) || given === expected) continue;
    return `'${property}' must be ${expected}, the ${label} of the ${whose} (S3 publishes ${metricName} there; CloudWatch in ${given} has no data for it), got ${given}; leave it out`;
  }
  return undefined;
}

/** The options that are set (an explicit `undefined` must not replace a default). */
function defined(options: cloudwatch.MetricOptions): cloudwatch.MetricOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
