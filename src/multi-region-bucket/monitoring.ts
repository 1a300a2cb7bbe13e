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
import { partitionOf } from '../private/partition';

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
 * dashboard in `dashboardStack` with S3 request metrics (requests, 4xx, 5xx, first-byte latency)
 * per bucket, replication latency and failures per source bucket (a search over its destinations
 * and rules, one line each) and the alarms' states, across Regions.
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
  const names = new Map<cloudwatch.Alarm, string>();
  const alarms = pairs.map((pair, i) => {
    const owner = byRegion.get(pair.sourceRegion)!;
    const dimensionsMap = { SourceBucket: bucketNameOf(pair.source), DestinationBucket: bucketNameOf(pair.destination), RuleId: pair.ruleId };
    const label = `${pair.sourceRegion} to ${pair.destinationRegion}`;
    // Keyed by the pair and the rule, never by position: adding a Region or a rule leaves the
    // alarms of the other pairs as they are. Explicit names: the dashboard in another Region can
    // then name the alarms.
    const key = `${pair.sourceRegion}-to-${pair.destinationRegion}-${ruleKey(pair.rule, i)}`;
    const name = `${alarmNamePrefix(dashboardName, pair.sourceRegion)}${pair.destinationRegion}-${ruleKey(pair.rule, i)}`; // = <dashboard>-replication-<key>: the alarm topic lets exactly these publish
    const latency = new cloudwatch.Alarm(owner.stack, `${id}Latency-${key}`, {
      alarmName: `${name}-latency`,
      alarmDescription: `S3 replication ${label} (${pair.ruleId}) is taking longer than ${latencyThreshold.toHumanString()}`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensionsMap, statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: latencyThreshold.toSeconds(),
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const failures = new cloudwatch.Alarm(owner.stack, `${id}Failures-${key}`, {
      alarmName: `${name}-failures`,
      alarmDescription: `S3 replication ${label} (${pair.ruleId}) failed for at least one object`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensionsMap, statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    names.set(latency, `${name}-latency`);
    names.set(failures, `${name}-failures`);
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
    dimensionsMap: { BucketName: bucketNameOf(b.bucket), FilterId: 'EntireBucket' },
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
    // One search expression per source bucket finds every destination and rule of that source, so
    // the dashboard grows with the Regions, not with the pairs (a mesh of N Regions has N(N-1)).
    const sources = buckets.filter((b) => alarms.some((a) => a.pair.sourceRegion === b.region));
    const replicationSearch = (b: MonitoredBucket, metricName: string, statistic: string) => new cloudwatch.MathExpression({
      expression: `SEARCH('{AWS/S3,DestinationBucket,RuleId,SourceBucket} MetricName="${metricName}" SourceBucket="${bucketNameOf(b.bucket)}"', '${statistic}', 300)`,
      searchRegion: b.region,
      label: `${b.region} to \${PROP('Dim.DestinationBucket')} \${PROP('Dim.RuleId')}`,
      period: Duration.minutes(5),
    });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Replication latency (max, seconds)',
        left: sources.map((b) => replicationSearch(b, 'ReplicationLatency', 'Maximum')),
        leftAnnotations: [{ value: latencyThreshold.toSeconds(), label: 'alarm' }],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Operations failed replication',
        left: sources.map((b) => replicationSearch(b, 'OperationsFailedReplication', 'Sum')),
        width: 12,
      }),
    );
    // An alarm status widget shows at most 100 alarms: one widget per source Region (more if it has more).
    for (const b of sources) {
      const own = alarms
        .filter((a) => a.pair.sourceRegion === b.region)
        .flatMap((a) => [a.latency, a.failures])
        .map((alarm) => alarmArnOf(alarm, names.get(alarm)!));
      for (let i = 0; i < own.length; i += MAX_ALARMS_PER_WIDGET) {
        dashboard.addWidgets(new AlarmStatusByArnWidget(
          `Replication alarms from ${b.region}${own.length > MAX_ALARMS_PER_WIDGET ? ` (${i / MAX_ALARMS_PER_WIDGET + 1})` : ''}`,
          own.slice(i, i + MAX_ALARMS_PER_WIDGET),
        ));
      }
    }
  }
  return alarms;
}

/** The start of the name of every replication alarm from `sourceRegion`. */
export function alarmNamePrefix(dashboardName: string, sourceRegion: string): string {
  return `${dashboardName}-replication-${sourceRegion}-to-`;
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
