import * as crypto from 'crypto';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { bucketNameOf } from '../private/buckets';
import { denyGrantsExceptForAwsServices } from '../private/kms';
import { METRIC_PERIOD, requestMetric, RequestMetricName } from '../private/metrics';
import { partitionOf } from '../private/partition';
import { BucketReplication } from '../replication';

/** The ID of the request metrics configuration of each bucket of a MultiRegionBucket. */
export const ENTIRE_BUCKET = 'EntireBucket';

/** The most alarms a CloudWatch alarm status widget shows. */
export const MAX_ALARMS_PER_WIDGET = 100;

/** One replication rule from one bucket to another, as S3 reports its metrics. */
export interface ReplicationPair {
  readonly sourceRegion: string;
  readonly source: s3.IBucket;
  readonly destinationRegion: string;
  readonly destination: s3.IBucket;
  /** The rule ID S3 reports (`<rule>-to-<destination bucket>`). */
  readonly ruleId: string;
  /** The rule's own ID, as given (or `rule<n>`): with the two Regions, what names the alarms. */
  readonly rule: string;
  /** The replication that writes the rule, whose metric methods name its metrics. */
  readonly replication: BucketReplication;
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
  /** Undefined for a pair across accounts (see addReplicationAlarms). */
  readonly latency?: cloudwatch.Alarm;
  readonly latencyName?: string;
  readonly failures: cloudwatch.Alarm;
  readonly failuresName: string;
}

/** The thresholds of the replication alarms, with the defaults applied. */
export interface AlarmSettings {
  readonly latencyThreshold: Duration;
  readonly latencyEvaluationPeriods: number;
  readonly failureThreshold: number;
  readonly failureEvaluationPeriods: number;
}

/**
 * CloudWatch alarms on `ReplicationLatency` and `OperationsFailedReplication` for every pair, each
 * in the Region where S3 publishes its metric (S3 User Guide, "Using S3 Replication metrics"):
 * failed operations in the source's Region, latency in the destination's. An alarm can only watch
 * a metric of its own Region, and with `TreatMissingData.NOT_BREACHING` an alarm in the wrong
 * Region stays OK forever. Each alarm notifies the alarm topic of its own stack's Region.
 *
 * S3 publishes replication metrics in the account of the source bucket (the owner of the
 * replication rules), and an alarm watches only its own account's metrics. So a pair whose
 * buckets are in different accounts gets the failure alarm (the source's Region and account) but
 * no latency alarm: the destination's stack is in the other account, and the source's account has
 * no stack in the destination's Region (docs/adr/0024).
 */
