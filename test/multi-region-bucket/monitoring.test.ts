import { App, Aws, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketReplication, MultiRegionBucket, MultiRegionBucketProps, Replication } from '../../src';
import { meshApp, replicationFixture } from '../replication/fixtures';
import { ACCOUNT } from '../util/stacks';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function site(props: Partial<MultiRegionBucketProps> = {}): { app: App; site: MultiRegionBucket } {
  const app = new App();
  return { app, site: new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, ...props }) };
}

/** A metric as a stack renders it in a graph: namespace, name, dimensions, statistic, period and Region. */
function rendered(metric: cloudwatch.IMetric) {
  const config = metric.toMetricConfig().metricStat!;
  return {
    namespace: config.namespace,
    metricName: config.metricName,
    dimensions: Object.fromEntries((config.dimensions ?? []).map((d) => [d.name, d.value])),
    statistic: config.statistic,
    period: config.period.toSeconds(),
    region: config.region,
  };
}

/** The literal name of the bucket of `region`, as the construct gives it. */
const bucketName = (s: MultiRegionBucket, region: string): string =>
  s.stackIn(region).resolve((s.bucketIn(region).bucket.node.defaultChild as s3.CfnBucket).bucketName);

describe('metric methods of MultiRegionBucket', () => {
  const { site: s } = site({ replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
  const [us, eu] = ['us-east-1', 'eu-west-1'];

  test('replication metrics name the pair and the rule as S3 reports them, in the Region S3 publishes them in', () => {
    const dimensions = { SourceBucket: bucketName(s, us), DestinationBucket: bucketName(s, eu), RuleId: `rule1-to-${bucketName(s, eu)}` };
    expect(rendered(s.metricReplicationLatency(us, eu))).toEqual({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensions, statistic: 'Maximum', period: 300, region: eu });
    expect(rendered(s.metricOperationsPendingReplication(us, eu))).toEqual({ namespace: 'AWS/S3', metricName: 'OperationsPendingReplication', dimensions, statistic: 'Maximum', period: 300, region: eu });
    expect(rendered(s.metricBytesPendingReplication(us, eu))).toEqual({ namespace: 'AWS/S3', metricName: 'BytesPendingReplication', dimensions, statistic: 'Maximum', period: 300, region: eu });
    expect(rendered(s.metricOperationsFailedReplication(us, eu))).toEqual({ namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensions, statistic: 'Sum', period: 300, region: us });
  });

  test('the options override the defaults', () => {
    const metric = rendered(s.metricOperationsFailedReplication(us, eu, { period: Duration.minutes(1), statistic: 'Average' }));
    expect(metric.period).toBe(60);
    expect(metric.statistic).toBe('Average');
  });

  test('options that can have data are kept: whole minutes, the Region and account S3 publishes in, a documented statistic', () => {
    expect(rendered(s.metricReplicationLatency(us, eu, { period: Duration.hours(1), region: eu, account: ACCOUNT, statistic: 'max' }))).toMatchObject({ period: 3600, region: eu, statistic: 'Maximum' });
    expect(rendered(s.metricOperationsFailedReplication(us, eu, { region: us, statistic: 'SampleCount' }))).toMatchObject({ region: us, statistic: 'SampleCount' });
    expect(rendered(s.metricAllRequests(eu, { period: Duration.minutes(1), region: eu, statistic: 'Average' }))).toMatchObject({ period: 60, region: eu });
  });

  test('tokens in the options are not checked', () => {
    const region = Lazy.string({ produce: () => us });
    expect(rendered(s.metricReplicationLatency(us, eu, { region, account: Aws.ACCOUNT_ID, statistic: Lazy.string({ produce: () => 'Sum' }) })).region).toBe(region);
    const { site: crossing } = site({
      replication: Replication.oneWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
      accounts: { 'eu-west-1': '222222222222', 'ap-southeast-2': '222222222222' },
      monitoring: {
        replicationFailureThreshold: Lazy.number({ produce: () => 3 }),
        replicationFailureEvaluationPeriods: Lazy.number({ produce: () => 2 }),
      },
    });
    expect(crossing.replicationAlarms.map((a) => a.latency)).toEqual([undefined, undefined]);
  });

  test('options with which the metric would have no data are refused, naming the option and the value', () => {
    expect(() => s.metricAllRequests(eu, { period: Duration.seconds(61) })).toThrow(/'period' must be a whole number of minutes \(S3 publishes AllRequests at 1-minute intervals\), got 61 seconds/);
    expect(() => s.metricAllRequests(eu, { period: Duration.millis(60500) })).toThrow(/got 60.5 seconds/);
    expect(() => s.metricOperationsFailedReplication(us, eu, { region: eu })).toThrow(/'region' must be us-east-1, the Region of the source bucket/);
    expect(() => s.metricBytesPendingReplication(us, eu, { statistic: 'Sum' })).toThrow(/'statistic' must be one S3 documents for BytesPendingReplication \(Maximum\), got Sum/);
    expect(() => s.metricClientErrors(eu, { account: '222222222222' })).toThrow(/'account' must be 111111111111, the account of the bucket/);
  });

  test('request metrics use the EntireBucket configuration the construct adds', () => {
    const dimensions = { BucketName: bucketName(s, eu), FilterId: 'EntireBucket' };
    expect(rendered(s.metricAllRequests(eu))).toEqual({ namespace: 'AWS/S3', metricName: 'AllRequests', dimensions, statistic: 'Sum', period: 300, region: eu });
    expect(rendered(s.metricClientErrors(eu)).metricName).toBe('4xxErrors');
    expect(rendered(s.metricServerErrors(eu)).metricName).toBe('5xxErrors');
    expect(rendered(s.metricFirstByteLatency(eu, { statistic: 'p99' })).statistic).toBe('p99');
    expect(rendered(s.metricTotalRequestLatency(eu)).statistic).toBe('Average');
  });

  test('a rule of several is chosen by its id', () => {
    const { site: ruled } = site({ replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES, rules: [{ id: 'media', filter: { prefix: 'media/' } }, { id: 'docs', filter: { prefix: 'docs/' } }] }) });
    expect(rendered(ruled.metricReplicationLatency(eu, us, { rule: 'docs' })).dimensions.RuleId).toBe(`docs-to-${bucketName(ruled, us)}`);
  });

  test('an alarm of your own on a metric, in the stack of the Region S3 publishes it in', () => {
    const app = new App();
    const own = new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), monitoring: { replicationAlarms: false } });
    own.metricOperationsFailedReplication(us, eu).createAlarm(own.stackIn(us), 'Failures', { threshold: 10, evaluationPeriods: 2 });
    own.metricReplicationLatency(us, eu).createAlarm(own.stackIn(eu), 'Latency', { threshold: 600, evaluationPeriods: 1 });
    Template.fromStack(own.stackIn(us)).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OperationsFailedReplication', Threshold: 10 });
    Template.fromStack(own.stackIn(eu)).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicationLatency', Threshold: 600 });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('alarm thresholds', () => {
  test('the defaults: 15 minutes with RTC over 3 periods, any failure in 1 period', () => {
    const { site: s } = site({ replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
    const t = Template.fromStack(s.stackIn('eu-west-1'));
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicationLatency', Threshold: 900, EvaluationPeriods: 3, Statistic: 'Maximum', Period: 300 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OperationsFailedReplication', Threshold: 0, EvaluationPeriods: 1, Statistic: 'Sum', Period: 300 });
  });

  test('configured thresholds and evaluation periods reach every alarm', () => {
    const { site: s } = site({
      replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
      monitoring: {
        replicationLatencyThreshold: Duration.minutes(30),
        replicationLatencyEvaluationPeriods: 6,
        replicationFailureThreshold: 10,
        replicationFailureEvaluationPeriods: 2,
      },
    });
    for (const region of REGIONS) {
      const t = Template.fromStack(s.stackIn(region));
      t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
      t.allResourcesProperties('AWS::CloudWatch::Alarm', Match.objectLike({ EvaluationPeriods: Match.anyValue() }));
      expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ReplicationLatency', Threshold: 1800, EvaluationPeriods: 6 } }))).toHaveLength(2);
      expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'OperationsFailedReplication', Threshold: 10, EvaluationPeriods: 2, AlarmDescription: Match.stringLikeRegexp('more than 10 operations') },
      }))).toHaveLength(2);
    }
    const body = JSON.stringify(Template.fromStack(s.globalStack).findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('\\"value\\":1800');
  });

  test('alarms off: no alarms, and no alarm topics by default', () => {
    const rtc = Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES });
    const { site: s } = site({ replication: rtc, monitoring: { replicationAlarms: false } });
    expect(s.replicationAlarms).toEqual([]);
    for (const region of REGIONS) {
      const t = Template.fromStack(s.stackIn(region));
      t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
      t.resourceCountIs('AWS::SNS::Topic', 0);
    }
    // The dashboard still shows the replication metrics, without alarm widgets.
    const body = JSON.stringify(Template.fromStack(s.globalStack).findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('ReplicationLatency');
    expect(body).not.toContain('Replication alarms from');
  });
});

