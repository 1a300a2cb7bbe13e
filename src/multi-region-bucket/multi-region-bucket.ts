import * as crypto from 'crypto';
import { App, CfnOutput, Duration, Stack, StackProps, Stage, Tags, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AdoptionContext, keepImported, keyOf, reference, renderForImport, validateExistingBuckets, warnAboutAdoption, warnAboutExistingKeys } from './adoption';
import { DistributionOrigin } from './distribution-origin';
import { BucketAdoption, ExistingBucket } from './existing-bucket';
import { addReplicationAlarms, alarmNamePrefix, AlarmSettings, createAlarmTopic, ENTIRE_BUCKET, MonitoredBucket, monitoringWidgets, ReplicationAlarms, ReplicationPair } from './monitoring';
import { Replication, ReplicationMode } from './replication';
import { MultiRegionAccessPoint, MultiRegionAccessPointGrants, Routing } from '../access-point';
import { RegionalBucket, RegionalBucketOptions } from '../bucket';
import { MultiRegionAccessPointOrigin, RegionalFailoverOrigin, SecureDistribution, SecureDistributionOptions } from '../cloudfront';
import { bucketNameOf } from '../private/buckets';
import { validateDomainNames, validateLogBucket } from '../private/distribution-validation';
import { requestMetric } from '../private/metrics';
import { acknowledgeNag } from '../private/nag';
import { stableCrossStackName } from '../private/physical-name';
import { isOptInRegion, MAX_ACCESS_POINT_REGIONS, RegionUse, validateDistinctRegions, validateRegion } from '../private/regions';
import { destinationRuleId, givenRuleIds, validateStorageClass } from '../private/replication-rules';
import { RouteUpdate } from '../private/route-update';
import { guardTemplateLimits } from '../private/template-limits';
import {
  bucketNameProblem,
  claimOf,
  validateAccountId,
  validateRemovalPolicy,
  validateSameStage,
  validateTags,
  validateWholeDays,
  validationError,
} from '../private/validation';
import { deferWarnings, placeWarnings, warn } from '../private/warnings';
import { Backfill, BucketReplication, ReplicationMesh, ReplicationMethod, ReplicationMetricOptions, ReplicationOptions } from '../replication';

/** The most Regions a Multi-Region Access Point spans. */

/** What CloudFormation accepts as a stack name. */
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]*$/;
const MAX_STACK_NAME_LENGTH = 128;

/**
 * The CloudFront distribution of a {@link MultiRegionBucket}: the options of
 * `SecureDistribution`, and which origin to use.
 */
export interface MultiRegionBucketDistributionOptions extends SecureDistributionOptions {
  /**
   * Which origin reads the buckets, with its options: `DistributionOrigin.multiRegionAccessPoint()`
   * (with `originAccessLevels`: writes and deletes also need `allowedMethods`) or
   * `DistributionOrigin.regionalFailover()` (with `fallbackRegion` and `fallbackStatusCodes`).
   *
   * @default DistributionOrigin.multiRegionAccessPoint()
   */
  readonly origin?: DistributionOrigin;
}

/**
 * What a {@link MultiRegionBucket} monitors: the replication alarms and their thresholds, and
 * whether it creates a dashboard. The metrics themselves are the construct's `metricXxx()`
 * methods, and `dashboardWidgets()` gives the dashboard's widgets to place on a dashboard of yours.
 */
export interface MultiRegionBucketMonitoringOptions {
  /**
   * Whether every replication pair (and rule) gets two CloudWatch alarms, in its source bucket's
   * Region: replication latency and failed operations. They need replication metrics
   * (`metrics` or `replicationTimeControl` of `replication`). A pair whose buckets are in
   * different accounts gets only the failure alarm (S3 publishes the latency in the source's
   * account, in the destination's Region).
   *
   * @default - true when replication metrics are on
   */
  readonly replicationAlarms?: boolean;

  /**
   * The replication latency alarm fires when `ReplicationLatency` (the maximum over 5 minutes)
   * stays above this for `replicationLatencyEvaluationPeriods` periods. Whole seconds, at least 1.
   *
   * @default - Duration.minutes(15) with Replication Time Control (what S3 promises), otherwise Duration.hours(1)
   */
  readonly replicationLatencyThreshold?: Duration;

  /**
   * How many consecutive 5-minute periods replication latency must be above the threshold before
   * the alarm fires: 1 to 288 (CloudWatch evaluates at most one day).
   *
   * @default 3
   */
  readonly replicationLatencyEvaluationPeriods?: number;

  /**
   * The failure alarm fires when more than this many operations fail to replicate in 5 minutes
   * (`OperationsFailedReplication`, Sum). A whole number, at least 0.
   *
   * @default 0 - any failed operation
   */
  readonly replicationFailureThreshold?: number;

  /**
   * How many consecutive 5-minute periods must have failures above the threshold before the
   * failure alarm fires: 1 to 288.
   *
   * @default 1
   */
  readonly replicationFailureEvaluationPeriods?: number;

  /**
   * Whether to create a CloudWatch dashboard (in the global stack, named after `stackNamePrefix`)
   * with the request metrics of every bucket, the replication metrics and the alarms. Without it,
   * place `dashboardWidgets()` on a dashboard of your own. With buckets in several accounts
   * (`accounts`), it shows what the global stack's account has: its buckets, the replication
   * metrics of its source buckets, and its alarms (`dashboardWidgets(account)` for another account).
   *
   * @default true
   */
  readonly dashboard?: boolean;
}

/**
 * The CloudWatch alarms of one replication pair.
 */
export interface ReplicationPairAlarms {
  /** The Region of the source bucket (and of the alarms). */
  readonly sourceRegion: string;
  /** The Region of the destination bucket. */
  readonly destinationRegion: string;
  /** The replication rule, as S3 reports it. */
  readonly ruleId: string;
  /**
   * Fires when `ReplicationLatency` stays above `monitoring.replicationLatencyThreshold` (by
   * default 15 minutes with RTC, else 1 hour). Undefined for a pair whose buckets are in different
   * accounts: S3 publishes the metric in the source's account, in the destination's Region, where
   * this construct has no stack (watch it there with `metricReplicationLatency`).
   *
   * @default - a latency alarm when the source and destination buckets are in the same account
   */
  readonly latency?: cloudwatch.IAlarm;
  /** Fires when `OperationsFailedReplication` is above `monitoring.replicationFailureThreshold` (by default zero). */
  readonly failures: cloudwatch.IAlarm;
}

/**
 * Properties of a {@link MultiRegionBucket}.
 */
export interface MultiRegionBucketProps extends RegionalBucketOptions {
  /**
   * The Regions that hold a copy of the bucket: 2 to 17, no duplicates.
   */
  readonly regions: string[];

  /**
   * The primary Region: the source of one-way replication, the active Region of the default
   * active-passive routing, and the primary of a Regional failover origin.
   *
   * @default - the first of `regions`
   */
  readonly primaryRegion?: string;

  /**
   * The AWS account of every stack.
   *
   * Pass `process.env.CDK_DEFAULT_ACCOUNT` (set by the CDK CLI from your credentials) to deploy
   * to the account of your credentials, as for a stack's `env`.
   *
   * @default - the account of `regionalStacks` and `globalStack` when they have a literal one;
   * otherwise synthesis fails with an explanation, because stacks in several Regions can only
   * name each other's buckets in a known account
   */
  readonly account?: string;

  /**
   * The accounts of Regions whose buckets belong to another account than `account`: a map from a
   * Region of `regions` to a 12-digit account ID, for example `{ 'us-west-2': '333333333333' }`
   * for a copy in a backup account. Each of these Regions gets its stack in its account; the
   * global stack (access point, distribution, dashboard) stays in `account`.
   *
   * Names that cross accounts (bucket names, replication role names, key alias ARNs) are computed
   * at synth time on both sides, so no stack ever imports a value from another account, and
   * `cdk deploy --all` still deploys everything in one run, given credentials that can deploy to
   * every account (bootstrap each account with `cdk bootstrap --trust <deploying account>`: see
   * the README, "Buckets in several accounts"). The replication of a bucket in another account than
   * `account` is applied from a stack of its own account, `<prefix>-<region>-replication`.
   *
   * With `regionalStacks`, each stack's `env.account` is the account of its Region; an entry here
   * must then agree with it.
   *
   * @default - every Region in `account`
   */
  readonly accounts?: { [region: string]: string };

  /**
   * The Region of the global stack (Multi-Region Access Point, replication mesh, CloudFront).
   * CloudFront certificates and web ACLs must be in us-east-1.
   *
   * @default 'us-east-1'
   */
  readonly globalRegion?: string;

  /**
   * The prefix of the stack names: `<prefix>-<region>` and `<prefix>-global`. It also prefixes
   * the KMS key aliases, the dashboard, the alarms and the alarm topics' display names.
   *
   * @default - the construct ID; inside a Stage (not directly in the App), the Stage name, a
   * hyphen and the construct ID, so that the same construct in two Stages of one account gets
   * different stack names (earlier versions used the construct ID in Stages too: pass the construct
   * ID here to keep the stack names of a setup deployed with them)
   */
  readonly stackNamePrefix?: string;