export function addReplicationAlarms(
  id: string,
  dashboardName: string,
  buckets: MonitoredBucket[],
  pairs: ReplicationPair[],
  settings: AlarmSettings,
): ReplicationAlarms[] {
  const byRegion = new Map(buckets.map((b) => [b.region, b]));
  return pairs.map((pair, i) => {
    const owner = byRegion.get(pair.sourceRegion)!;
    const receiver = byRegion.get(pair.destinationRegion)!;
    const label = `${pair.sourceRegion} to ${pair.destinationRegion}`;
    // Keyed by the pair and the rule, never by position: adding a Region or a rule leaves the
    // alarms of the other pairs as they are. Explicit names: the dashboard in another Region can
    // then name the alarms.
    const key = `${pair.sourceRegion}-to-${pair.destinationRegion}-${ruleKey(pair.rule, i)}`;
    // Each name starts with <dashboard>-replication-<its own Region>-: the alarm topic of that
    // Region lets exactly these publish.
    const name = `${alarmNamePrefix(dashboardName, pair.sourceRegion)}to-${pair.destinationRegion}-${ruleKey(pair.rule, i)}`;
    const latencyName = `${alarmNamePrefix(dashboardName, pair.destinationRegion)}from-${pair.sourceRegion}-${ruleKey(pair.rule, i)}-latency`;
    const crossAccount = owner.stack.account !== receiver.stack.account;
    const latency = crossAccount ? undefined : new cloudwatch.Alarm(receiver.stack, `${id}Latency-${key}`, {
      alarmName: latencyName,
      alarmDescription: `S3 replication ${label} (${pair.ruleId}) is taking longer than ${settings.latencyThreshold.toHumanString()}`,
      metric: pair.replication.metricReplicationLatency(pair.destination, { rule: pair.rule }),
      threshold: settings.latencyThreshold.toSeconds(),
      evaluationPeriods: settings.latencyEvaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const failures = new cloudwatch.Alarm(owner.stack, `${id}Failures-${key}`, {
      alarmName: `${name}-failures`,
      alarmDescription: settings.failureThreshold === 0
        ? `S3 replication ${label} (${pair.ruleId}) failed for at least one object`
        : `S3 replication ${label} (${pair.ruleId}) failed for more than ${settings.failureThreshold} operations in 5 minutes`,
      metric: pair.replication.metricOperationsFailedReplication(pair.destination, { rule: pair.rule }),
      threshold: settings.failureThreshold,
      evaluationPeriods: settings.failureEvaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const [alarm, topic] of [[latency, receiver.topic], [failures, owner.topic]] as const) {
      if (!topic || !alarm) continue;
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    return { pair, latency, latencyName: latency ? latencyName : undefined, failures, failuresName: `${name}-failures` };
  });
}

/**
 * New dashboard widgets (each call makes new ones, so they can go on any number of dashboards, in
 * any stack): S3 request metrics (requests, 4xx, 5xx, first-byte latency) per bucket; with
 * replication metrics, replication latency per destination bucket and failures per source bucket
 * (a search over the other buckets and the rules, one line each, in the Region S3 publishes them
 * in); and the states of the replication alarms, across Regions.
 */
export function monitoringWidgets(
  buckets: MonitoredBucket[],
  replicationMetrics: { sources: MonitoredBucket[]; destinations: MonitoredBucket[] } | undefined,
  alarms: ReplicationAlarms[],
  latencyThreshold: Duration | undefined,
): cloudwatch.IWidget[] {
  const request = (metricName: RequestMetricName, statistic?: string) =>
    buckets.map((b) => requestMetric(metricName, b.bucket, b.region, ENTIRE_BUCKET, { statistic, label: b.region }));
  const widgets: cloudwatch.IWidget[] = [
    new cloudwatch.GraphWidget({ title: 'Requests', left: request('AllRequests'), width: 12 }),
    new cloudwatch.GraphWidget({ title: 'First-byte latency (p99, ms)', left: request('FirstByteLatency', 'p99'), width: 12 }),
    new cloudwatch.GraphWidget({ title: '4xx errors', left: request('4xxErrors'), width: 12 }),
    new cloudwatch.GraphWidget({ title: '5xx errors', left: request('5xxErrors'), width: 12 }),
  ];
  if (!replicationMetrics) return widgets;
  // One search expression per bucket finds every other end and rule of that bucket, so the
  // dashboard grows with the Regions, not with the pairs (a mesh of N Regions has N(N-1)).
  const search = (b: MonitoredBucket, metricName: string, statistic: string, dimension: 'SourceBucket' | 'DestinationBucket', label: string) => new cloudwatch.MathExpression({
    expression: `SEARCH('{AWS/S3,DestinationBucket,RuleId,SourceBucket} MetricName="${metricName}" ${dimension}="${bucketNameOf(b.bucket)}"', '${statistic}', 300)`,
    searchRegion: b.region,
    label,
    period: METRIC_PERIOD,
  });
  const { sources, destinations } = replicationMetrics;
  widgets.push(
    new cloudwatch.GraphWidget({
      title: 'Replication latency (max, seconds)',
      // Published in the destination's Region.
      left: destinations.map((b) => search(b, 'ReplicationLatency', 'Maximum', 'DestinationBucket', `\${PROP('Dim.SourceBucket')} to ${b.region} \${PROP('Dim.RuleId')}`)),
      leftAnnotations: latencyThreshold ? [{ value: latencyThreshold.toSeconds(), label: 'alarm' }] : undefined,
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Operations failed replication',
      // Published in the source's Region.
      left: sources.map((b) => search(b, 'OperationsFailedReplication', 'Sum', 'SourceBucket', `${b.region} to \${PROP('Dim.DestinationBucket')} \${PROP('Dim.RuleId')}`)),
      width: 12,
    }),
  );
  // An alarm status widget shows at most 100 alarms: one widget per source Region (more if it has more).
  for (const b of sources) {
    const own = alarms
      .filter((a) => a.pair.sourceRegion === b.region)
      .flatMap((a) => [...(a.latency ? [alarmArnOf(a.latency, a.latencyName!)] : []), alarmArnOf(a.failures, a.failuresName)]);
    for (let i = 0; i < own.length; i += MAX_ALARMS_PER_WIDGET) {
      widgets.push(new AlarmStatusByArnWidget(
        `Replication alarms from ${b.region}${own.length > MAX_ALARMS_PER_WIDGET ? ` (${i / MAX_ALARMS_PER_WIDGET + 1})` : ''}`,
        own.slice(i, i + MAX_ALARMS_PER_WIDGET),
      ));
    }
  }
  return widgets;
}

/** The start of the name of every replication alarm from `sourceRegion`. */
export function alarmNamePrefix(dashboardName: string, region: string): string {
  return `${dashboardName}-replication-${region}-`;
}

/**
 * An encrypted SNS topic that the replication alarms of its stack's Region publish to.
 *
 * The topic policy (which `enforceSSL` creates, and which replaces SNS's default policy) allows
 * `cloudwatch.amazonaws.com` to publish only for alarms of this account (`aws:SourceAccount`)
 * whose ARN, `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`, starts with
 * `alarmNamePrefix` (`aws:SourceArn`). The AWS managed key (aws/sns) does not let CloudWatch
 * encrypt messages, so the topic gets a customer managed key whose policy lets CloudWatch use it
 * under the same conditions (SNS Developer Guide, "Enable compatibility between event sources from
 * AWS services and encrypted topics").
 */
export function createAlarmTopic(stack: Stack, id: string, displayName: string, namePrefix: string, removalPolicy?: RemovalPolicy): sns.Topic {
  const principals = [new iam.ServicePrincipal('cloudwatch.amazonaws.com')];
  const conditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${namePrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    },
  };
  const key = new kms.Key(stack, `${id}ReplicationAlarmsKey`, {
    description: `Encrypts the messages of the topic '${displayName}'`,
    enableKeyRotation: true,
    removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN,
  });
  denyGrantsExceptForAwsServices(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals,
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions,
  }));
  const topic = new sns.Topic(stack, `${id}ReplicationAlarms`, { displayName, enforceSSL: true, masterKey: key });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals,
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions,
  }));
  return topic;
}

