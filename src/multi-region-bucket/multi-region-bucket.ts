import { CfnOutput, CfnResource, CfnWaitConditionHandle, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { keepImported, keyOf, reference, renderForImport, warnAboutAdoption, warnAboutExistingKeys } from './adoption';
import { buildFailover } from './build-failover';
import { buildReplication } from './build-replication';
import { addReplicationAlarms, alarmNamePrefix, createAlarmTopic, ENTIRE_BUCKET, MonitoredBucket, monitoringWidgets, ReplicationAlarms, ReplicationPair } from './monitoring';
import { alarmTopicDisplayName, fitName, MAX_ALARM_NAME } from './names';
import { MultiRegionBucketPlan, PlannedBucket, planMultiRegionBucket, PlannedStack } from './plan';
import { FailoverPlan } from './plan-failover';
import { MultiRegionBucketProps, ReplicationPairAlarms } from './props';
import { Replication, ReplicationMode } from './replication';
import { stackScopeOf } from './stacks';
import { MultiRegionAccessPoint, MultiRegionAccessPointGrants } from '../access-point';
import { RegionalBucket } from '../bucket';
import { MultiRegionAccessPointOrigin, RegionalFailoverOrigin, SecureDistribution } from '../cloudfront';
import { MultiRegionAccessPointFailover } from '../failover';
import { bucketNameOf } from '../private/buckets';
import { metricOptionsProblem, ReplicationMetricName, requestMetric, RequestMetricName } from '../private/metrics';
import { stableCrossStackName } from '../private/physical-name';
import { destinationRuleId, givenRuleIds } from '../private/replication-rules';
import { guardTemplateLimits } from '../private/template-limits';
import { validationError } from '../private/validation';
import { deferWarnings, placeWarnings } from '../private/warnings';
import { BucketReplication, ReplicationMetricOptions } from '../replication';

/**
 * One S3 bucket in several AWS Regions, in one construct call: a stack per Region with a
 * versioned, secure bucket; two-way (or one-way) replication; a Multi-Region Access Point with
 * delegating bucket policies and active-active or active-passive routing; and optionally a
 * CloudFront distribution with Origin Access Control in front. `cdk deploy --all` deploys it in
 * one run: the Regional stacks first, then the global stack.
 *
 * Its scope is an `App` or a `Stage`, or a construct inside one of your stacks (as in the
 * `lib/<name>-stack.ts` of `cdk init`). It creates its own stacks (or uses `regionalStacks` and
 * `globalStack`): inside a stack, at that stack's Stage, under a construct named by its construct
 * ID (`Site/us-east-1`, `Site/global`, as directly in the App), and your stack then depends on
 * them, so `cdk deploy <your stack>` deploys them first.
 *
 * @example
 * const site = new MultiRegionBucket(app, 'Site', {
 *   regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
 *   account: '111111111111',
 *   distribution: { singlePageApp: true },
 * });
 */
export class MultiRegionBucket extends Construct {
  /** The Regions, in the order given. */
  public readonly regions: string[];

  /** The primary Region. */
  public readonly primaryRegion: string;

  /** The stack that holds the access point, the replication and the distribution. */
  public readonly globalStack: Stack;

  /** The Multi-Region Access Point over the buckets. */
  public readonly accessPoint: MultiRegionAccessPoint;

  /** The automatic failover routine, when `failover` is set (in the global stack). */
  public readonly failover?: MultiRegionAccessPointFailover;

  /** The distribution, when one was asked for. */
  public readonly distribution?: SecureDistribution;

  /** How the buckets replicate: `replication.mode` says which kind (two-way, one-way or none). */
  public readonly replication: Replication;

  /** The replications: the mesh's per-bucket replications (two-way) or the primary's (one-way). */
  public readonly replications: BucketReplication[];

  /** The CloudWatch alarms of every replication pair, when replication metrics are on (and `monitoring.replicationAlarms` is not false). */
  public readonly replicationAlarms: ReplicationPairAlarms[];

  /** The CloudWatch dashboard, in the global stack; undefined with `monitoring.dashboard: false`, or when the global stack's account has no bucket. */
  public readonly dashboard?: cloudwatch.Dashboard;

  /** What to build, decided from the props (docs/adr/0033). */
  private readonly plan: MultiRegionBucketPlan;
  private readonly stacksByRegion = new Map<string, Stack>();
  /** The stacks this construct created (not those of `regionalStacks` or `globalStack`). */
  private readonly ownStacks: Stack[] = [];
  /** Where this construct's own stacks go: itself, or (inside a stack) a construct at the Stage, made with the first stack. */
  private stackScope?: Construct;
  /** The stacks that apply the replication of buckets outside the global stack's account. */
  private readonly replicationStacks: Stack[] = [];
  private readonly bucketsByRegion = new Map<string, RegionalBucket>();
  /** Every Region's bucket: the RegionalBucket's, or an existing bucket's (referenced, or in the `cdk import` step). */
  private readonly s3BucketsByRegion = new Map<string, s3.IBucket>();
  /** The keys of existing SSE-KMS buckets, by their ARNs (the app owns no alias of them). */
  private readonly existingKeys = new Map<string, kms.IKey>();
  private readonly topicsByRegion = new Map<string, sns.ITopic>();
  private readonly keyAliases = new Map<string, kms.IAlias>();

  /** The replication alarms, with their names. */
  private readonly alarms: ReplicationAlarms[];

  constructor(scope: Construct, id: string, props: MultiRegionBucketProps) {
    super(scope, id);
    // This construct is in no stack (or in one that is not the stack a warning concerns): its
    // warnings wait for its stacks, where 'cdk synth' prints them.
    deferWarnings(this);
    // Every check of the props happens here; what follows only builds (docs/adr/0033).
    const plan = planMultiRegionBucket(this, props);
    this.plan = plan;
    this.regions = [...plan.regions];
    this.primaryRegion = plan.primaryRegion;
    this.replication = plan.replication.replication;

    // Wave 1: one stack per Region with its bucket.
    for (const planned of plan.buckets) this.buildRegion(planned, props);

    // Wave 2: the global stack.
    this.globalStack = plan.stacks.global.given ?? this.ownStack(plan.stacks.global);
    // A warning about a Region goes on that Region's stack, any other on the global stack.
    placeWarnings(this, (region) => (region !== undefined ? this.stacksByRegion.get(region) : undefined) ?? this.globalStack);
    for (const stack of this.stacks) guardTemplateLimits(stack, () => this.describeSize());

    const globalId = plan.stacks.globalIdPrefix;
    const replication = buildReplication(globalId, {
      plan,
      path: this.node.path,
      globalStack: this.globalStack,
      bucketIn: (region) => this.bucketOf(region),
      keyAliasIn: (region) => this.keyAliases.get(region) ?? this.existingKeys.get(region),
      ownStack: (planned) => this.ownStack(planned),
    });
    this.replications = replication.replications;
    this.replicationStacks.push(...replication.stacks);
    // Kept with a placeholder: a deploy removes the replication a replicating setup put there (ADR 0042).
    for (const planned of plan.stacks.retiredReplication) {
      const stack = this.ownStack(planned);
      new CfnWaitConditionHandle(stack, 'NoReplication');
      this.replicationStacks.push(stack);
    }

    this.accessPoint = new MultiRegionAccessPoint(this.globalStack, `${globalId}AccessPoint`, {
      multiRegionAccessPointName: props.multiRegionAccessPointName,
      buckets: this.regions.map((r) => this.bucketOf(r)),
      // Aliases: ARNs the global stack can name in every Region.
      encryptionKeys: this.keyAliases.size + this.existingKeys.size > 0
        ? this.regions.map((r) => this.keyAliases.get(r) ?? this.existingKeys.get(r)).filter((k): k is kms.IKey => k !== undefined)
        : undefined,
      expectReplication: plan.replication.mode !== ReplicationMode.NONE,
      routing: plan.routing,
      routingControlPlaneRegion: plan.routingControlPlaneRegion,
    });

    if (plan.distribution) {
      this.distribution = this.createDistribution(globalId);
    }

    const settings = plan.monitoring.alarms;
    this.alarms = settings
      ? addReplicationAlarms(`${globalId}Monitoring`, plan.monitoring.dashboardName, this.monitoredBuckets(), this.replicationPairs(), settings)
      : [];
    if (plan.monitoring.dashboard) {
      this.dashboard = new cloudwatch.Dashboard(this.globalStack, `${globalId}MonitoringDashboard`, { dashboardName: plan.monitoring.dashboardName });
      this.dashboard.addWidgets(...this.dashboardWidgets());
    }
    this.replicationAlarms = this.alarms.map((a) => ({
      sourceRegion: a.pair.sourceRegion,
      destinationRegion: a.pair.destinationRegion,
      ruleId: a.pair.ruleId,
      latency: a.latency,
      failures: a.failures,
    }));

    if (plan.failover) this.failover = this.buildFailover(plan.failover, globalId);
    this.notifyBackfillFailures();
    this.addOutputs();
    const existing = new Map(plan.buckets.filter((b) => b.existing).map((b) => [b.region, b.existing!]));
    warnAboutExistingKeys(existing, (region) => this.bucketOf(region), this.replications);
    for (const [key, value] of Object.entries(plan.tags)) {
      for (const stack of this.stacks) Tags.of(stack).add(key, value);
    }
    // A stack of its own left with no resource (the Region of a referenced bucket, with nothing
    // else there) gets a placeholder. CloudFormation refuses a template without resources, and
    // aws-cdk-lib's validation fails `cdk synth` on one under the recommended feature flags (F0001,
    // "Resources section must exist and be non-empty"); with the placeholder, a deploy that takes
    // the last resources out of a deployed stack updates it, as for any other change (docs/adr/0043).
    for (const stack of this.ownStacks) {
      if (!stack.node.findAll().some((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack)) {
        new CfnWaitConditionHandle(stack, 'NothingElseHere');
      }
    }
  }

  /**
   * New widgets for a CloudWatch dashboard: S3 request metrics of every bucket; with replication
   * metrics, replication latency (in each destination's Region) and failed operations (in each
   * source's Region); and the states of the replication alarms. The construct's own dashboard
   * shows the same. Each call makes new widgets, so they can go on several dashboards, in any
   * stack of the app: `dashboard.addWidgets(...site.dashboardWidgets())`.
   *
   * With buckets in several accounts, the widgets show what one account's CloudWatch has: the
   * buckets of `account`, the replication metrics of its source buckets (S3 publishes them in the
   * source's account) and its alarms. Put them on a dashboard of that account.
   *
   * @param account the account whose buckets, replication metrics and alarms to show
   * (default: the global stack's account)
   */
  public dashboardWidgets(account?: string): cloudwatch.IWidget[] {
    const shown = account ?? this.globalStack.account;
    // Only an account with a bucket has metrics to show (the global stack's account may have none).
    const withBuckets = [...new Set(this.plan.accountsByRegion.values())];
    if (Token.isUnresolved(shown) || !withBuckets.includes(shown)) {
      const got = Token.isUnresolved(shown) ? 'a token' : account === undefined ? `none, which means the global stack's account ${shown}, which has no bucket` : shown;
      throw validationError(this, `'account' must be one of the accounts of the buckets (${withBuckets.join(', ')}), got ${got}`);
    }
    const inAccount = (region: string) => this.accountOf(region) === shown;
    const buckets = this.monitoredBuckets();
    const sources = buckets.filter((b) => inAccount(b.region) && this.isReplicationSource(b.region));
    return monitoringWidgets(
      buckets.filter((b) => inAccount(b.region)),
      this.plan.replication.metrics && sources.length > 0
        ? {
          // S3 publishes replication metrics in the source's account: this account's CloudWatch has
          // the failures of its own sources, and the latency into any bucket from them.
          sources,
          destinations: buckets.filter((b) => this.isReplicationDestination(b.region)
            && this.regions.some((r) => r !== b.region && sources.some((src) => src.region === r))),
        }
        : undefined,
      this.alarms.filter((a) => inAccount(a.pair.sourceRegion)),
      this.plan.monitoring.alarms?.latencyThreshold,
    );
  }

  /**
   * `ReplicationLatency` from the bucket of `sourceRegion` to the bucket of `destinationRegion`:
   * the maximum number of seconds the destination is behind, for one rule (`options.rule` when
   * `rules` of `replication` has several), Maximum over 5 minutes. S3 publishes it in the
   * destination's Region, with replication metrics on.
   */
  public metricReplicationLatency(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationMetricOf('ReplicationLatency', sourceRegion, destinationRegion, options, (r, d, o) => r.metricReplicationLatency(d, o));
  }

  /** `OperationsPendingReplication` from `sourceRegion` to `destinationRegion` (Maximum over 5 minutes), published in the destination's Region. */
  public metricOperationsPendingReplication(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationMetricOf('OperationsPendingReplication', sourceRegion, destinationRegion, options, (r, d, o) => r.metricOperationsPendingReplication(d, o));
  }

  /** `BytesPendingReplication` from `sourceRegion` to `destinationRegion` (Maximum over 5 minutes), published in the destination's Region. */
  public metricBytesPendingReplication(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationMetricOf('BytesPendingReplication', sourceRegion, destinationRegion, options, (r, d, o) => r.metricBytesPendingReplication(d, o));
  }

  /** `OperationsFailedReplication` from `sourceRegion` to `destinationRegion` (Sum over 5 minutes), published in the source's Region. */
  public metricOperationsFailedReplication(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationMetricOf('OperationsFailedReplication', sourceRegion, destinationRegion, options, (r, d, o) => r.metricOperationsFailedReplication(d, o));
  }

  /** `AllRequests` to the bucket of `bucketRegion` (Sum over 5 minutes), from the request metrics configuration `EntireBucket` this construct adds. */
  public metricAllRequests(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.requestMetricOf('AllRequests', bucketRegion, options);
  }

  /** `4xxErrors` of the bucket of `bucketRegion` (Sum over 5 minutes; Average is the error rate). */
  public metricClientErrors(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.requestMetricOf('4xxErrors', bucketRegion, options);
  }

  /** `5xxErrors` of the bucket of `bucketRegion` (Sum over 5 minutes; Average is the error rate). */
  public metricServerErrors(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.requestMetricOf('5xxErrors', bucketRegion, options);
  }

  /** `FirstByteLatency` of the bucket of `bucketRegion`, in milliseconds (Average over 5 minutes; pass `statistic: 'p99'` for a percentile). */
  public metricFirstByteLatency(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.requestMetricOf('FirstByteLatency', bucketRegion, options);
  }

  /** `TotalRequestLatency` of the bucket of `bucketRegion`, in milliseconds (Average over 5 minutes). */
  public metricTotalRequestLatency(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.requestMetricOf('TotalRequestLatency', bucketRegion, options);
  }

  /**
   * Every stack: the Regional stacks in the order of `regions`, the replication stacks of the
   * buckets outside the global stack's account (`<prefix>-<region>-replication`, when there are
   * any), then the global stack. Such a bucket that does not replicate keeps its replication stack
   * with only a placeholder, so that a deploy removes the replication a previous setup applied.
   */
  public get stacks(): Stack[] {
    return [...this.regions.map((r) => this.stackIn(r)), ...this.replicationStacks, this.globalStack];
  }

  /**
   * The account of the bucket of `region`: its entry of `accounts`, the account of its stack in
   * `regionalStacks`, or `account`.
   */
  public accountOf(region: string): string {
    this.stackIn(region);
    return this.plan.accountsByRegion.get(region)!;
  }

  /** The Regional buckets, in the order of `regions`. */
  public get buckets(): RegionalBucket[] {
    return this.regions.filter((r) => this.bucketsByRegion.has(r)).map((r) => this.bucketIn(r));
  }

  /** The failover routine and its alarms (docs/adr/0036). */
  private buildFailover(plan: FailoverPlan, globalId: string): MultiRegionAccessPointFailover {
    return buildFailover({
      plan,
      accessPoint: this.accessPoint,
      routingControlPlaneRegion: this.plan.routingControlPlaneRegion,
      dashboardName: this.plan.monitoring.dashboardName,
      stackIn: (region) => this.stackIn(region),
      globalStack: this.globalStack,
      idPrefix: globalId,
      pendingInto: (source, destination) => [
        this.metricOperationsPendingReplication(source, destination),
        this.metricBytesPendingReplication(source, destination),
      ],
      serverErrorRate: (region) => this.metricServerErrors(region, { statistic: 'Average', period: Duration.minutes(1) }),
    });
  }

  /** The Regional bucket in `region`. */
  public bucketIn(region: string): RegionalBucket {
    const bucket = this.bucketsByRegion.get(region);
    if (!bucket) {
      const existing = this.plan.buckets.find((b) => b.region === region)?.existing;
      if (existing) {
        throw validationError(this, `'region' must be a Region whose bucket this construct manages, got ${region}, whose bucket ${existing.bucketName} is `
          + `${existing.importing ? 'being imported (importing: true)' : 'referenced'}: it has no RegionalBucket`);
      }
      throw validationError(this, `'region' must be one of ${this.regions.join(', ')}, got ${region}`);
    }
    return bucket;
  }

  /** The bucket of `region`, whoever manages it. */
  private bucketOf(region: string): s3.IBucket {
    this.stackIn(region);
    return this.s3BucketsByRegion.get(region)!;
  }


  /** The Regional stack of `region`. */
  public stackIn(region: string): Stack {
    const stack = this.stacksByRegion.get(region);
    if (!stack) throw validationError(this, `'region' must be one of ${this.regions.join(', ')}, got ${region}`);
    return stack;
  }

  /**
   * The alarm topic of `region`, when `alarmTopics` is on and an alarm is in `region`: every Region
   * with two-way replication; with one-way, the primary (failed replication, a failed backfill job)
   * and, when there are replication alarms, every other Region too (replication latency, which S3
   * publishes in the destination's Region), except a Region of another account than the primary
   * (S3 publishes the metric in the source's account, so no latency alarm is there).
   */
  public alarmTopicIn(region: string): sns.ITopic | undefined {
    this.stackIn(region);
    return this.topicsByRegion.get(region);
  }

  /**
   * The SSE-KMS key of the bucket in `region`, when `encryption` is KMS: the `RegionalBucket`'s
   * own key (`bucketIn(region).encryptionKey`).
   */
  public encryptionKeyIn(region: string): kms.IKey | undefined {
    this.stackIn(region);
    return this.bucketsByRegion.get(region)?.encryptionKey ?? this.existingKeys.get(region);
  }

  /**
   * The alias this construct gives the key of `region` (when `encryption` is KMS), by which the
   * global stack and the replication name the key across Regions.
   */
  public keyAliasIn(region: string): kms.IAlias | undefined {
    this.stackIn(region);
    return this.keyAliases.get(region);
  }

  /**
   * Grants through the Multi-Region Access Point: `read`, `write`, `readWrite`, `manage` and
   * `actions`, as `accessPoint.grants`, which with KMS also let the grantee use each Regional
   * key, only through S3 and only for that Region's bucket. A principal of another account than
   * a key's (a grantee of another account, or a bucket in another account of `accounts`) is also
   * admitted by that key's policy, in the key's own stack.
   */
  public get grants(): MultiRegionAccessPointGrants {
    return this.accessPoint.grants;
  }

  /**
   * The metric options with the account CloudWatch has the metric in (the bucket's, or for a
   * replication metric the source's), when the buckets are in several accounts: a dashboard of
   * another account (a monitoring account of CloudWatch cross-account observability) then asks
   * that account. Options that name an account keep it.
   */
  private inAccountOf<T extends cloudwatch.MetricOptions>(region: string, options: T | undefined): T | undefined {
    if (this.plan.distinctAccounts.length < 2 || options?.account !== undefined) return options;
    return { ...(options ?? {}), account: this.accountOf(region) } as T;
  }

  /** A request metric of the bucket of `bucketRegion`, with options that can have data (see `metricOptionsProblem`). */
  private requestMetricOf(metricName: RequestMetricName, bucketRegion: string, options: cloudwatch.MetricOptions | undefined): cloudwatch.Metric {
    if (!this.regions.includes(bucketRegion)) {
      throw validationError(this, `'bucketRegion' must be one of the Regions of the buckets (${this.regions.join(', ')}), got ${bucketRegion}`);
    }
    this.checkMetricOptions(metricName, options, bucketRegion, bucketRegion, 'bucket', 'bucket');
    return requestMetric(metricName, this.bucketOf(bucketRegion), bucketRegion, ENTIRE_BUCKET, this.inAccountOf(bucketRegion, options));
  }

  /** A replication metric of one pair, in the Region and account S3 publishes it in, from the replication that writes the rule. */
  private replicationMetricOf(
    metricName: ReplicationMetricName,
    sourceRegion: string,
    destinationRegion: string,
    options: ReplicationMetricOptions | undefined,
    metric: (replication: BucketReplication, destination: s3.IBucket, options: ReplicationMetricOptions | undefined) => cloudwatch.Metric,
  ): cloudwatch.Metric {
    // The Regions first, by the names the user wrote (a Region outside the setup is no bucket).
    const replication = this.replicationBetween(sourceRegion, destinationRegion);
    const failures = metricName === 'OperationsFailedReplication';
    const publishedIn = failures ? sourceRegion : destinationRegion;
    this.checkMetricOptions(metricName, options, publishedIn, sourceRegion, failures ? 'source bucket' : 'destination bucket', 'source bucket');
    return metric(replication, this.bucketOf(destinationRegion), this.inAccountOf(sourceRegion, options));
  }

  /**
   * Refuses metric options with which the metric would have no data: a period that is not a whole
   * number of minutes, a Region other than where S3 publishes it, or an account other than the one
   * S3 publishes it in (the bucket's; for replication metrics the source's).
   */
  private checkMetricOptions(
    metricName: string,
    options: cloudwatch.MetricOptions | undefined,
    region: string,
    accountRegion: string,
    regionOf: string,
    accountOf: string,
  ): void {
    const problem = metricOptionsProblem(metricName, options, { region, regionOf, account: this.accountOf(accountRegion), accountOf });
    if (problem) throw validationError(this, problem);
  }

  /** Whether the bucket of `region` replicates to others (and so has replication alarms). */
  private isReplicationSource(region: string): boolean {
    return this.plan.replication.sources.includes(region);
  }

  /** Whether the bucket of `region` receives replicas. */
  private isReplicationDestination(region: string): boolean {
    return this.plan.replication.destinations.includes(region);
  }

  /** The replication from `sourceRegion` to `destinationRegion`, whose metric methods name their metrics. */
  private replicationBetween(sourceRegion: string, destinationRegion: string): BucketReplication {
    if (!this.regions.includes(sourceRegion) || !this.isReplicationSource(sourceRegion)) {
      const sources = this.regions.filter((r) => this.isReplicationSource(r));
      throw validationError(this, `'sourceRegion' must be a Region whose bucket replicates (${sources.length > 0 ? sources.join(', ') : `none with 'replication' ${this.replication.mode}`}), got ${sourceRegion}`);
    }
    if (!this.regions.includes(destinationRegion) || !this.isReplicationDestination(destinationRegion) || destinationRegion === sourceRegion) {
      throw validationError(this, `'destinationRegion' must be another Region that receives replicas from ${sourceRegion} (${this.regions.filter((r) => r !== sourceRegion && this.isReplicationDestination(r)).join(', ')}), got ${destinationRegion}`);
    }
    if (!this.plan.replication.metrics) {
      throw validationError(this, "'replication' must turn on replication metrics (Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), or 'replicationTimeControl') for S3 to publish replication metrics, got metrics off; the metric would have no data");
    }
    return this.replications.find((r) => r.source === this.bucketOf(sourceRegion))!;
  }

  /** The Regional buckets as the monitoring sees them. */
  private monitoredBuckets(): MonitoredBucket[] {
    return this.regions.map((region) => ({
      region,
      bucket: this.bucketOf(region),
      stack: this.stackIn(region),
      topic: this.topicsByRegion.get(region),
    }));
  }

  /** Every (source, destination, rule) that S3 reports replication metrics for. */
  private replicationPairs(): ReplicationPair[] {
    // The rules the replication constructs write, named as they name them (one whole-bucket rule by default).
    const ruleIds = givenRuleIds(this.replication._options.rules ?? [{}]);
    return this.plan.replication.pairs.flatMap(({ source: src, destination: dst }) => ruleIds.map((rule) => ({
      sourceRegion: src,
      source: this.bucketOf(src),
      destinationRegion: dst,
      destination: this.bucketOf(dst),
      ruleId: destinationRuleId(rule, bucketNameOf(this.bucketOf(dst))),
      rule,
      replication: this.replicationBetween(src, dst),
    })));
  }

  /** The stack, bucket, key alias and alarm topic of one Region. */
  private buildRegion(planned: PlannedBucket, props: MultiRegionBucketProps): void {
    const { region, stack: plannedStack } = planned;
    const stack = plannedStack.given ?? this.ownStack(plannedStack);
    this.stacksByRegion.set(region, stack);
    const existing = planned.existing;
    if (existing && (planned.origin === 'referenced' || planned.importing)) {
      // The `cdk import` step: the stack holds the bucket alone, as declared. A referenced
      // bucket: nothing of the bucket in the stack. See docs/adr/0034.
      const adopted = planned.importing
        ? renderForImport(stack, planned.constructId, existing, planned.account)
        : reference(stack, planned.constructId, existing, planned.account);
      this.s3BucketsByRegion.set(region, adopted.bucket);
      if (adopted.key) this.existingKeys.set(region, adopted.key);
      warnAboutAdoption(adopted.at, existing, this.plan.replication.mode, props.serverAccessLogs ?? true);
      // Nothing else goes into the stack of a bucket being imported.
      if (planned.importing) return;
      this.addAlarmTopic(planned, stack, props);
      return;
    }
    const bucket = new RegionalBucket(stack, planned.constructId, {
      bucketName: planned.bucketName,
      encryption: this.plan.encryption,
      encryptionKey: existing ? keyOf(stack, planned.constructId, existing) : undefined,
      removalPolicy: props.removalPolicy,
      objectLockEnabled: props.objectLockEnabled,
      noncurrentVersionExpiration: props.noncurrentVersionExpiration,
      noncurrentVersionsToRetain: props.noncurrentVersionsToRetain,
      serverAccessLogs: props.serverAccessLogs,
      serverAccessLogsRetention: props.serverAccessLogsRetention,
      serverAccessLogsPrefix: props.serverAccessLogsPrefix,
    });
    // A name that does not depend on the mode, the primary or globalRegion (which decide who
    // names the bucket from another Region), and no export to block an update.
    stableCrossStackName(bucket.bucket, planned.bucketName);
    // Request metrics for the whole bucket (4xx, 5xx, latency), shown on the dashboard.
    bucket.bucket.addMetric({ id: ENTIRE_BUCKET });
    this.bucketsByRegion.set(region, bucket);
    this.s3BucketsByRegion.set(region, bucket.bucket);
    if (existing) {
      // An imported bucket keeps its lifecycle rules, its policy once no longer managed, and its key (by ARN: every Region can name it).
      keepImported(bucket, existing);
      if (bucket.encryptionKey) this.existingKeys.set(region, bucket.encryptionKey);
      warnAboutAdoption(bucket.bucket, existing, this.plan.replication.mode, props.serverAccessLogs ?? true);
    } else if (bucket.encryptionKey instanceof kms.Key && planned.keyAliasName) {
      this.keyAliases.set(region, bucket.encryptionKey.addAlias(planned.keyAliasName));
    }
    this.addAlarmTopic(planned, stack, props);
  }

  /** The alarm topic of the Region, where the plan puts one. */
  private addAlarmTopic(planned: PlannedBucket, stack: Stack, props: MultiRegionBucketProps): void {
    const region = planned.region;
    if (this.plan.monitoring.alarmTopicRegions.includes(region)) {
      const prefix = this.plan.stackNamePrefix;
      const namePrefix = alarmNamePrefix(this.plan.monitoring.dashboardName, region);
      const displayName = alarmTopicDisplayName(prefix, region);
      this.topicsByRegion.set(region, createAlarmTopic(stack, planned.idPrefix, displayName, namePrefix, props.removalPolicy));
    }
  }

  /**
   * A stack of this construct's own: under the construct itself, or, inside one of your stacks, at
   * the Stage under a construct of the same ID (the same construct paths as directly in the App).
   * Your stack then deploys after it (as aws-cdk-lib's `EdgeFunction` makes its stack wait for
   * the stack it creates), so `cdk deploy <your stack>` deploys it too.
   */
  private ownStack(planned: PlannedStack): Stack {
    this.stackScope ??= stackScopeOf(this, this.plan.stacks.atStage);
    const stack = new Stack(this.stackScope, planned.id, {
      stackName: planned.stackName,
      env: { account: planned.account, region: planned.region },
      description: planned.description,
    });
    this.plan.stacks.dependent?.addStackDependency(stack, `${this.node.path} creates its stacks beside this one`);
    this.ownStacks.push(stack);
    return stack;
  }

  /**
   * Replication, alarms and the dashboard grow with the square of the number of Regions: the
   * template limits fail at synth time naming the properties, rather than at deploy time with a
   * template CloudFormation refuses.
   */
  private describeSize(): string {
    const parts = [`'regions' (${this.regions.length})`];
    if (this.replication.mode === ReplicationMode.NONE) {
      parts.push(`'replication' (${this.replication.mode})`);
    } else {
      const rules = (this.replication._options.rules ?? [{}]).length;
      parts.push(`'replication' (${this.replication.mode}, ${rules} ${rules === 1 ? 'rule' : 'rules'}${this.plan.replication.metrics ? ', metrics' : ''})`);
    }
    parts.push(`'encryption' (${this.plan.encryption === s3.BucketEncryption.KMS ? 'KMS' : 'S3_MANAGED'})`);
    return `${parts.join(', ')} of ${this.node.path}`;
  }

  /**
   * Names each backfill failure alarm like the replication alarms of its Region (so the Region's
   * alarm topic lets it publish) and points it at that topic, when there is one.
   */
  private notifyBackfillFailures(): void {
    for (const replication of this.replications) {
      const alarm = replication.backfillFailureAlarm;
      if (!alarm) continue;
      const region = Stack.of(replication.source).region;
      const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
      cfn.alarmName = fitName(`${alarmNamePrefix(this.plan.monitoring.dashboardName, region)}to-${this.plan.backfill.regions.join('-')}-backfill-failed`, MAX_ALARM_NAME, '-backfill-failed');
      const topic = this.topicsByRegion.get(region);
      if (topic) (alarm as cloudwatch.Alarm).addAlarmAction(new cloudwatchActions.SnsAction(topic));
    }
  }

  private createDistribution(id: string): SecureDistribution {
    const { options, origin: chosen } = this.plan.distribution!;
    const origin: cloudfront.IOrigin = chosen.kind === 'access-point'
      ? MultiRegionAccessPointOrigin.withOriginAccessControl(this.accessPoint, chosen.options)
      : RegionalFailoverOrigin.withOriginAccessControl(
        this.bucketOf(chosen.primaryRegion), this.bucketOf(chosen.fallbackRegion), chosen.options);
    return new SecureDistribution(this.globalStack, `${id}Distribution`, { ...options, origin });
  }

  private addOutputs(): void {
    for (const region of this.regions) {
      // Nothing else goes into the stack of a bucket being imported.
      if (this.plan.buckets.find((b) => b.region === region)?.importing) continue;
      const stack = this.stackIn(region);
      const bucket = this.bucketOf(region);
      new CfnOutput(stack, `${this.node.id}BucketName`, { value: bucket.bucketName, description: `The bucket in ${region}` });
      new CfnOutput(stack, `${this.node.id}BucketRegion`, { value: region, description: 'The Region of the bucket' });
    }
    const g = this.globalStack;
    new CfnOutput(g, `${this.node.id}AccessPointArn`, { value: this.accessPoint.multiRegionAccessPointArn, description: 'The Multi-Region Access Point ARN' });
    new CfnOutput(g, `${this.node.id}AccessPointAlias`, { value: this.accessPoint.multiRegionAccessPointAlias, description: 'The Multi-Region Access Point alias' });
    new CfnOutput(g, `${this.node.id}GlobalEndpoint`, { value: this.accessPoint.multiRegionAccessPointDomainName, description: 'The global endpoint (sign with SigV4A)' });
    if (this.distribution) {
      new CfnOutput(g, `${this.node.id}DistributionDomainName`, { value: this.distribution.domainName, description: 'The CloudFront domain name' });
      new CfnOutput(g, `${this.node.id}DistributionId`, { value: this.distribution.distribution.distributionId, description: 'The CloudFront distribution ID' });
    }
  }
}