  /**
   * Stacks you already have, one per Region, to put the Regional buckets in (instead of stacks this
   * construct creates). Each must have an explicit Region from `regions`.
   *
   * @default - a stack per Region is created
   */
  readonly regionalStacks?: Stack[];

  /**
   * A stack you already have for the global resources. It must not be one of `regionalStacks`.
   *
   * @default - a global stack is created in `globalRegion`
   */
  readonly globalStack?: Stack;

  /**
   * The bucket names, one per Region: `<bucketNameBase>-<region>`, e.g. `acme-assets` names
   * `acme-assets-us-east-1` and `acme-assets-eu-west-1`. (Not aws-s3's `bucketNamePrefix`, which
   * names a bucket in the account-regional namespace.)
   *
   * @default - names are generated
   */
  readonly bucketNameBase?: string;

  /**
   * How the buckets replicate, with the options of that kind of replication: replication rules
   * and filters, delete-marker replication, Replication Time Control and metrics (with metrics on,
   * every replication pair gets CloudWatch alarms and the dashboard shows replication latency),
   * the storage class of replicas, and with two-way replication whether replica modifications
   * flow back.
   *
   * @default Replication.twoWay() - the whole bucket, delete markers and replica modifications
   * replicated, no RTC, no metrics
   */
  readonly replication?: Replication;

  /**
   * How the Multi-Region Access Point routes requests. Changing it and deploying performs a
   * failover or failback (about two minutes; at least one Region must stay active).
   *
   * @default - active-active with two-way replication (or none); active-passive with only the
   * primary active with one-way replication
   */
  readonly routing?: Routing;

  /**
   * The control-plane Region that routing changes are sent to.
   *
   * @default 'us-west-2'
   */
  readonly routingControlPlaneRegion?: string;

  /**
   * The name of the Multi-Region Access Point.
   *
   * @default - generated from the construct path
   */
  readonly multiRegionAccessPointName?: string;

  /**
   * A CloudFront distribution in front of the buckets, in the global stack.
   *
   * @default - no distribution
   */
  readonly distribution?: MultiRegionBucketDistributionOptions;

  /**
   * Regions added to a deployed setup whose new buckets must first receive the objects the other
   * buckets already hold: `Backfill.existingObjects({ regions: ['ap-southeast-2'] })`, in the
   * deploy that adds the Region. Each bucket that replicates into it gets one S3 Batch
   * Replication job (created once; its ID and status command are outputs of the global stack),
   * and the access point keeps the new Regions passive (traffic dial 0) while they fill.
   *
   * Once every job is `Complete`, activate the Regions: remove `backfill` and set `routing`
   * (`Routing.activeActive()`, or the Regions you want active) in the same deploy.
   *
   * The construct cannot tell from a template that the other buckets are deployed with data:
   * say it here. Not for a first deploy, whose buckets are all empty.
   *
   * @default - no backfill: a new Region receives only the objects written after it is added,
   * and serves requests at once
   */
  readonly backfill?: Backfill;

  /**
   * The replication alarms, their thresholds, and the dashboard.
   *
   * @default - alarms when replication metrics are on, with the thresholds documented on each
   * option, and a dashboard
   */
  readonly monitoring?: MultiRegionBucketMonitoringOptions;

  /**
   * Create an SNS topic for the replication alarms in every Region that has one (subscribe to it
   * yourself; see `alarmTopicIn(region)`): every Region with two-way replication; with one-way, the
   * primary and, when there are replication alarms, every replica Region too. CloudWatch alarms can
   * only notify a topic in their own Region, and each alarm is where S3 publishes its metric: the
   * failure alarm in the source bucket's Region, the latency alarm in the destination's.
   *
   * @default - true when there are replication alarms (replication metrics on, and
   * `monitoring.replicationAlarms` not false), or with `backfill` (a failed backfill job raises an alarm)
   */
  readonly alarmTopics?: boolean;

  /**
   * Buckets you already have, at most one per Region of `regions`: imported into the Regional
   * stack with `cdk import` (`ExistingBucket.imported()`), or referenced by name
   * (`ExistingBucket.referenced()`), with the settings you declare about each (the construct cannot
   * read them at synth time). The other Regions get new buckets (named by `bucketNameBase` when
   * given: pass the existing bucket's name to name them after it); add
   * `backfill` for them in the deploy that creates them, so that they receive the existing
   * objects and stay passive until activated. See the README, "Start from a bucket you already have".
   *
   * @default - every bucket is new
   */
  readonly existingBuckets?: ExistingBucket[];

  /**
   * Tags for every stack and resource this construct creates.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

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

  /** The distribution, when one was asked for. */
  public readonly distribution?: SecureDistribution;

  /** How the buckets replicate: `replication.mode` says which kind (two-way, one-way or none). */
  public readonly replication: Replication;

  /** The replications: the mesh's per-bucket replications (two-way) or the primary's (one-way). */
  public readonly replications: BucketReplication[];

  /** The CloudWatch alarms of every replication pair, when replication metrics are on (and `monitoring.replicationAlarms` is not false). */
  public readonly replicationAlarms: ReplicationPairAlarms[];

  /** The CloudWatch dashboard, in the global stack; undefined with `monitoring.dashboard: false`. */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly stacksByRegion = new Map<string, Stack>();
  private readonly accountsByRegion: Map<string, string>;
  /** The accounts of the buckets: the default account first. */
  private readonly distinctAccounts: string[];
  private readonly stackNamePrefix: string;
  /** Where this construct's own stacks go: itself, or (inside a stack) a construct at the Stage, made with the first stack. */
  private stackScope?: Construct;
  /** Inside a stack that is not one of the given ones: that stack, which deploys after this construct's stacks. */
  private readonly dependentStack?: Stack;
  /** The stacks that apply the replication of buckets outside the global stack's account. */
  private readonly replicationStacks: Stack[] = [];
  private globalReplication?: Construct;
  private readonly bucketsByRegion = new Map<string, RegionalBucket>();
  /** Every Region's bucket: the RegionalBucket's, or an existing bucket's in the import step or referenced. */
  private readonly s3BucketsByRegion = new Map<string, s3.IBucket>();
  /** The existing buckets, by Region. */
  private readonly existingByRegion: Map<string, ExistingBucket>;
  private readonly topicsByRegion = new Map<string, sns.ITopic>();
  /** The key of each Region by a name every Region can use: the alias of a key of this app, or an existing bucket's key ARN. */
  private readonly keyAliases = new Map<string, kms.IKey>();

  /** The Regions being backfilled (passive until activated). */
  private readonly backfillRegions: string[];

  /** Whether the replication rules have metrics (so S3 publishes replication metrics). */
  private readonly replicationMetrics: boolean;

  /** The replication alarms, with their names. */
  private readonly alarms: ReplicationAlarms[];

  /** The thresholds of the replication alarms, when there are alarms. */
  private readonly alarmSettings?: AlarmSettings;

