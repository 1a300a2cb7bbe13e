import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';

/** One replication rule from one bucket to another, as S3 reports its metrics. */
export interface ReplicationPair {
  readonly sourceRegion: string;
  readonly source: s3.IBucket;
  readonly destinationRegion: string;
  readonly destination: s3.IBucket;
  /** The rule ID S3 reports (`<rule>-to-<destination bucket>`). */
  readonly ruleId: string;
}

/** One Regional bucket for the dashboard. */
export interface MonitoredBucket {
  readonly region: string;
  readonly bucket: s3.IBucket;
  readonly stack: Stack;
  readonly topic?: sns.ITopic;
}

/** The alarms of one replication pair. */
export interface ReplicationAlarms {
  readonly pair: ReplicationPair;
  readonly latency: cloudwatch.Alarm;
  readonly failures: cloudwatch.Alarm;
}

/**
 * CloudWatch alarms on `ReplicationLatency` and `OperationsFailedReplication` for every pair (in
 * the source bucket's Region, where S3 publishes them, so in the source's stack), and one
 * dashboard in `dashboardStack` with replication latency and failures per pair and S3 request
 * metrics (requests, 4xx, 5xx, first-byte latency) per bucket, across Regions.
 */
export function addReplicationMonitoring(
  dashboardStack: Stack,
  id: string,
  dashboardName: string,
  buckets: MonitoredBucket[],
  pairs: ReplicationPair[],
  latencyThreshold: Duration,
): ReplicationAlarms[] {
  const byRegion = new Map(buckets.map((b) => [b.region, b]));
  const alarms = pairs.map((pair, i) => {
    const owner = byRegion.get(pair.sourceRegion)!;
    const dimensionsMap = { SourceBucket: pair.source.bucketName, DestinationBucket: pair.destination.bucketName, RuleId: pair.ruleId };
    const label = `${pair.sourceRegion} to ${pair.destinationRegion}`;
    // Explicit names: the dashboard in another Region can then name the alarms.
    const name = `${dashboardName}-replication-${pair.sourceRegion}-to-${pair.destinationRegion}-${i}`;
    const latency = new cloudwatch.Alarm(owner.stack, `${id}Latency${i}`, {
      alarmName: `${name}-latency`,
      alarmDescription: `S3 replication ${label} (${pair.ruleId}) is taking longer than ${latencyThreshold.toHumanString()}`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensionsMap, statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: latencyThreshold.toSeconds(),
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const failures = new cloudwatch.Alarm(owner.stack, `${id}Failures${i}`, {
      alarmName: `${name}-failures`,
      alarmDescription: `S3 replication ${label} (${pair.ruleId}) failed for at least one object`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensionsMap, statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (owner.topic) {
      for (const alarm of [latency, failures]) {
        alarm.addAlarmAction(new actions.SnsAction(owner.topic));
        alarm.addOkAction(new actions.SnsAction(owner.topic));
      }
    }
    return { pair, latency, failures };
  });

  const dashboard = new cloudwatch.Dashboard(dashboardStack, `${id}Dashboard`, { dashboardName });
  const requestMetric = (b: MonitoredBucket, metricName: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    region: b.region,
    dimensionsMap: { BucketName: b.bucket.bucketName, FilterId: 'EntireBucket' },
    statistic,
    period: Duration.minutes(5),
    label: b.region,
  });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({ title: 'Requests', left: buckets.map((b) => requestMetric(b, 'AllRequests', 'Sum')), width: 12 }),
    new cloudwatch.GraphWidget({ title: 'First-byte latency (p99, ms)', left: buckets.map((b) => requestMetric(b, 'FirstByteLatency', 'p99')), width: 12 }),
    new cloudwatch.GraphWidget({ title: '4xx errors', left: buckets.map((b) => requestMetric(b, '4xxErrors', 'Sum')), width: 12 }),
    new cloudwatch.GraphWidget({ title: '5xx errors', left: buckets.map((b) => requestMetric(b, '5xxErrors', 'Sum')), width: 12 }),
  );
  if (alarms.length > 0) {
    const withRegion = (m: cloudwatch.IMetric, region: string, label: string) => (m as cloudwatch.Metric).with({ region, label });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Replication latency (max, seconds)',
        left: alarms.map((a) => withRegion(a.latency.metric, a.pair.sourceRegion, `${a.pair.sourceRegion} to ${a.pair.destinationRegion}`)),
        leftAnnotations: [{ value: latencyThreshold.toSeconds(), label: 'alarm' }],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Operations failed replication',
        left: alarms.map((a) => withRegion(a.failures.metric, a.pair.sourceRegion, `${a.pair.sourceRegion} to ${a.pair.destinationRegion}`)),
        width: 12,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Replication alarms',
        alarms: alarms.flatMap((a) => [a.latency, a.failures]),
        width: 24,
      }),
    );
  }
  return alarms;
}