/** A rule ID as it can appear in a construct ID and an alarm name: as given when short and plain, else a hash. */
function ruleKey(rule: string, index: number): string {
  if (Token.isUnresolved(rule)) return `pair${index}`; // a deploy-time rule ID cannot name anything at synth time
  if (/^[A-Za-z0-9._-]{1,32}$/.test(rule)) return rule;
  return crypto.createHash('sha256').update(rule).digest('hex').slice(0, 8);
}

/**
 * The ARN of a named alarm with the literal partition of its Region: a plain string in the
 * dashboard's stack, where the alarm's own `alarmArn` (from another Region's stack) is an
 * `Fn::Join` around `AWS::Partition`.
 */
function alarmArnOf(alarm: cloudwatch.Alarm, alarmName: string): string {
  const { account, region } = Stack.of(alarm);
  if (Token.isUnresolved(account) || Token.isUnresolved(region) || Token.isUnresolved(alarmName)) return alarm.alarmArn;
  return `arn:${partitionOf(region)}:cloudwatch:${region}:${account}:alarm:${alarmName}`;
}

/** An alarm status widget over alarm ARNs (`cloudwatch.AlarmStatusWidget` renders each alarm's `alarmArn`). */
class AlarmStatusByArnWidget extends cloudwatch.ConcreteWidget {
  constructor(private readonly title: string, private readonly alarmArns: string[]) {
    super(24, 3);
  }

  public toJson(): any[] {
    return [{
      type: 'alarm',
      width: this.width,
      height: this.height,
      x: this.x,
      y: this.y,
      properties: { title: this.title, alarms: this.alarmArns },
    }];
  }
}