describe('the dashboard', () => {
  test('on by default, in the global stack, and reachable', () => {
    const { site: s } = site();
    expect(s.dashboard).toBeDefined();
    expect(Stack.of(s.dashboard!)).toBe(s.globalStack);
    Template.fromStack(s.globalStack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('by default, none where the global stack\'s account has no bucket (it would show nothing); the widgets of the buckets\' account instead', () => {
    const other = '222222222222';
    const { site: s } = site({ accounts: { 'us-east-1': other, 'eu-west-1': other, 'ap-southeast-2': other } });
    expect(s.dashboard).toBeUndefined();
    Template.fromStack(s.globalStack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    const body = JSON.stringify(s.globalStack.resolve(s.dashboardWidgets(other).map((w) => w.toJson())));
    for (const region of REGIONS) expect(body).toContain(bucketName(s, region));
    // One bucket in the default account is enough for the default dashboard.
    expect(site({ accounts: { 'eu-west-1': other, 'ap-southeast-2': other } }).site.dashboard).toBeDefined();
  });

  test('off: no dashboard; its widgets go on a dashboard of yours, in any stack', () => {
    const rtc = Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES });
    const { app, site: s } = site({ replication: rtc, monitoring: { dashboard: false } });
    expect(s.dashboard).toBeUndefined();
    const ops = new Stack(app, 'Ops', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const mine = new cloudwatch.Dashboard(ops, 'Mine');
    mine.addWidgets(new cloudwatch.TextWidget({ markdown: '# Site', width: 24 }));
    mine.addWidgets(...s.dashboardWidgets());
    const again = new cloudwatch.Dashboard(ops, 'Again');
    again.addWidgets(...s.dashboardWidgets());
    const body = JSON.stringify(Template.fromStack(ops).toJSON());
    Template.fromStack(s.globalStack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    // The alarms stay.
    Template.fromStack(s.stackIn('eu-west-1')).resourceCountIs('AWS::CloudWatch::Alarm', 4);
    expect(body).toContain('ReplicationLatency');
    expect(body).toContain('Replication alarms from us-east-1');
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  test('the widgets are those of the construct\'s own dashboard', () => {
    const { app, site: s } = site({ replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
    const ops = new Stack(app, 'Ops', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new cloudwatch.Dashboard(ops, 'Copy', { dashboardName: 'Site', widgets: [s.dashboardWidgets()] });
    const own = Object.values(Template.fromStack(s.globalStack).findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody;
    const copy = Object.values(Template.fromStack(ops).findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody;
    expect(JSON.stringify(ops.resolve(copy))).toEqual(JSON.stringify(s.globalStack.resolve(own)));
  });

  test('replication latency is searched in each destination\'s Region, failures in each source\'s', () => {
    const { site: s } = site({ replication: Replication.oneWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
    const body = JSON.stringify(s.globalStack.resolve(Object.values(Template.fromStack(s.globalStack).findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody));
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      expect(body).toContain(`MetricName=\\\\\\"ReplicationLatency\\\\\\" DestinationBucket=\\\\\\"${bucketName(s, region)}\\\\\\"`);
    }
    expect(body).toContain(`MetricName=\\\\\\"OperationsFailedReplication\\\\\\" SourceBucket=\\\\\\"${bucketName(s, 'us-east-1')}\\\\\\"`);
    expect(body).not.toContain(`DestinationBucket=\\\\\\"${bucketName(s, 'us-east-1')}\\\\\\"`);
  });
});

describe('metric methods of the building blocks', () => {
  test('BucketReplication: per destination, in the Region S3 publishes each metric in', () => {
    const f = replicationFixture();
    const replication = new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES });
    const dimensions = { SourceBucket: 'source-eu-west-1', DestinationBucket: 'replica-us-east-1', RuleId: 'rule1-to-replica-us-east-1' };
    expect(rendered(replication.metricReplicationLatency(f.destination))).toEqual({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensions, statistic: 'Maximum', period: 300, region: 'us-east-1' });
    expect(rendered(replication.metricOperationsFailedReplication(f.destination))).toEqual({ namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensions, statistic: 'Sum', period: 300, region: 'eu-west-1' });
  });

  test('ReplicationMesh: per pair of members', () => {
    const { mesh, buckets } = meshApp({ mesh: { metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES } });
    const [eu, us] = buckets.map((b) => b.bucket);
    const metric = rendered(mesh.metricBytesPendingReplication(us, eu));
    expect(metric.metricName).toBe('BytesPendingReplication');
    expect(metric.region).toBe('eu-west-1');
    expect(metric.dimensions.SourceBucket).toEqual(us.bucketName);
    expect(metric.dimensions.DestinationBucket).toEqual(eu.bucketName);
    expect(rendered(mesh.metricOperationsPendingReplication(eu, us)).dimensions.DestinationBucket).toEqual(us.bucketName);
  });
});
