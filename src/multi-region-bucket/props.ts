import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DistributionOrigin } from './distribution-origin';
import { ExistingBucket } from './existing-bucket';
import { Replication } from './replication';
import { Routing } from '../access-point';
import { RegionalBucketOptions } from '../bucket';
import { SecureDistributionOptions } from '../cloudfront';
import { Backfill } from '../replication';
// For the {@link MultiRegionBucket} of the documentation.
import { MultiRegionBucketFailoverOptions } from './failover-options';
import type { MultiRegionBucket } from './multi-region-bucket';

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
   * When that account has no bucket, the dashboard would show nothing: there is none by default, and
   * `true` is refused.
   *
   * @default - true when the global stack's account has a bucket
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
   * Automatic failover and failback: a routine (`MultiRegionAccessPointFailover`, in the global
   * stack) that makes the active Region passive and a standby active when the active Region is
   * unhealthy (started by hand, by an alarm, or by an ARC Region switch plan), and fails back only
   * once the replication backlog into the active Region has drained. The active Region is the one
   * active Region of `routing` (default: `primaryRegion`, with every other Region passive). Needs
   * two-way replication with metrics. Put the global stack (`globalRegion`) in a standby Region so
   * that the routine does not depend on the Region it fails over from.
   *
   * @default - no automatic failover: change `routing` and deploy
   */
  readonly failover?: MultiRegionBucketFailoverOptions;

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
   * given: pass the existing bucket's name to name them after it); add `backfill` for them in the
   * deploy that creates them, so that they receive the existing objects and stay passive until
   * activated. See the README, "Start from a bucket you already have".
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
