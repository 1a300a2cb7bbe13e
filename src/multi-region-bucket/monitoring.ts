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

/**
 * Every replication metric S3 publishes for rules of `source`, one series per destination bucket
 * (for a graph in the source's Region).
 */
function replicationSearch(source: MonitoredBucket, metricName: string, statistic: string, what: string): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{AWS/S3,DestinationBucket,RuleId,SourceBucket} MetricName="${metricName}" SourceBucket="${source.bucket.bucketName}"', '${statistic}', 300)`,
    usingMetrics: {},
    label: `${what} to \${PROP('Dim.DestinationBucket')}`,
    period: Duration.minutes(5),
  });
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
  // One row per source Region, so that every widget stays within CloudWatch's limits at 17 Regions
  // (272 pairs, 544 alarms): a graph takes at most 100 metrics and expressions, an alarm status
  // widget at most 100 alarms. The graphs use one SEARCH expression per metric in the source's
  // Region, so the dashboard body grows with the Regions, not with the pairs.
  for (const source of buckets) {
    const fromHere = alarms.filter((a) => a.pair.sourceRegion === source.region);
    if (fromHere.length === 0) continue;
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `Replication from ${source.region}: latency (max, seconds) and failed operations`,
        // S3 publishes replication metrics in the source's Region.
        region: source.region,
        left: [replicationSearch(source, 'ReplicationLatency', 'Maximum', 'latency')],
        right: [replicationSearch(source, 'OperationsFailedReplication', 'Sum', 'failed')],
        leftAnnotations: [{ value: latencyThreshold.toSeconds(), label: 'latency alarm' }],
        width: 12,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: `Replication alarms from ${source.region}`,
        alarms: fromHere.flatMap((a) => [a.latency, a.failures]),
        width: 12,
        height: 6,
      }),
    );
  }
  return alarms;
}
