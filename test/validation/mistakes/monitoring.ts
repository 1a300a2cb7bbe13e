import { App, Aws, Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketReplication, BucketReplicationProps, MultiRegionBucket, MultiRegionBucketProps, RegionalBucket, Replication, ReplicationMesh } from '../../../src';
import { replicationFixture, stackIn } from '../../replication/fixtures';
import { ACCOUNT } from '../../util/stacks';
import type { Mistake } from '../mistakes';

/**
 * The monitoring surface: the `monitoring` prop of `MultiRegionBucket` (alarms, thresholds,
 * dashboard), `alarmTopics`, `dashboardWidgets(account)`, the `metric*` methods of the L3 and of
 * the replication building blocks. By intent: tuning an alarm, placing a dashboard, reading a metric.
 */

const OTHER_ACCOUNT = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const METRICS = { metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES };
const RTC_ON = { replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES };
/** One-way from us-east-1 into replicas of another account: every pair crosses accounts. */
const REPLICAS_ELSEWHERE = { 'eu-west-1': OTHER_ACCOUNT, 'ap-southeast-2': OTHER_ACCOUNT };
/** Every bucket in another account than the global stack's. */
const ALL_ELSEWHERE = { 'us-east-1': OTHER_ACCOUNT, ...REPLICAS_ELSEWHERE };

function site(props: Partial<MultiRegionBucketProps>): () => MultiRegionBucket {
  return () => new MultiRegionBucket(new App(), 'Site', { regions: REGIONS, account: ACCOUNT, ...props });
}

/** A site whose `then` step (a metric, widgets...) is the mistake. */
function siteThen(props: Partial<MultiRegionBucketProps>, then: (site: MultiRegionBucket) => unknown): () => unknown {
  return () => then(site(props)());
}

/** A BucketReplication of the replication fixture (eu-west-1 to us-east-1), then `then` with it. */
function replicationThen(
  props: Partial<BucketReplicationProps>,
  then: (made: BucketReplication, f: ReturnType<typeof replicationFixture>) => unknown,
): () => unknown {
  return () => {
    const f = replicationFixture();
    const made = new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], ...props });
    return then(made, f);
  };
}