  constructor(scope: Construct, id: string, props: MultiRegionBucketProps) {
    super(scope, id);
    // This construct is in no stack (or in one that is not the stack a warning concerns): its
    // warnings wait for its stacks, where 'cdk synth' prints them.
    deferWarnings(this);
    const routes = validateProps(this, props);

    this.regions = [...props.regions];
    this.primaryRegion = props.primaryRegion ?? props.regions[0];
    this.replication = props.replication ?? Replication.twoWay();
    const account = props.account ?? accountOfGivenStacks(props);
    if (account === undefined) {
      throw validationError(this, "'account' must be set (for example to process.env.CDK_DEFAULT_ACCOUNT, which the CDK CLI sets from your "
        + 'credentials): stacks in several Regions can only name each other\'s buckets in a known account; got none');
    }
    validateAccountId(this, 'account', account);
    const regionAccounts = accountsOf(this, props, account);
    this.accountsByRegion = regionAccounts;
    this.distinctAccounts = [...new Set([account, ...regionAccounts.values()])];
    validateDistributionAccounts(this, props, account, regionAccounts);
    const prefix = stackNamePrefixOf(this, props);
    this.stackNamePrefix = prefix;
    validateUniqueNames(this, props, prefix, account, regionAccounts);
    this.dependentStack = dependentStackOf(this, props);
    const encryption = props.encryption ?? s3.BucketEncryption.S3_MANAGED;
    this.backfillRegions = validateBackfill(this, props, routes);
    const adoption: AdoptionContext = {
      regions: this.regions,
      accounts: regionAccounts,
      mode: this.replication.mode,
      primaryRegion: this.primaryRegion,
      encryption,
      objectLockEnabled: props.objectLockEnabled ?? false,
    };
    this.existingByRegion = validateExistingBuckets(this, props.existingBuckets, adoption);

    // Wave 1: one stack per Region with its bucket.
    const options = this.replication._options;
    const metrics = hasMetrics(this.replication);
    this.replicationMetrics = metrics;
    const monitoring = props.monitoring ?? {};
    // The `cdk import` step deploys only the imported buckets' stacks: no alarms (nor a dashboard) to
    // place in them yet.
    const importStep = [...this.existingByRegion.values()].some((e) => e.importing);
    const alarms = metrics && monitoring.replicationAlarms !== false && !importStep;
    // A failed backfill job must reach someone too.
    const alarmTopics = props.alarmTopics ?? (alarms || props.backfill !== undefined);
    for (const region of this.regions) {
      const given = props.regionalStacks?.find((s) => s.region === region);
      const stack = given
        ?? this.ownStack(region, { stackName: `${prefix}-${region}`, env: { account: regionAccounts.get(region)!, region }, description: `${prefix}: the ${region} copy of the bucket` });
      this.stacksByRegion.set(region, stack);
      // In a stack of its own, ids and names are keyed by meaning (the stack belongs to this
      // construct), so renaming the construct keeps every resource; in a stack the user passes
      // (which other constructs may share), the construct id keeps them unique. See ADR 0015.
      const existing = this.existingByRegion.get(region);
      const bucketId = given ? `${id}Bucket` : 'Bucket';
      if (existing?.importing || existing?.adoption === BucketAdoption.REFERENCED) {
        // The `cdk import` step: the stack holds the bucket alone, as declared. A referenced
        // bucket: nothing of the bucket in the stack. See docs/adr/0034.
        const adopted = existing.importing
          ? renderForImport(stack, bucketId, existing, regionAccounts.get(region)!)
          : reference(stack, bucketId, existing, regionAccounts.get(region)!);
        this.s3BucketsByRegion.set(region, adopted.bucket);
        if (adopted.key) this.keyAliases.set(region, adopted.key);
        warnAboutAdoption(adopted.at, existing, adoption, props.serverAccessLogs ?? true);
        // Nothing else goes into the stack of a bucket being imported.
        if (existing.importing) continue;
      } else {
        const bucketName = existing?.bucketName ?? (props.bucketNameBase ? `${props.bucketNameBase}-${region}` : (given ? undefined : ownBucketName(stack)));
        const bucket = new RegionalBucket(stack, bucketId, {
          bucketName,
          encryption,
          encryptionKey: existing ? keyOf(stack, bucketId, existing) : undefined,
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
        stableCrossStackName(bucket.bucket, bucketName);
        // Request metrics for the whole bucket (4xx, 5xx, latency), shown on the dashboard.
        bucket.bucket.addMetric({ id: ENTIRE_BUCKET });
        this.bucketsByRegion.set(region, bucket);
        this.s3BucketsByRegion.set(region, bucket.bucket);
        if (existing) {
          // An imported bucket keeps its lifecycle rules, its policy once no longer managed, and its key (by ARN: every Region can name it).
          keepImported(bucket, existing);
          if (bucket.encryptionKey) this.keyAliases.set(region, bucket.encryptionKey);
          warnAboutAdoption(bucket.bucket, existing, adoption, props.serverAccessLogs ?? true);
        } else if (bucket.encryptionKey instanceof kms.Key) {
          // An alias has an ARN every Region can name, unlike the key's generated ID. Named by the
          // stack prefix and the construct ID: renaming the construct (whose key is then a new
          // resource) creates a new alias instead of clashing with the old one until cleanup.
          // In a stack of its own the key keeps its logical id when the construct is renamed, and the
          // stack name (unique in the account and Region) already names it: no construct id.
          const aliasName = given ? `alias/${prefix}/${id}-${region}` : `alias/${stack.stackName}`;
          this.keyAliases.set(region, bucket.encryptionKey.addAlias(aliasName.replace(/[^a-zA-Z0-9/_-]/g, '-')));
        }
      }
      // Only where there are alarms: each topic has a KMS key, which costs money every month.
      // Failure alarms are in the source's Region, latency alarms in the destination's (where S3
      // publishes each metric), and a backfill job's alarm in its source's.
      // A latency alarm is in the destination's Region only for a source of the same account (S3
      // publishes the metric in the source's account): a replica Region of another account has none.
      const latencyAlarmHere = alarms && this.isReplicationDestination(region)
        && this.regions.some((src) => src !== region && this.isReplicationSource(src) && regionAccounts.get(src) === regionAccounts.get(region));
      if (alarmTopics && (this.isReplicationSource(region) || latencyAlarmHere)) {
        const namePrefix = alarmNamePrefix(dashboardNameOf(prefix), region);
        this.topicsByRegion.set(region, createAlarmTopic(stack, given ? id : '', `${prefix} replication alarms (${region})`, namePrefix, props.removalPolicy));
      }
    }

    // Wave 2: the global stack.
    this.globalStack = props.globalStack ?? this.ownStack('global', {
      stackName: `${prefix}-global`,
      env: { account, region: props.globalRegion ?? 'us-east-1' },
      description: `${prefix}: Multi-Region Access Point, replication and CloudFront over ${this.regions.join(', ')}`,
    });
    // A warning about a Region goes on that Region's stack, any other on the global stack.
    placeWarnings(this, (region) => (region !== undefined ? this.stacksByRegion.get(region) : undefined) ?? this.globalStack);

    // Replication, alarms and the dashboard grow with the square of the number of Regions: fail at
    // synth time, naming the properties, rather than at deploy time with a template CloudFormation refuses.
    const describe = () => {
      const parts = [`'regions' (${this.regions.length})`];
      if (this.replication.mode === ReplicationMode.NONE) {
        parts.push(`'replication' (${this.replication.mode})`);
      } else {
        const rules = (options.rules ?? [{}]).length;
        parts.push(`'replication' (${this.replication.mode}, ${rules} ${rules === 1 ? 'rule' : 'rules'}${metrics ? ', metrics' : ''})`);
      }
      parts.push(`'encryption' (${encryption === s3.BucketEncryption.KMS ? 'KMS' : 'S3_MANAGED'})`);
      return `${parts.join(', ')} of ${this.node.path}`;
    };
    for (const stack of this.stacks) guardTemplateLimits(stack, describe);

    // In a global stack of its own, ids keyed by meaning (see the Regional stacks above).
    const globalId = props.globalStack ? id : '';
    this.replications = this.replicate(globalId);

    const baseRouting = props.routing ?? (this.replication.mode === ReplicationMode.ONE_WAY
      ? Routing.activePassive({ activeRegions: [this.primaryRegion] })
      : Routing.activeActive());
    // Regions being backfilled take no traffic until the user activates them (docs/adr/0016).
    const routing = this.backfillRegions.length > 0 ? this.passiveWhileBackfilled(routes) : baseRouting;
    this.accessPoint = new MultiRegionAccessPoint(this.globalStack, `${globalId}AccessPoint`, {
      multiRegionAccessPointName: props.multiRegionAccessPointName,
      buckets: this.regions.map((r) => this.bucketOf(r)),
      // Aliases: ARNs the global stack can name in every Region.
      encryptionKeys: this.keyAliases.size > 0 ? [...this.keyAliases.values()] : undefined,
      expectReplication: this.replication.mode !== ReplicationMode.NONE,
      // Only write routes when they differ from S3's default (every Region active).
      routing: props.routing || this.replication.mode === ReplicationMode.ONE_WAY || this.backfillRegions.length > 0 ? routing : undefined,
      routingControlPlaneRegion: props.routingControlPlaneRegion,
    });

    if (props.distribution) {
      this.distribution = this.createDistribution(globalId, props.distribution);
    }

    // With RTC, S3 promises 15 minutes; without it, alarm after an hour.
    this.alarmSettings = alarms ? {
      latencyThreshold: monitoring.replicationLatencyThreshold ?? (options.replicationTimeControl ? Duration.minutes(15) : Duration.hours(1)),
      latencyEvaluationPeriods: monitoring.replicationLatencyEvaluationPeriods ?? 3,
      failureThreshold: monitoring.replicationFailureThreshold ?? 0,
      failureEvaluationPeriods: monitoring.replicationFailureEvaluationPeriods ?? 1,
    } : undefined;
    this.alarms = this.alarmSettings
      ? addReplicationAlarms(`${globalId}Monitoring`, dashboardNameOf(prefix), this.monitoredBuckets(), this.replicationPairs(options), this.alarmSettings)
      : [];
    if ((monitoring.dashboard ?? true) && !importStep) {
      this.dashboard = new cloudwatch.Dashboard(this.globalStack, `${globalId}MonitoringDashboard`, { dashboardName: dashboardNameOf(prefix) });
      this.dashboard.addWidgets(...this.dashboardWidgets());
    }
    this.replicationAlarms = this.alarms.map((a) => ({
      sourceRegion: a.pair.sourceRegion,
      destinationRegion: a.pair.destinationRegion,
      ruleId: a.pair.ruleId,
      latency: a.latency,
      failures: a.failures,
    }));

    this.notifyBackfillFailures(prefix);
    this.addOutputs();
    warnAboutExistingKeys(this.existingByRegion, (region) => this.bucketOf(region), this.replications);
    for (const [key, value] of Object.entries(props.tags ?? {})) {
      for (const stack of this.stacks) Tags.of(stack).add(key, value);
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
    if (Token.isUnresolved(shown) || !this.distinctAccounts.includes(shown)) {
      throw validationError(this, `'account' must be one of the accounts of the buckets (${this.distinctAccounts.join(', ')}), got ${Token.isUnresolved(shown) ? 'a token' : shown}`);
    }
    const inAccount = (region: string) => this.accountOf(region) === shown;
    const buckets = this.monitoredBuckets();
    const sources = buckets.filter((b) => inAccount(b.region) && this.isReplicationSource(b.region));
    return monitoringWidgets(
      buckets.filter((b) => inAccount(b.region)),
      this.replicationMetrics && sources.length > 0
        ? {
          // S3 publishes replication metrics in the source's account: this account's CloudWatch has
          // the failures of its own sources, and the latency into any bucket from them.
          sources,
          destinations: buckets.filter((b) => this.isReplicationDestination(b.region)
            && this.regions.some((r) => r !== b.region && sources.some((src) => src.region === r))),
        }
        : undefined,
      this.alarms.filter((a) => inAccount(a.pair.sourceRegion)),
      this.alarmSettings?.latencyThreshold,
    );
  }

  /**
   * `ReplicationLatency` from the bucket of `sourceRegion` to the bucket of `destinationRegion`:
   * the maximum number of seconds the destination is behind, for one rule (`options.rule` when
   * `rules` of `replication` has several), Maximum over 5 minutes. S3 publishes it in the
   * destination's Region, with replication metrics on.
   */
  public metricReplicationLatency(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    const destination = this.bucketOf(destinationRegion);
    return this.replicationBetween(sourceRegion, destinationRegion).metricReplicationLatency(destination, this.inAccountOf(sourceRegion, options));
  }

  /** `OperationsPendingReplication` from `sourceRegion` to `destinationRegion` (Maximum over 5 minutes), published in the destination's Region. */
  public metricOperationsPendingReplication(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    const destination = this.bucketOf(destinationRegion);
    const replication = this.replicationBetween(sourceRegion, destinationRegion);
    return replication.metricOperationsPendingReplication(destination, this.inAccountOf(sourceRegion, options));
  }

  /** `BytesPendingReplication` from `sourceRegion` to `destinationRegion` (Maximum over 5 minutes), published in the destination's Region. */
  public metricBytesPendingReplication(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    const destination = this.bucketOf(destinationRegion);
    const replication = this.replicationBetween(sourceRegion, destinationRegion);
    return replication.metricBytesPendingReplication(destination, this.inAccountOf(sourceRegion, options));
  }

  /** `OperationsFailedReplication` from `sourceRegion` to `destinationRegion` (Sum over 5 minutes), published in the source's Region. */
  public metricOperationsFailedReplication(sourceRegion: string, destinationRegion: string, options?: ReplicationMetricOptions): cloudwatch.Metric {
    const destination = this.bucketOf(destinationRegion);
    const replication = this.replicationBetween(sourceRegion, destinationRegion);
    return replication.metricOperationsFailedReplication(destination, this.inAccountOf(sourceRegion, options));
  }

  /** `AllRequests` to the bucket of `bucketRegion` (Sum over 5 minutes), from the request metrics configuration `EntireBucket` this construct adds. */
  public metricAllRequests(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return requestMetric('AllRequests', this.bucketOf(bucketRegion), bucketRegion, ENTIRE_BUCKET, this.inAccountOf(bucketRegion, options));
  }

  /** `4xxErrors` of the bucket of `bucketRegion` (Sum over 5 minutes; Average is the error rate). */
  public metricClientErrors(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return requestMetric('4xxErrors', this.bucketOf(bucketRegion), bucketRegion, ENTIRE_BUCKET, this.inAccountOf(bucketRegion, options));
  }

  /** `5xxErrors` of the bucket of `bucketRegion` (Sum over 5 minutes; Average is the error rate). */
  public metricServerErrors(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return requestMetric('5xxErrors', this.bucketOf(bucketRegion), bucketRegion, ENTIRE_BUCKET, this.inAccountOf(bucketRegion, options));
  }

  /** `FirstByteLatency` of the bucket of `bucketRegion`, in milliseconds (Average over 5 minutes; pass `statistic: 'p99'` for a percentile). */
  public metricFirstByteLatency(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return requestMetric('FirstByteLatency', this.bucketOf(bucketRegion), bucketRegion, ENTIRE_BUCKET, this.inAccountOf(bucketRegion, options));
  }

  /** `TotalRequestLatency` of the bucket of `bucketRegion`, in milliseconds (Average over 5 minutes). */
  public metricTotalRequestLatency(bucketRegion: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return requestMetric('TotalRequestLatency', this.bucketOf(bucketRegion), bucketRegion, ENTIRE_BUCKET, this.inAccountOf(bucketRegion, options));
  }

  /**
   * Every stack: the Regional stacks in the order of `regions`, the replication stacks of the
   * buckets outside the global stack's account (`<prefix>-<region>-replication`, when there are
   * any), then the global stack.
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
    return this.accountsByRegion.get(region)!;
  }

  /** The Regional buckets, in the order of `regions` (a referenced bucket, or one in the `cdk import` step, has none). */
  public get buckets(): RegionalBucket[] {
    return this.regions.filter((r) => this.bucketsByRegion.has(r)).map((r) => this.bucketIn(r));
  }

  /**
   * The Regional bucket in `region`. A Region whose bucket is referenced (`ExistingBucket.referenced()`),
   * or imported in the `cdk import` step, has no RegionalBucket.
   */
  public bucketIn(region: string): RegionalBucket {
    const bucket = this.bucketsByRegion.get(region);
    if (!bucket) {
      const existing = this.existingByRegion.get(region);
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
    return this.bucketsByRegion.get(region)?.encryptionKey ?? this.keyAliases.get(region);
  }

  /**
   * The alias this construct gives the key of `region` (when `encryption` is KMS), by which the
   * global stack and the replication name the key across Regions.
   */
  public keyAliasIn(region: string): kms.IAlias | undefined {
    this.stackIn(region);
    const key = this.keyAliases.get(region);
    // An existing bucket's key is named by its ARN, not by an alias of this construct.
    return key instanceof kms.Alias ? key : undefined;
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
    if (this.distinctAccounts.length < 2 || options?.account !== undefined) return options;
    return { ...(options ?? {}), account: this.accountOf(region) } as T;
  }

  /** Whether the bucket of `region` replicates to others (and so has replication alarms). */
  private isReplicationSource(region: string): boolean {
    switch (this.replication.mode) {
      case ReplicationMode.TWO_WAY: return true;
      case ReplicationMode.ONE_WAY: return region === this.primaryRegion;
      default: return false;
    }
  }

  /** Whether the bucket of `region` receives replicas. */
  private isReplicationDestination(region: string): boolean {
    switch (this.replication.mode) {
      case ReplicationMode.TWO_WAY: return true;
      case ReplicationMode.ONE_WAY: return region !== this.primaryRegion;
      default: return false;
    }
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
    if (!this.replicationMetrics) {
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
  private replicationPairs(options: ReplicationOptions): ReplicationPair[] {
    // The rules the replication constructs write, named as they name them (one whole-bucket rule by default).
    const ruleIds = givenRuleIds(options.rules ?? [{}]);
    const sources = this.regions.filter((r) => this.isReplicationSource(r));
    return sources.flatMap((src) => this.regions.filter((dst) => dst !== src).flatMap((dst) => ruleIds.map((rule) => ({
      sourceRegion: src,
      source: this.bucketOf(src),
      destinationRegion: dst,
      destination: this.bucketOf(dst),
      ruleId: destinationRuleId(rule, bucketNameOf(this.bucketOf(dst))),
      rule,
      replication: this.replicationBetween(src, dst),
    }))));
  }

  private replicate(id: string): BucketReplication[] {
    const { storageClass, replicaModifications, ...options } = this.replication._options;
    const keys = this.keyAliases.size > 0 ? this.regions.map((r) => this.keyAliases.get(r)!) : undefined;
    const backfill = (source: string) => (this.backfillRegions.length > 0 && !this.backfillRegions.includes(source)
      ? Backfill.existingObjects({ regions: this.backfillRegions })
      : undefined);
    if (this.replication.mode === ReplicationMode.TWO_WAY && this.distinctAccounts.length > 1) {
      // Across accounts, each bucket's configuration is applied from a stack of its own account
      // (S3 takes a replication role of the source's account, passed by a caller of that account),
      // so no one ReplicationMesh can hold them: the same per-source replications, each in the
      // global stack (the default account's buckets, at the mesh's construct path: same logical
      // IDs) or in the replication stack of its Region (the other accounts' buckets).
      return this.regions.map((source, i) => new BucketReplication(this.replicationOwner(id, source), `From-${source}`, {
        ...options,
        source: this.bucketOf(source),
        sourceEncryptionKey: keys?.[i],
        sseKmsEncryptedObjects: keys !== undefined,
        destinations: this.regions.flatMap((r, j) => (j === i ? [] : [{ bucket: this.bucketOf(r), storageClass, kmsKey: keys?.[j] }])),
        replicaModifications: replicaModifications ?? true,
        method: ReplicationMethod.POST_CREATION,
        // A new bucket is empty: only the others copy their objects into the new ones.
        backfill: backfill(source),
      }));
    }
    if (this.replication.mode === ReplicationMode.TWO_WAY) {
      return new ReplicationMesh(this.globalStack, `${id}Replication`, {
        ...options,
        buckets: this.regions.map((r) => this.bucketOf(r)),
        encryptionKeys: keys,
        replicaModifications,
        storageClass,
        backfill: this.backfillRegions.length > 0 ? Backfill.existingObjects({ regions: this.backfillRegions }) : undefined,
      }).replications;
    }
    if (this.replication.mode === ReplicationMode.ONE_WAY) {
      const others = this.regions.filter((r) => r !== this.primaryRegion);
      for (const region of others) {
        acknowledgeNag(
          this.bucketOf(region),
          { nist80053r5: 'S3BucketReplicationEnabled', hipaa: 'S3BucketReplicationEnabled', pciDss321: 'S3BucketReplicationEnabled' },
          `This bucket is a replica: one-way replication copies the primary bucket (${this.primaryRegion}) into it, so its data already lives in ${this.regions.length} Regions.`,
        );
      }
      // The same owner of the primary's configuration as with two-way replication: the custom
      // resource at the mesh's path (same logical ID) in the global stack. Switching modes then
      // updates that one resource in place, and never hands the bucket over between a native
      // configuration and a custom resource whose Delete would remove what the other just put.
      // See docs/adr (replication ownership).
      const owner = this.replicationOwner(id, this.primaryRegion);
      return [new BucketReplication(owner, `From-${this.primaryRegion}`, {
        ...options,
        source: this.bucketOf(this.primaryRegion),
        sourceEncryptionKey: this.keyAliases.get(this.primaryRegion),
        destinations: others.map((r) => ({
          bucket: this.bucketOf(r),
          storageClass,
          kmsKey: this.keyAliases.get(r),
        })),
        method: ReplicationMethod.POST_CREATION,
        backfill: this.backfillRegions.length > 0 ? Backfill.existingObjects({ regions: this.backfillRegions }) : undefined,
      })];
    }
    return [];
  }

  /**
   * The construct that holds the replication of the bucket of `source`: `Replication` in the
   * global stack when the bucket is in the global stack's account, otherwise in a stack of the
   * bucket's account in its Region, `<prefix>-<region>-replication`, which deploys after every
   * bucket (as the global stack does).
   */
  private replicationOwner(id: string, source: string): Construct {
    const account = this.accountOf(source);
    if (account === this.globalStack.account) {
      this.globalReplication ??= new Construct(this.globalStack, `${id}Replication`);
      return this.globalReplication;
    }
    const stack = this.ownStack(`${source}-replication`, {
      stackName: replicationStackName(this.stackNamePrefix, source),
      env: { account, region: source },
      description: `${this.stackNamePrefix}: the replication of the ${source} bucket (account ${account}), applied once every bucket exists`,
    });
    this.replicationStacks.push(stack);
    guardTemplateLimits(stack, () => `'replication' (${this.replication.mode}) of ${this.node.path}`);
    return new Construct(stack, 'Replication');
  }

  /**
   * A stack of this construct's own: under the construct itself, or, inside one of your stacks, at
   * the Stage under a construct of the same ID (the same construct paths as directly in the App).
   * Your stack then deploys after it (as aws-cdk-lib's `EdgeFunction` makes its stack wait for
   * the stack it creates), so `cdk deploy <your stack>` deploys it too.
   */
  private ownStack(id: string, props: StackProps): Stack {
    this.stackScope ??= stackScopeOf(this);
    const stack = new Stack(this.stackScope, id, props);
    this.dependentStack?.addStackDependency(stack, `${this.node.path} creates its stacks beside this one`);
    return stack;
  }

  /**
   * The routing with the Regions being backfilled passive (`validateBackfill` refused a `routing`
   * that makes one of them active): `routes` when given, else this construct's default
   * (active-active, or only the primary active with one-way replication).
   */
  private passiveWhileBackfilled(routes: RouteUpdate[] | undefined): Routing {
    const dials: { [region: string]: number } = {};
    for (const region of this.regions) {
      const given = routes?.find((u) => u.region === region)?.trafficDialPercentage;
      const byDefault = this.replication.mode === ReplicationMode.ONE_WAY && region !== this.primaryRegion ? 0 : 100;
      dials[region] = this.backfillRegions.includes(region) ? 0 : given ?? byDefault;
    }
    return Routing.trafficDials(dials);
  }

  /**
   * Names each backfill failure alarm like the replication alarms of its Region (so the Region's
   * alarm topic lets it publish) and points it at that topic, when there is one.
   */
  private notifyBackfillFailures(prefix: string): void {
    for (const replication of this.replications) {
      const alarm = replication.backfillFailureAlarm;
      if (!alarm) continue;
      const region = Stack.of(replication.source).region;
      const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
      cfn.alarmName = `${alarmNamePrefix(dashboardNameOf(prefix), region)}to-${this.backfillRegions.join('-')}-backfill-failed`;
      const topic = this.topicsByRegion.get(region);
      if (topic) (alarm as cloudwatch.Alarm).addAlarmAction(new cloudwatchActions.SnsAction(topic));
    }
  }

  private createDistribution(id: string, options: MultiRegionBucketDistributionOptions): SecureDistribution {
    const { origin: choice, ...distributionOptions } = options;
    const chosen = choice ?? DistributionOrigin.multiRegionAccessPoint();
    let origin: cloudfront.IOrigin;
    if (chosen._throughAccessPoint) {
      origin = MultiRegionAccessPointOrigin.withOriginAccessControl(this.accessPoint, chosen._accessPointOptions);
    } else {
      const { fallbackRegion, ...failover } = chosen._failoverOptions ?? {};
      const fallback = fallbackRegion ?? this.regions.find((r) => r !== this.primaryRegion)!;
      origin = RegionalFailoverOrigin.withOriginAccessControl(this.bucketOf(this.primaryRegion), this.bucketOf(fallback), failover);
    }
    return new SecureDistribution(this.globalStack, `${id}Distribution`, { ...distributionOptions, origin });
  }

  private addOutputs(): void {
    for (const region of this.regions) {
      if (this.existingByRegion.get(region)?.importing) continue;
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

/**
 * The account of the stacks given as `regionalStacks` and `globalStack`, when they have a literal
 * one (the construct never reads the environment: the app decides where it deploys).
 */
function accountOfGivenStacks(props: MultiRegionBucketProps): string | undefined {
  // The global stack's account is the default account; without one, the Regional stacks' (when
  // they agree: with several, `account` must say which is the default).
  if (props.globalStack && !Token.isUnresolved(props.globalStack.account)) return props.globalStack.account;
  const accounts = [...new Set((props.regionalStacks ?? []).map((stack) => stack.account).filter((account) => !Token.isUnresolved(account)))];
  return accounts.length === 1 ? accounts[0] : undefined;
}

/**
 * The account of every Region: the account of its stack in `regionalStacks`, else its entry of
 * `accounts`, else the default account. Every account is a literal 12-digit ID, because each side
 * computes the other side's names (buckets, roles, key aliases) at synth time.
 */
function accountsOf(scope: MultiRegionBucket, props: MultiRegionBucketProps, account: string): Map<string, string> {
  const overrides = props.accounts ?? {};
  if (Token.isUnresolved(overrides)) {
    throw validationError(scope, "'accounts' must be a literal map from Region to account ID (each side names the other side's buckets and roles at synth time), got a token");
  }
  for (const [region, value] of Object.entries(overrides)) {
    if (Token.isUnresolved(region) || !props.regions.includes(region)) {
      throw validationError(scope, `'accounts' must name Regions of 'regions' (${props.regions.join(', ')}), got ${Token.isUnresolved(region) ? 'a token' : `'${region}'`}; `
        + 'add the Region to \'regions\' or remove its entry');
    }
    if (Token.isUnresolved(value)) {
      throw validationError(scope, `'accounts.${region}' must be a literal 12-digit account ID (the stacks of other accounts name this Region's bucket, role and key at synth time, `
        + 'and no value may cross accounts at deploy time), got a token; pass the ID itself');
    }
    validateAccountId(scope, `accounts.${region}`, value);
  }
  const accounts = new Map<string, string>();
  for (const region of props.regions) {
    const override = overrides[region];
    const index = (props.regionalStacks ?? []).findIndex((s) => s.region === region);
    const stack = index >= 0 ? props.regionalStacks![index] : undefined;
    if (stack && !Token.isUnresolved(stack.account)) {
      if (override !== undefined && override !== stack.account) {
        throw validationError(scope, `'accounts.${region}' must be the account of the stack given for ${region} in 'regionalStacks' (${stack.account}), got ${override}; `
          + 'with regionalStacks each stack\'s env.account decides, so remove the entry or fix it');
      }
      accounts.set(region, stack.account);
    } else if (stack) {
      // An environment-agnostic account: only possible where it is the default account.
      if (override !== undefined && override !== account) {
        throw validationError(scope, `'regionalStacks[${index}]' must have a literal account (env.account) to be in account ${override} ('accounts.${region}'), `
          + 'got a stack whose account is a token; set env: { account, region } on it');
      }
      accounts.set(region, account);
    } else {
      accounts.set(region, override ?? account);
    }
  }
  const globalAccount = props.globalStack?.account;
  if (globalAccount !== undefined && !Token.isUnresolved(globalAccount) && globalAccount !== account) {
    throw validationError(scope, `'globalStack' must be in 'account' (${account}), the account of the access point and of every Region without an entry in 'accounts', `
      + `got a stack in ${globalAccount}; pass a global stack of ${account}, or set 'account' to ${globalAccount}`);
  }
  const several = new Set(accounts.values()).size > 1;
  if (several && props.globalStack && Token.isUnresolved(props.globalStack.account)) {
    throw validationError(scope, `'globalStack' must have a literal account (env.account) when the Regions are in several accounts (${[...new Set(accounts.values())].join(', ')}), got a token; `
      + 'set env: { account, region } on it');
  }
  return accounts;
}

/** The kind of replication of `props.replication` (two-way by default). */
function modeOf(props: MultiRegionBucketProps): ReplicationMode {
  return (props.replication ?? Replication.twoWay()).mode;
}

/** Whether S3 publishes replication metrics (and so there are replication alarms). */
function hasMetrics(replication: Replication): boolean {
  const options = replication._options;
  return replication.mode !== ReplicationMode.NONE && (options.metrics ?? options.replicationTimeControl) !== undefined;
}

/** The name of the stack that applies the replication of a bucket outside the global stack's account. */
function replicationStackName(prefix: string, region: string): string {
  return `${prefix}-${region}-replication`;
}

/** The dashboard's name, which also starts every alarm name. */
function dashboardNameOf(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** Validates the props; returns the route updates of `routing`, when given. */
function validateProps(scope: MultiRegionBucket, props: MultiRegionBucketProps): RouteUpdate[] | undefined {
  validateScope(scope, props);
  validateRegions(scope, props);
  if (props.account !== undefined && Token.isUnresolved(props.account)) {
    throw validationError(scope, "'account' must be a literal 12-digit account ID (the stacks of several Regions name each other's buckets at synth time), "
      + 'got a token (such as Aws.ACCOUNT_ID); pass the ID, for example process.env.CDK_DEFAULT_ACCOUNT in your app');
  }
  const regions = props.regions;
  const encryption = props.encryption;
  if (encryption !== undefined && encryption !== s3.BucketEncryption.S3_MANAGED && encryption !== s3.BucketEncryption.KMS) {
    throw validationError(scope, `'encryption' must be S3_MANAGED or KMS, got ${encryption}`);
  }
  validateRemovalPolicy(scope, 'removalPolicy', props.removalPolicy);
  validateWholeDays(scope, 'noncurrentVersionExpiration', props.noncurrentVersionExpiration);
  validateTags(scope, 'tags', props.tags);
  validateDistribution(scope, props.distribution);
  // The same checks the access point makes, reported against this construct's property.
  const routes = props.routing?._routeUpdates(scope, 'routing', regions);
  validateDistributionOrigin(scope, props);
  validateStorageClass(scope, 'replication.storageClass', props.replication?._options.storageClass);
  validateNamePrefixes(scope, props);
  validateMonitoring(scope, props);
  validateAlarmTopics(scope, props);
  warnAboutRouting(scope, props, routes);
  return routes;
}

/**
 * The Regions of `backfill`, validated: replication must be on, the Regions must be members, and
 * with one-way replication the primary (the source) cannot be new.
 */
function validateBackfill(scope: MultiRegionBucket, props: MultiRegionBucketProps, routes: RouteUpdate[] | undefined): string[] {
  if (!props.backfill) return [];
  const replication = modeOf(props);
  if (replication === ReplicationMode.NONE) {
    throw validationError(scope, "'backfill' needs replication (S3 Batch Replication copies what the replication configuration names), got 'replication' Replication.none(); "
      + 'turn on replication, or copy the objects yourself (S3 Batch Operations copy)');
  }
  if (props.backfill._reportBucket) {
    throw validationError(scope, `'backfill.reportBucket' applies only to BucketReplication, got ${props.backfill._reportBucket.node.path}; `
      + "each job of a MultiRegionBucket reports to the access log bucket of its source's Region (with 'serverAccessLogs')");
  }
  const regions = props.backfill._regions(scope, 'backfill', props.regions, true);
  const primary = props.primaryRegion ?? props.regions[0];
  if (replication === ReplicationMode.ONE_WAY && regions.includes(primary)) {
    throw validationError(scope, `'backfill' names ${primary}, the primary Region, which is the source of one-way replication and receives no replicas; `
      + 'name the new Regions other than the primary (to add a new primary, add it as a Region first, then change primaryRegion)');
  }
  // An explicit routing that makes a Region being filled active would serve 404s for every object not yet copied.
  const active = (routes ?? [])
    .filter((u) => u.trafficDialPercentage === 100 && regions.includes(u.region)).map((u) => u.region);
  if (active.length > 0) {
    throw validationError(scope, `'routing' makes ${active.join(', ')} active while 'backfill' copies the existing objects into ${active.length === 1 ? 'it' : 'them'}; `
      + "leave those Regions passive (Routing.activePassive) until every backfill job is Complete, then remove 'backfill' and make them active in the same deploy");
  }
  if (props.regions.every((r) => regions.includes(r))) {
    throw validationError(scope, `'backfill' must leave out at least one Region to copy from, got every Region (${regions.join(', ')}); remove 'backfill' for a first deploy, whose buckets are all empty`);
  }
  return regions;
}

/** What the distribution's checks would find, reported against this construct's `distribution.*` properties. */
function validateDistribution(scope: MultiRegionBucket, distribution: MultiRegionBucketDistributionOptions | undefined): void {
  if (!distribution) return;
  validateWholeDays(scope, 'distribution.logRetention', distribution.logRetention);
  validateRemovalPolicy(scope, 'distribution.logBucketRemovalPolicy', distribution.logBucketRemovalPolicy);
  validateDomainNames(scope, 'distribution.domainNames', distribution.domainNames ?? []);
  if (distribution.logBucket && distribution.enableLogging !== false) validateLogBucket(scope, 'distribution.logBucket', distribution.logBucket);
}

/** The origin of the distribution: one that works with these Regions, and a fallback Region among them. */
function validateDistributionOrigin(scope: MultiRegionBucket, props: MultiRegionBucketProps): void {
  if (!props.distribution) return;
  const origin = props.distribution.origin ?? DistributionOrigin.multiRegionAccessPoint();
  const regions = props.regions;
  const optIn = regions.filter((r) => isOptInRegion(r));
  if (origin._throughAccessPoint && optIn.length > 0) {
    throw validationError(scope, `'distribution.origin' DistributionOrigin.multiRegionAccessPoint() cannot be used with opt-in Regions (${optIn.join(', ')}): `
      + 'CloudFront cannot sign SigV4A for such an access point; set it to DistributionOrigin.regionalFailover()');
  }
  const fallbackRegion = origin._failoverOptions?.fallbackRegion;
  if (fallbackRegion === undefined) return;
  if (Token.isUnresolved(fallbackRegion)) {
    throw validationError(scope, "'distribution.origin' fallbackRegion must be a literal Region name (it picks the bucket of that Region), got a token");
  }
  const primary = props.primaryRegion ?? regions[0];
  if (!regions.includes(fallbackRegion)) {
    throw validationError(scope, `'distribution.origin' fallbackRegion must be one of 'regions' other than the primary (${regions.filter((r) => r !== primary).join(', ')}), got ${fallbackRegion}`);
  }
  if (fallbackRegion === primary) {
    throw validationError(scope, `'distribution.origin' fallbackRegion must differ from the primary Region, got ${fallbackRegion}, the primary; name another of 'regions' (${regions.filter((r) => r !== primary).join(', ')}) or change 'primaryRegion'`);
  }
}

/**
 * What a distribution in the global stack's account can read in other accounts: through the
 * access point, buckets whose owners delegate to it (the access point's account) and whose keys
 * admit the distributions of its account; never a bucket of another account as a Regional
 * failover origin, whose bucket policy admits only the distributions of its own account.
 */
function validateDistributionAccounts(scope: MultiRegionBucket, props: MultiRegionBucketProps, account: string, accounts: Map<string, string>): void {
  if (!props.distribution) return;
  const foreign = props.regions.filter((r) => accounts.get(r) !== account);
  if (foreign.length === 0) return;
  const origin = props.distribution.origin ?? DistributionOrigin.multiRegionAccessPoint();
  const where = (regions: string[]) => regions.map((r) => `${r} (account ${accounts.get(r)})`).join(', ');
  if (!origin._throughAccessPoint) {
    const primary = props.primaryRegion ?? props.regions[0];
    const fallback = origin._failoverOptions?.fallbackRegion ?? props.regions.find((r) => r !== primary)!;
    const outside = [primary, fallback].filter((r) => foreign.includes(r));
    if (outside.length > 0) {
      throw validationError(scope, `'distribution.origin' DistributionOrigin.regionalFailover() must read buckets of account ${account} (the distribution's, in the global stack), got ${where(outside)}: `
        + "a bucket's policy admits only the CloudFront distributions of its own account; use DistributionOrigin.multiRegionAccessPoint(), "
        + `or a 'primaryRegion' and 'fallbackRegion' of account ${account}`);
    }
  }
}

/** The Regions: a literal list of 2 to 17 well-formed Regions with access points, and the Regions named by other properties. */
function validateRegions(scope: MultiRegionBucket, props: MultiRegionBucketProps): void {
  const regions = props.regions;
  if (Token.isUnresolved(regions)) {
    throw validationError(scope, "'regions' must be a literal list of Region names (each needs its own stack), got a token");
  }
  if (regions.length < 2 || regions.length > MAX_ACCESS_POINT_REGIONS) {
    throw validationError(scope, `'regions' must list 2 to ${MAX_ACCESS_POINT_REGIONS} Regions (a Multi-Region Access Point spans at most ${MAX_ACCESS_POINT_REGIONS}), got ${regions.length}`);
  }
  for (const region of regions) {
    if (Token.isUnresolved(region)) {
      throw validationError(scope, "'regions' must be literal Region names (each needs its own stack), got a token");
    }
  }
  validateDistinctRegions(scope, 'regions', regions);
  for (const region of regions) validateRegion(scope, 'regions', region, RegionUse.ACCESS_POINT);
  validateRegion(scope, 'primaryRegion', props.primaryRegion);
  if (props.primaryRegion !== undefined && !regions.includes(props.primaryRegion)) {
    throw validationError(scope, `'primaryRegion' must be one of 'regions' (${regions.join(', ')}), got ${props.primaryRegion}`);
  }
  // The global stack holds the AWS::S3::MultiRegionAccessPoint resource.
  validateRegion(scope, 'globalRegion', props.globalRegion, RegionUse.ACCESS_POINT);
  validateRegion(scope, 'routingControlPlaneRegion', props.routingControlPlaneRegion, RegionUse.CONTROL_PLANE);
}

/** The prefix of the stack names (and of the aliases, dashboard, alarms and topics named after it). */
function stackNamePrefixOf(scope: MultiRegionBucket, props: MultiRegionBucketProps): string {
  if (props.stackNamePrefix !== undefined) return props.stackNamePrefix;
  // Directly in the App, the construct ID (the names of deployed stacks must not change). In a
  // Stage, also the Stage name: the same construct in two Stages of one account must not collide.
  const stage = Stage.of(scope);
  if (!stage || App.isApp(stage)) return scope.node.id;
  return `${stage.stageName}-${scope.node.id}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** What the default stack name prefix is, for messages. */
function defaultPrefixNote(scope: MultiRegionBucket, props: MultiRegionBucketProps): string {
  if (props.stackNamePrefix !== undefined) return '';
  const stage = Stage.of(scope);
  return !stage || App.isApp(stage) ? ' (by default the construct ID)' : ' (by default the Stage name and the construct ID)';
}

/**
 * Names that must be unique in the account (stack names per Region, the access point name) or
 * everywhere (bucket names) must not be those of another construct of this app: CloudFormation
 * would deploy both setups into the same stacks, or fail on the second.
 */
function validateUniqueNames(
  scope: MultiRegionBucket,
  props: MultiRegionBucketProps,
  prefix: string,
  account: string,
  accounts: Map<string, string>,
): void {
  const planned: Array<{ account: string; region: string; name: string }> = [];
  for (const region of props.regions) {
    if (!props.regionalStacks?.some((s) => s.region === region)) planned.push({ account: accounts.get(region)!, region, name: `${prefix}-${region}` });
    if (accounts.get(region) !== account) planned.push({ account: accounts.get(region)!, region, name: replicationStackName(prefix, region) });
  }
  if (!props.globalStack) planned.push({ account, region: props.globalRegion ?? 'us-east-1', name: `${prefix}-global` });
  for (const stack of stacksOf(scope.node.root)) {
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) continue;
    const same = planned.find((p) => p.account === stack.account && p.region === stack.region && p.name === stack.stackName);
    if (same) {
      throw validationError(scope, `'stackNamePrefix'${defaultPrefixNote(scope, props)} must give stack names that no other stack of account ${same.account} in ${same.region} has, `
        + `got '${prefix}', which makes ${same.name}, already the name of stack ${stack.node.path}; set a different 'stackNamePrefix' (or construct ID)`);
    }
  }
  const bucketPrefix = props.bucketNameBase;
  for (const region of bucketPrefix === undefined ? [] : props.regions) {
    const owner = claimOf(scope, 'bucket', `${bucketPrefix}-${region}`);
    if (owner !== undefined) {
      throw validationError(scope, `'bucketNameBase' must make bucket names no other bucket of this app has (S3 bucket names are global), got '${bucketPrefix}', `
        + `which makes ${bucketPrefix}-${region}, already the name of the bucket of ${owner}`);
    }
  }
  const name = props.multiRegionAccessPointName;
  const owner = name === undefined || Token.isUnresolved(name) ? undefined : claimOf(scope, 'access-point', `${account}/${name}`);
  if (owner !== undefined) {
    throw validationError(scope, `'multiRegionAccessPointName' must be unique in account ${account} (S3 names Multi-Region Access Points per account), got '${name}', already the name of ${owner}`);
  }
}

/** Every stack of the app (not nested stacks). */
function stacksOf(root: IConstruct): Stack[] {
  const stacks: Stack[] = [];
  const visit = (construct: IConstruct) => {
    for (const child of construct.node.children) {
      if (Stack.isStack(child)) stacks.push(child);
      else visit(child);
    }
  };
  visit(root);
  return stacks;
}

/** The most characters an SNS topic's display name may have. */
const MAX_TOPIC_DISPLAY_NAME = 100;

function validateAlarmTopics(scope: MultiRegionBucket, props: MultiRegionBucketProps): void {
  const replication = modeOf(props);
  const metrics = hasMetrics(props.replication ?? Replication.twoWay());
  const alarms = metrics && props.monitoring?.replicationAlarms !== false;
  if (props.alarmTopics === true && replication === ReplicationMode.NONE) {
    throw validationError(scope, "'alarmTopics' is true but 'replication' is Replication.none(): there are no replication alarms, so no topic would be created; remove 'alarmTopics' or turn on replication");
  }
  if (props.alarmTopics === true && !alarms && !props.backfill) {
    const why = metrics ? "'monitoring.replicationAlarms' is false" : "replication metrics are off ('metrics' or 'replicationTimeControl' of 'replication')";
    warn(scope,
      'cdk-multi-region-bucket:alarmTopicsWithoutAlarms',
      `'alarmTopics' is true but ${why}: the topics (and their KMS keys, which cost money every month) are created, but no alarm publishes to them.`,
    );
  }
  if (!(props.alarmTopics ?? (alarms || props.backfill !== undefined))) return;
  const prefix = stackNamePrefixOf(scope, props);
  const longest = props.regions.reduce((a, b) => (b.length > a.length ? b : a), '');
  const displayName = `${prefix} replication alarms (${longest})`;
  if (displayName.length > MAX_TOPIC_DISPLAY_NAME) {
    throw validationError(scope, `'stackNamePrefix'${defaultPrefixNote(scope, props)} must be at most ${MAX_TOPIC_DISPLAY_NAME - displayName.length + prefix.length} characters with alarm topics, `
      + `got '${prefix}' (${prefix.length}): it names the topics '${displayName}', longer than the ${MAX_TOPIC_DISPLAY_NAME} characters SNS accepts for a display name`);
  }
}

/** CloudWatch evaluates an alarm over at most one day: 288 periods of 5 minutes. */
const MAX_EVALUATION_PERIODS = 288;

/** The monitoring options: thresholds CloudWatch accepts, and alarm settings only where there are alarms. */
function validateMonitoring(scope: MultiRegionBucket, props: MultiRegionBucketProps): void {
  const monitoring = props.monitoring;
  if (!monitoring) return;
  const replication = modeOf(props);
  const metrics = hasMetrics(props.replication ?? Replication.twoWay());
  if (monitoring.replicationAlarms === true && !metrics) {
    throw validationError(scope, `'monitoring.replicationAlarms' is true but replication metrics are off (${replication === ReplicationMode.NONE ? "'replication' is Replication.none()" : "'metrics' or 'replicationTimeControl' of 'replication'"}), `
      + 'so S3 publishes nothing to alarm on; turn on replication metrics or remove it');
  }
  const settings = {
    replicationLatencyThreshold: monitoring.replicationLatencyThreshold,
    replicationLatencyEvaluationPeriods: monitoring.replicationLatencyEvaluationPeriods,
    replicationFailureThreshold: monitoring.replicationFailureThreshold,
    replicationFailureEvaluationPeriods: monitoring.replicationFailureEvaluationPeriods,
  };
  const given = Object.entries(settings).filter(([, value]) => value !== undefined).map(([name]) => name);
  if (given.length > 0 && !(metrics && monitoring.replicationAlarms !== false)) {
    const why = monitoring.replicationAlarms === false ? "'monitoring.replicationAlarms' is false" : "replication metrics are off ('metrics' or 'replicationTimeControl')";
    throw validationError(scope, `'monitoring.${given[0]}' applies only to the replication alarms, but ${why}; remove it or turn the alarms on`);
  }
  const latency = monitoring.replicationLatencyThreshold;
  if (latency !== undefined && !Token.isUnresolved(latency.toSeconds({ integral: false }))) {
    const seconds = latency.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw validationError(scope, `'monitoring.replicationLatencyThreshold' must be a whole number of seconds, at least 1 (S3 reports ReplicationLatency in seconds), got ${latency.toHumanString()}`);
    }
  }
  for (const property of ['replicationLatencyEvaluationPeriods', 'replicationFailureEvaluationPeriods'] as const) {
    const periods = monitoring[property];
    if (periods === undefined || Token.isUnresolved(periods)) continue;
    if (!Number.isInteger(periods) || periods < 1 || periods > MAX_EVALUATION_PERIODS) {
      throw validationError(scope, `'monitoring.${property}' must be a whole number from 1 to ${MAX_EVALUATION_PERIODS} (5-minute periods; CloudWatch evaluates at most one day), got ${periods}`);
    }
  }
  const failures = monitoring.replicationFailureThreshold;
  if (failures !== undefined && !Token.isUnresolved(failures) && (!Number.isInteger(failures) || failures < 0)) {
    throw validationError(scope, `'monitoring.replicationFailureThreshold' must be a whole number of operations, at least 0 (the alarm fires above it), got ${failures}`);
  }
}

/** Storage classes whose objects must be restored before they can be read. */
const ARCHIVE_STORAGE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];

/** Legal but probably wrong combinations of routing, replication and storage class: warnings. */
function warnAboutRouting(scope: MultiRegionBucket, props: MultiRegionBucketProps, routes: RouteUpdate[] | undefined): void {
  const replication = modeOf(props);
  const primary = props.primaryRegion ?? props.regions[0];
  const active = routes
    ? routes.filter((r) => r.trafficDialPercentage === 100).map((r) => r.region)
    : replication === ReplicationMode.ONE_WAY ? [primary] : [...props.regions];
  const storageClass = props.replication?._options.storageClass?.value;
  if (storageClass !== undefined && ARCHIVE_STORAGE_CLASSES.includes(storageClass)) {
    const holdingReplicas = replication === ReplicationMode.TWO_WAY ? props.regions : props.regions.filter((r) => r !== primary);
    const served = active.filter((r) => holdingReplicas.includes(r));
    if (served.length > 0) {
      warn(scope,
        'cdk-multi-region-bucket:archiveReplicasBehindActiveRouting',
        `'replication.storageClass' is ${storageClass}, and the access point routes requests to Regions that hold replicas (${served.join(', ')}): `
          + 'reading a replica in an archive storage class fails until it is restored. Use GLACIER_IR or a warm class, or keep those Regions passive.',
      );
    }
  }
  if (replication === ReplicationMode.NONE && active.length > 1) {
    warn(scope,
      'cdk-multi-region-bucket:activeRoutingWithoutReplication',
      `'replication' is Replication.none() but ${active.length} Regions are active (${active.join(', ')}): each request goes to the closest of them, whose bucket does not have `
        + 'the objects written in the others. Turn on replication, or route to one Region with Routing.activePassive().',
    );
  }
}

/** The stack and bucket names made from the prefixes must be names CloudFormation and S3 accept. */
function validateNamePrefixes(scope: MultiRegionBucket, props: MultiRegionBucketProps): void {
  // A Region of another account than the default may get a replication stack, <prefix>-<region>-replication.
  const otherAccounts = Object.entries(props.accounts ?? {}).filter(([, a]) => a !== props.account).map(([r]) => r);
  const longestRegion = Math.max(...props.regions.map((r) => r.length + (otherAccounts.includes(r) ? '-replication'.length : 0)));
  const stackPrefix = stackNamePrefixOf(scope, props);
  const createsStacks = !props.regionalStacks?.length || !props.globalStack;
  for (const [property, value] of [['stackNamePrefix', props.stackNamePrefix], ['bucketNameBase', props.bucketNameBase]]) {
    if (value !== undefined && Token.isUnresolved(value)) {
      // Stack names, and bucket names that other Regions' stacks refer to, must be known at synth time.
      throw validationError(scope, `'${property}' must be a literal string (the names it makes are shared between stacks of several Regions at synth time), got a token`);
    }
  }
  if (createsStacks) {
    const max = MAX_STACK_NAME_LENGTH - 1 - Math.max(longestRegion, 'global'.length);
    if (!STACK_NAME_PATTERN.test(stackPrefix) || stackPrefix.length > max) {
      throw validationError(scope, `'stackNamePrefix'${defaultPrefixNote(scope, props)} must start with a letter and contain only letters, numbers and hyphens, `
        + `at most ${max} characters (the stacks are named <prefix>-<region>${otherAccounts.length > 0 ? ', <prefix>-<region>-replication' : ''} and <prefix>-global), got '${stackPrefix}'`);
    }
  }
  const bucketPrefix = props.bucketNameBase;
  if (bucketPrefix === undefined) return;
  for (const region of props.regions) {
    const problem = bucketNameProblem(`${bucketPrefix}-${region}`);
    if (problem) {
      throw validationError(scope, `'bucketNameBase' must make valid S3 bucket names <prefix>-<region> (${problem}), got '${bucketPrefix}' (${bucketPrefix}-${region})`);
    }
  }
}

/** Whether the construct is inside a stack (as in the `lib/<name>-stack.ts` of `cdk init`). */
function enclosingStackOf(scope: MultiRegionBucket): Stack | undefined {
  const parent = scope.node.scope as IConstruct;
  return parent.node.scopes.some((s) => Stack.isStack(s)) ? Stack.of(parent) : undefined;
}

/**
 * Inside a stack, the stack that deploys after the construct's own stacks: the enclosing stack,
 * unless it is one of `regionalStacks` or `globalStack`, which have their own place in the deploy
 * order (the global stack already waits for the Regional ones; a Regional stack must not wait for
 * the global one). docs/adr/0027.
 */
function dependentStackOf(scope: MultiRegionBucket, props: MultiRegionBucketProps): Stack | undefined {
  const enclosing = enclosingStackOf(scope);
  const given = [...(props.regionalStacks ?? []), ...(props.globalStack ? [props.globalStack] : [])];
  return enclosing && !given.includes(enclosing) ? enclosing : undefined;
}

/**
 * Where the construct's own stacks go (docs/adr/0027): directly in an App or a Stage (or a plain
 * construct there), under the construct itself; inside a stack, at that stack's Stage under a
 * construct with the same ID, so the stacks have the construct paths they would have directly in
 * the App (`Site/us-east-1`, `Site/global`), and with them the same names and resources.
 */
function stackScopeOf(scope: MultiRegionBucket): Construct {
  const enclosing = enclosingStackOf(scope);
  if (!enclosing) return scope;
  const stage = Stage.of(scope)!;
  const id = scope.node.id;
  const taken = stage.node.tryFindChild(id);
  if (taken) {
    const where = App.isApp(stage) ? 'the App' : `Stage ${stage.node.path}`;
    throw validationError(scope, `'id' must not be the ID of another construct of ${where} when MultiRegionBucket is inside a stack (${enclosing.node.path}): `
      + `it creates its stacks in ${where}, under a construct with its own ID (${id}/<region>, ${id}/global), got '${id}', already the ID of `
      + `${Stack.isStack(taken) ? 'stack' : 'construct'} ${taken.node.path}; give the MultiRegionBucket (or the other construct) another ID`);
  }
  return new Construct(stage, id);
}

function validateScope(scope: MultiRegionBucket, props: MultiRegionBucketProps): void {
  if (!Stage.of(scope)) {
    throw validationError(scope, `'scope' must be inside an App or a Stage, got a construct tree whose root is a ${scope.node.root.constructor.name}`);
  }
  const stacks = props.regionalStacks ?? [];
  if (stacks.length > 0) {
    const regions = stacks.map((s) => s.region);
    const missing = props.regions.filter((r) => !regions.includes(r));
    if (missing.length > 0 || stacks.length !== props.regions.length) {
      throw validationError(scope, `'regionalStacks' must hold one stack per Region of 'regions' (${props.regions.join(', ')}), got stacks in ${regions.join(', ')}`);
    }
  }
  stacks.forEach((stack, i) => validateSameStage(scope, `regionalStacks[${i}]`, stack));
  if (props.globalStack) validateSameStage(scope, 'globalStack', props.globalStack);
  if (props.globalStack && stacks.includes(props.globalStack)) {
    throw validationError(scope, `'globalStack' must not be one of 'regionalStacks', got ${props.globalStack.stackName}`);
  }
}

/**
 * The name of the bucket in a Regional stack this construct creates: the stack name (unique in
 * the account and Region, and the same whatever the construct id) and a hash of the account,
 * Region and stack name (bucket names are global). Renaming the construct with the same stack
 * prefix keeps it; aws-cdk-lib's generated name would follow the construct path.
 */
function ownBucketName(stack: Stack): string {
  const hash = crypto.createHash('sha256').update(`${stack.account}/${stack.region}/${stack.stackName}`).digest('hex').slice(0, 12);
  return `${stack.stackName.toLowerCase().slice(0, 40)}-bucket-${hash}`;
}