export const MONITORING_MISTAKES: Mistake[] = [
  // ------------------------------------------------------------ tuning the replication alarms
  {
    name: 'replication alarms without replication metrics',
    property: 'monitoring.replicationAlarms',
    value: "is true but replication metrics are off ('metrics' or 'replicationTimeControl' of 'replication')",
    build: site({ monitoring: { replicationAlarms: true } }),
  },
  {
    name: 'replication alarms with replication off',
    property: 'monitoring.replicationAlarms',
    value: "is true but replication metrics are off ('replication' is Replication.none())",
    build: site({ replication: Replication.none(), monitoring: { replicationAlarms: true } }),
  },
  {
    name: 'an alarm threshold with the alarms turned off',
    property: 'monitoring.replicationLatencyThreshold',
    value: "applies only to the replication alarms, but 'monitoring.replicationAlarms' is false",
    build: site({
      replication: Replication.twoWay(RTC_ON),
      monitoring: { replicationAlarms: false, replicationLatencyThreshold: Duration.minutes(30) },
    }),
  },
  {
    name: 'a failure threshold with replication off (nothing to alarm on)',
    property: 'monitoring.replicationFailureThreshold',
    value: "applies only to the replication alarms, but 'replication' is Replication.none(), got 3",
    build: site({ replication: Replication.none(), monitoring: { replicationFailureThreshold: 3 } }),
  },
  {
    name: 'a latency threshold when every pair crosses accounts (no pair has a latency alarm)',
    property: 'monitoring.replicationLatencyThreshold',
    value: `tunes no alarm, got 5 minutes: every replication pair crosses accounts (us-east-1 (${ACCOUNT}) to eu-west-1 (${OTHER_ACCOUNT})`,
    build: site({
      replication: Replication.oneWay(METRICS),
      accounts: REPLICAS_ELSEWHERE,
      monitoring: { replicationLatencyThreshold: Duration.minutes(5) },
    }),
  },
  {
    name: 'latency evaluation periods when every pair crosses accounts',
    property: 'monitoring.replicationLatencyEvaluationPeriods',
    value: 'tunes no alarm, got 6: every replication pair crosses accounts',
    build: site({ replication: Replication.oneWay(RTC_ON), accounts: REPLICAS_ELSEWHERE, monitoring: { replicationLatencyEvaluationPeriods: 6 } }),
  },
  {
    name: 'a latency threshold in milliseconds',
    property: 'monitoring.replicationLatencyThreshold',
    value: 'must be a whole number of seconds, at least 1 (S3 reports ReplicationLatency in seconds), got 500 millis',
    build: site({ replication: Replication.twoWay(RTC_ON), monitoring: { replicationLatencyThreshold: Duration.millis(500) } }),
  },
  {
    name: 'a latency threshold with a fraction of a second (the fraction is printed, not rounded away)',
    property: 'monitoring.replicationLatencyThreshold',
    value: 'got 1 second 500 millis',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationLatencyThreshold: Duration.millis(1500) } }),
  },
  {
    name: 'a latency threshold of zero (an alarm on any replication at all)',
    property: 'monitoring.replicationLatencyThreshold',
    value: 'must be a whole number of seconds, at least 1 (S3 reports ReplicationLatency in seconds), got 0 seconds',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationLatencyThreshold: Duration.seconds(0) } }),
  },
  {
    name: 'evaluation periods beyond one day',
    property: 'monitoring.replicationFailureEvaluationPeriods',
    value: 'must be a whole number from 1 to 288 (5-minute periods; CloudWatch evaluates at most one day), got 300',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationFailureEvaluationPeriods: 300 } }),
  },
  {
    name: 'zero latency evaluation periods (meaning "at once")',
    property: 'monitoring.replicationLatencyEvaluationPeriods',
    value: 'must be a whole number from 1 to 288 (5-minute periods; CloudWatch evaluates at most one day), got 0',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationLatencyEvaluationPeriods: 0 } }),
  },
  {
    name: 'fractional evaluation periods (minutes divided by 5)',
    property: 'monitoring.replicationLatencyEvaluationPeriods',
    value: 'got 2.5',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationLatencyEvaluationPeriods: 2.5 } }),
  },
  {
    name: 'a failure alarm that waits for failures in several periods (to ignore noise)',
    property: 'monitoring.replicationFailureEvaluationPeriods',
    value: 'is 3: the failure alarm fires only when operations fail in 3 consecutive 5-minute periods',
    warning: 'cdk-multi-region-bucket:failureAlarmMissesIsolatedFailures',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationFailureEvaluationPeriods: 3 } }),
  },
  {
    name: 'a negative failure threshold',
    property: 'monitoring.replicationFailureThreshold',
    value: 'must be a whole number of operations, at least 0 (the alarm fires above it; a count of failed operations in 5 minutes, not a rate), got -1',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationFailureThreshold: -1 } }),
  },
  {
    name: 'a failure rate instead of a count of failed operations',
    property: 'monitoring.replicationFailureThreshold',
    value: 'a count of failed operations in 5 minutes, not a rate), got 0.05',
    build: site({ replication: Replication.twoWay(METRICS), monitoring: { replicationFailureThreshold: 0.05 } }),
  },

  // ------------------------------------------------------------ placing the dashboard
  {
    name: 'a dashboard asked for in an account without buckets',
    property: 'monitoring.dashboard',
    value: `is true, but the dashboard would be in the global stack's account (${ACCOUNT}), which has no bucket`,
    build: site({ accounts: ALL_ELSEWHERE, monitoring: { dashboard: true } }),
  },
  {
    name: 'widgets for the default account when it has no bucket',
    property: 'account',
    value: `got none, which means the global stack's account ${ACCOUNT}, which has no bucket`,
    build: siteThen({ accounts: ALL_ELSEWHERE }, (s) => s.dashboardWidgets()),
  },
  {
    name: 'widgets for an account of the setup that has no bucket (only the global stack)',
    property: 'account',
    value: `must be one of the accounts of the buckets (${OTHER_ACCOUNT}), got ${ACCOUNT}`,
    build: siteThen({ accounts: ALL_ELSEWHERE }, (s) => s.dashboardWidgets(ACCOUNT)),
  },
  {
    name: 'widgets for "this account" as a token',
    property: 'account',
    value: 'got a token',
    build: siteThen({}, (s) => s.dashboardWidgets(Aws.ACCOUNT_ID)),
  },

  // ------------------------------------------------------------ reading a metric
  {
    name: 'a replication metric from a Region that does not replicate (one-way)',
    property: 'sourceRegion',
    value: 'must be a Region whose bucket replicates (us-east-1), got eu-west-1',
    build: siteThen({ replication: Replication.oneWay(METRICS) }, (s) => s.metricReplicationLatency('eu-west-1', 'us-east-1')),
  },
  {
    name: 'a replication metric to the source Region itself',
    property: 'destinationRegion',
    value: 'must be another Region that receives replicas from us-east-1 (eu-west-1, ap-southeast-2), got us-east-1',
    build: siteThen({ replication: Replication.twoWay(METRICS) }, (s) => s.metricOperationsFailedReplication('us-east-1', 'us-east-1')),
  },
  {
    name: 'a replication metric to a Region outside the setup',
    property: 'destinationRegion',
    value: 'must be another Region that receives replicas from us-east-1 (eu-west-1, ap-southeast-2), got us-west-2',
    build: siteThen({ replication: Replication.twoWay(METRICS) }, (s) => s.metricReplicationLatency('us-east-1', 'us-west-2')),
  },
  {
    name: 'a request metric of a Region outside the setup',
    property: 'bucketRegion',
    value: 'must be one of the Regions of the buckets (us-east-1, eu-west-1, ap-southeast-2), got us-west-2',
    build: siteThen({}, (s) => s.metricServerErrors('us-west-2')),
  },
  {
    name: 'a replication metric with metrics off (no data would come)',
    property: 'replication',
    value: 'must turn on replication metrics (Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), or \'replicationTimeControl\') for S3 to publish replication metrics, got metrics off',
    build: siteThen({}, (s) => s.metricBytesPendingReplication('us-east-1', 'eu-west-1')),
  },
  {
    name: 'a replication metric of a rule the setup does not have',
    property: 'rule',
    value: "must be the id of one of the rules of Site/global/Replication/From-us-east-1 (rule1), got 'media'",
    build: siteThen({ replication: Replication.twoWay(METRICS) }, (s) => s.metricReplicationLatency('us-east-1', 'eu-west-1', { rule: 'media' })),
  },
  {
    name: 'a request metric with a period of seconds (S3 publishes per minute)',
    property: 'period',
    value: 'must be a whole number of minutes (S3 publishes FirstByteLatency at 1-minute intervals), got 30 seconds',
    build: siteThen({}, (s) => s.metricFirstByteLatency('eu-west-1', { period: Duration.seconds(30) })),
  },
  {
    name: 'a replication metric with a period of a minute and a half (not rounded to 1 minute)',
    property: 'period',
    value: 'must be a whole number of minutes (S3 publishes OperationsPendingReplication at 1-minute intervals), got 90 seconds',
    build: siteThen({ replication: Replication.twoWay(METRICS) }, (s) => s.metricOperationsPendingReplication('us-east-1', 'eu-west-1', { period: Duration.seconds(90) })),
  },
  {
    name: 'replication latency in the source\'s Region (S3 publishes it in the destination\'s)',
    property: 'region',
    value: 'must be eu-west-1, the Region of the destination bucket (S3 publishes ReplicationLatency there; CloudWatch in us-east-1 has no data for it), got us-east-1',
    build: siteThen({ replication: Replication.twoWay(METRICS) }, (s) => s.metricReplicationLatency('us-east-1', 'eu-west-1', { region: 'us-east-1' })),
  },
  {
    name: 'replication latency in the destination\'s account (S3 publishes it in the source\'s)',
    property: 'account',
    value: `must be ${ACCOUNT}, the account of the source bucket (S3 publishes ReplicationLatency there; CloudWatch in ${OTHER_ACCOUNT} has no data for it), got ${OTHER_ACCOUNT}`,
    build: siteThen({ replication: Replication.oneWay(METRICS), accounts: { 'eu-west-1': OTHER_ACCOUNT } }, (s) => s.metricReplicationLatency('us-east-1', 'eu-west-1', { account: OTHER_ACCOUNT })),
  },
  {
    name: 'the average of replication latency (S3 documents only the maximum)',
    property: 'statistic',
    value: 'must be one S3 documents for ReplicationLatency (Maximum), got Average',
    build: siteThen({ replication: Replication.twoWay(METRICS) }, (s) => s.metricReplicationLatency('us-east-1', 'eu-west-1', { statistic: 'Average' })),
  },

  // ------------------------------------------------------------ the building blocks' metrics
  {
    name: 'a replication metric of a bucket that is not a destination',
    property: 'destination',
    value: 'must be one of the destinations of Source/Replication, got Source/Data/Bucket (source-eu-west-1)',
    build: replicationThen(METRICS, (r, f) => r.metricReplicationLatency(f.source)),
  },
  {
    name: 'a replication metric without a rule when there are several',
    property: 'rule',
    value: 'must name one of the rules (media, docs) because Source/Replication has 2',
    build: replicationThen({ ...METRICS, rules: [{ id: 'media', filter: { prefix: 'media/' } }, { id: 'docs', filter: { prefix: 'docs/' } }] }, (r, f) => r.metricOperationsPendingReplication(f.destination)),
  },
  {
    name: 'a replication metric of a rule that does not exist',
    property: 'rule',
    value: "must be the id of one of the rules of Source/Replication (rule1), got 'media'",
    build: replicationThen(METRICS, (r, f) => r.metricReplicationLatency(f.destination, { rule: 'media' })),
  },
  {
    name: 'a replication metric of a BucketReplication without metrics',
    property: 'metrics',
    value: 'must be set (or \'replicationTimeControl\') for S3 to publish OperationsFailedReplication, got metrics off on Source/Replication',
    build: replicationThen({}, (r, f) => r.metricOperationsFailedReplication(f.destination)),
  },
  {
    name: 'failed operations in the destination\'s Region (S3 publishes them in the source\'s)',
    property: 'region',
    value: 'must be eu-west-1, the Region of the source bucket (S3 publishes OperationsFailedReplication there; CloudWatch in us-east-1 has no data for it), got us-east-1',
    build: replicationThen(METRICS, (r, f) => r.metricOperationsFailedReplication(f.destination, { region: 'us-east-1' })),
  },
  {
    name: 'a building block\'s replication metric per 45 seconds',
    property: 'period',
    value: 'must be a whole number of minutes (S3 publishes BytesPendingReplication at 1-minute intervals), got 45 seconds',
    build: replicationThen(METRICS, (r, f) => r.metricBytesPendingReplication(f.destination, { period: Duration.seconds(45) })),
  },
  {
    name: 'the maximum of failed operations (S3 documents Sum, Average and SampleCount)',
    property: 'statistic',
    value: 'must be one S3 documents for OperationsFailedReplication (Sum, Average, SampleCount), got max',
    build: replicationThen(METRICS, (r, f) => r.metricOperationsFailedReplication(f.destination, { statistic: 'max' })),
  },
  {
    name: 'a mesh metric from a bucket that is not a member',
    property: 'source',
    value: 'must be one of the buckets of Global/Mesh, got Source/Other/Bucket (other-eu-west-1)',
    build: () => {
      const f = replicationFixture();
      const mesh = new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [f.source, f.destination], ...METRICS });
      const other = new RegionalBucket(f.sourceStack, 'Other', { bucketName: 'other-eu-west-1' }).bucket;
      return mesh.metricReplicationLatency(other, f.destination);
    },
  },
].map((row) => ({ ...row, group: 'monitoring' as const }));
