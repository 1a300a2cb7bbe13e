/**
 * The plan of a `MultiRegionBucket`: its props validated as a whole, and everything the build
 * needs decided (Regions, accounts, stacks, buckets, replication, routing, monitoring,
 * distribution), as plain data. The build (`MultiRegionBucket`'s constructor and the builders
 * beside it) creates constructs from the plan and validates nothing. docs/adr/0033.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { validateExistingBuckets } from './adoption';
import { validateBackfillReadPaths } from './backfill-read-paths';
import { DistributionOrigin, RegionalFailoverDistributionOriginOptions } from './distribution-origin';
import { BucketAdoption, ExistingBucket } from './existing-bucket';
import { AlarmSettings } from './monitoring';
import { validateMonitoringTargets } from './monitoring-checks';
import { replicationStackName, validateStackNamesWhenComplete } from './names';
import { FailoverPlan, planFailover, warnAboutRoutineRegion } from './plan-failover';
import { MultiRegionBucketProps } from './props';
import { Replication, ReplicationMode } from './replication';
import { dependentStackOf, enclosingStackOf, ownBucketName, validateStackScope } from './stacks';
import { accountsOf, defaultAccountOf, validateDistributionAccounts } from './validate-accounts';
import { hasMetrics } from './validate-monitoring';
import { dashboardNameOf, defaultPrefixNote, stackNamePrefixOf, validateUniqueNames } from './validate-names';
import { validateBackfill, validateProps } from './validate-props';
import { Routing } from '../access-point';
import { MultiRegionAccessPointOriginProps, SecureDistributionOptions } from '../cloudfront';
import { RouteUpdate } from '../private/route-update';
import { validateAccountId } from '../private/validation';

/** A stack of the setup: one the construct creates (`given` undefined), or one the user passed. */
export interface PlannedStack {
  /** The construct ID of a stack the construct creates (`us-east-1`, `global`, `eu-west-1-replication`). */
  readonly id: string;
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  readonly description: string;
  /** The stack of `regionalStacks` or `globalStack`, when the user passed it. */
  readonly given?: Stack;
}

/**
 * Where a bucket comes from: `'new'`, a bucket this construct creates; `'imported'`, an existing
 * bucket imported into its Regional stack with `cdk import`; `'referenced'`, an existing bucket the
 * app names and never manages (docs/adr/0034).
 */
export type BucketOrigin = 'new' | 'imported' | 'referenced';

/** One bucket of the setup, in its Region. */
export interface PlannedBucket {
  readonly region: string;
  readonly account: string;
  /** The bucket's name; undefined for a generated one (a new bucket in a stack the user passed, without `bucketNameBase`). */
  readonly bucketName?: string;
  readonly origin: BucketOrigin;
  /** For an imported or referenced bucket: the existing bucket, with what the user declared about it. */
  readonly existing?: ExistingBucket;
  /** Whether this synthesis is the `cdk import` step of this bucket: its stack holds the bucket alone. */
  readonly importing: boolean;
  /** The stack of the bucket's Region. */
  readonly stack: PlannedStack;
  /** The construct ID of the bucket in its stack. */
  readonly constructId: string;
  /** With KMS, the name of the alias of the bucket's key, by which other Regions name it. */
  readonly keyAliasName?: string;
  /** The ID prefix of what this construct adds to the Regional stack (empty in a stack of its own). */
  readonly idPrefix: string;
}

/** The replication: its kind, who replicates to whom, and where each configuration is applied. */
export interface ReplicationPlan {
  readonly replication: Replication;
  readonly mode: ReplicationMode;
  /** The Regions whose buckets replicate to others, in the order of `regions`. */
  readonly sources: readonly string[];
  /** The Regions whose buckets receive replicas, in the order of `regions`. */
  readonly destinations: readonly string[];
  /** Every (source, destination) pair, by source then destination in the order of `regions`. */
  readonly pairs: ReadonlyArray<{ readonly source: string; readonly destination: string }>;
  /**
   * How the configurations are applied: one mesh in the global stack (two-way in one account), one
   * configuration per source (two-way over several accounts, one-way), or none.
   */
  readonly layout: 'mesh' | 'per-source' | 'none';
  /** Whether S3 publishes replication metrics (the rules have metrics or RTC). */
  readonly metrics: boolean;
}

/** The Regions being backfilled, and the routing that keeps them passive. */
export interface BackfillPlan {
  /** The Regions being backfilled (passive until activated); empty without `backfill`. */
  readonly regions: readonly string[];
  /** With backfill: the traffic dial of every Region (0 for a Region being filled). */
  readonly trafficDials?: { readonly [region: string]: number };
}

/** The replication alarms, the alarm topics and the dashboard. */
export interface MonitoringPlan {
  /** The alarms' thresholds; undefined when there are no replication alarms. */
  readonly alarms?: AlarmSettings;
  /** The Regions that get an alarm topic, in the order of `regions`. */
  readonly alarmTopicRegions: readonly string[];
  readonly dashboard: boolean;
  /** The dashboard's name, which also starts every alarm name. */
  readonly dashboardName: string;
}

/** The CloudFront distribution: its options and its origin. */
export interface DistributionPlan {
  /** The options of `SecureDistribution` (all of `distribution` but `origin`). */
  readonly options: SecureDistributionOptions;
  readonly origin:
  | { readonly kind: 'access-point'; readonly options?: MultiRegionAccessPointOriginProps }
  | { readonly kind: 'regional-failover'; readonly primaryRegion: string; readonly fallbackRegion: string; readonly options: Omit<RegionalFailoverDistributionOriginOptions, 'fallbackRegion'> };
}

/** Everything a `MultiRegionBucket` builds, decided from its props. */
export interface MultiRegionBucketPlan {
  /** The automatic failover, when `failover` is set. */
  readonly failover?: FailoverPlan;
  /** The construct ID. */
  readonly id: string;
  /** The Regions, in the order given. */
  readonly regions: readonly string[];
  readonly primaryRegion: string;
  /** The Region of the global stack. */
  readonly globalRegion: string;
  /** `routingControlPlaneRegion` as given (undefined: the access point's default). */
  readonly routingControlPlaneRegion?: string;
  /** The default account: the global stack's, and every Region's without an entry in `accounts`. */
  readonly account: string;
  readonly accountsByRegion: ReadonlyMap<string, string>;
  /** The accounts of the buckets, the default account first. */
  readonly distinctAccounts: readonly string[];
  readonly stackNamePrefix: string;
  readonly stacks: {
    /** One per Region, in the order of `regions`. */
    readonly regional: readonly PlannedStack[];
    readonly global: PlannedStack;
    /** The stacks that apply the replication of buckets outside the global stack's account, in the order of `regions`. */
    readonly replication: readonly PlannedStack[];
    /**
     * The replication stacks of buckets outside the global stack's account that do not replicate
     * in this setup (one-way replicas, no replication): kept in the app with a placeholder, so that
     * a deploy removes the replication resources a replicating setup put there (ADR 0042).
     */
    readonly retiredReplication: readonly PlannedStack[];
    /** Inside a stack that is not one of the given ones: that stack, which deploys after this construct's stacks. */
    readonly dependent?: Stack;
    /** Whether the construct's own stacks go at the enclosing stack's Stage (it is inside a stack) instead of under itself. */
    readonly atStage: boolean;
    /** The ID prefix of what this construct adds to the global stack (empty in a global stack of its own). */
    readonly globalIdPrefix: string;
  };
  /** One per Region, in the order of `regions`. */
  readonly buckets: readonly PlannedBucket[];
  readonly encryption: s3.BucketEncryption;
  readonly replication: ReplicationPlan;
  readonly backfill: BackfillPlan;
  /** The routing the access point writes; undefined for S3's default (every Region active). */
  readonly routing?: Routing;
  readonly monitoring: MonitoringPlan;
  readonly distribution?: DistributionPlan;
  readonly tags: { readonly [key: string]: string };
}

/**
 * Validates `props` as a whole (errors name the property as the user wrote it; warnings go
 * through `warn`) and returns what to build. The only place the props are read.
 */
export function planMultiRegionBucket(scope: Construct, props: MultiRegionBucketProps): MultiRegionBucketPlan {
  const id = scope.node.id;
  const routes = validateProps(scope, props);
  const regions = [...props.regions];
  const primaryRegion = props.primaryRegion ?? props.regions[0];
  const replication = props.replication ?? Replication.twoWay();
  const account = defaultAccountOf(scope, props);
  validateAccountId(scope, 'account', account);
  const accountsByRegion = accountsOf(scope, props, account);
  const distinctAccounts = [...new Set([account, ...accountsByRegion.values()])];
  validateDistributionAccounts(scope, props, account, accountsByRegion);
  const prefix = stackNamePrefixOf(scope, props);
  validateUniqueNames(scope, props, prefix, account, accountsByRegion);
  const encryption = props.encryption ?? s3.BucketEncryption.S3_MANAGED;
  const backfillRegions = validateBackfill(scope, props, routes);
  validateBackfillReadPaths(scope, props, backfillRegions);

  const replicationPlan = planReplication(replication, regions, primaryRegion, distinctAccounts.length);
  const { mode } = replicationPlan;
  validateMonitoringTargets(scope, props.monitoring, { ...replicationPlan, account, accounts: accountsByRegion });
  const existingBuckets = validateExistingBuckets(scope, props.existingBuckets, {
    regions,
    accounts: accountsByRegion,
    mode,
    primaryRegion,
    encryption,
    objectLockEnabled: props.objectLockEnabled ?? false,
  });

  const regional = regions.map((region): PlannedStack => {
    const given = props.regionalStacks?.find((s) => s.region === region);
    return {
      id: region,
      region,
      account: accountsByRegion.get(region)!,
      stackName: given ? given.stackName : `${prefix}-${region}`,
      description: `${prefix}: the ${region} copy of the bucket`,
      given,
    };
  });
  const buckets = regional.map((stack): PlannedBucket => {
    const { region, given } = stack;
    // In a stack of its own, ids and names are keyed by meaning (the stack belongs to this
    // construct), so renaming the construct keeps every resource; in a stack the user passes
    // (which other constructs may share), the construct id keeps them unique. See ADR 0015.
    const existing = existingBuckets.get(region);
    const bucketName = existing?.bucketName
      ?? (props.bucketNameBase ? `${props.bucketNameBase}-${region}` : (given ? undefined : ownBucketName(stack.account, region, stack.stackName)));
    // An alias has an ARN every Region can name, unlike the key's generated ID. Named by the
    // stack prefix and the construct ID: renaming the construct (whose key is then a new
    // resource) creates a new alias instead of clashing with the old one until cleanup.
    // In a stack of its own the key keeps its logical id when the construct is renamed, and the
    // stack name (unique in the account and Region) already names it: no construct id.
    const aliasName = given ? `alias/${prefix}/${id}-${region}` : `alias/${stack.stackName}`;
    return {
      region,
      account: stack.account,
      bucketName,
      origin: existing === undefined ? 'new' : existing.adoption === BucketAdoption.IMPORTED ? 'imported' : 'referenced',
      existing,
      importing: existing?.importing ?? false,
      stack,
      constructId: given ? `${id}Bucket` : 'Bucket',
      // An existing bucket's key is not the app's: named by its ARN, no alias.
      keyAliasName: encryption === s3.BucketEncryption.KMS && existing === undefined ? aliasName.replace(/[^a-zA-Z0-9/_-]/g, '-') : undefined,
      idPrefix: given ? id : '',
    };
  });

  const globalStack: PlannedStack = {
    id: 'global',
    region: props.globalStack ? props.globalStack.region : props.globalRegion ?? 'us-east-1',
    account: props.globalStack ? props.globalStack.account : account,
    stackName: props.globalStack ? props.globalStack.stackName : `${prefix}-global`,
    description: `${prefix}: Multi-Region Access Point, replication and CloudFront over ${regions.join(', ')}`,
    given: props.globalStack,
  };
  // The replication of a bucket outside the global stack's account is applied from a stack of
  // the bucket's account in its Region (S3 takes a replication role of the source's account).
  const owners = replicationPlan.layout === 'per-source' ? replicationPlan.sources : [];
  const replicationStacks = owners.filter((source) => accountsByRegion.get(source) !== globalStack.account).map((source): PlannedStack => {
    const owner = accountsByRegion.get(source)!;
    return {
      id: `${source}-replication`,
      region: source,
      account: owner,
      stackName: replicationStackName(prefix, source),
      description: `${prefix}: the replication of the ${source} bucket (account ${owner}), applied once every bucket exists`,
    };
  });
  // A bucket outside the global stack's account that does not replicate keeps its replication
  // stack in the app, with only a placeholder: a deploy then removes the replication resources a
  // replicating setup put there, whose Delete removes the bucket's configuration. Left out of the
  // app, that stack would go on replicating into destinations whose policies no longer admit its
  // role. (Not an empty stack: aws-cdk-lib's template validation refuses one under the flags
  // `cdk init` writes, '@aws-cdk/core:validateAgainstDefaultRules'.)
  const notReplicating = regions.filter((region) => accountsByRegion.get(region) !== globalStack.account && !owners.includes(region));
  const retiredReplication = notReplicating.map((region): PlannedStack => {
    const owner = accountsByRegion.get(region)!;
    return {
      id: `${region}-replication`,
      region,
      account: owner,
      stackName: replicationStackName(prefix, region),
      description: `${prefix}: no replication of the ${region} bucket (account ${owner}) in this setup; kept so that a deploy removes the replication a previous setup applied`,
    };
  });
  validateStackNamesWhenComplete(scope, [...regional, globalStack, ...replicationStacks, ...retiredReplication].filter((s) => !s.given), () => `'stackNamePrefix'${defaultPrefixNote(scope, props)}`);
  const enclosing = enclosingStackOf(scope);
  const createsStacks = regional.some((s) => !s.given) || !globalStack.given || replicationStacks.length > 0 || retiredReplication.length > 0;
  if (enclosing && createsStacks) validateStackScope(scope, enclosing);

  // Regions being backfilled take no traffic until the user activates them (docs/adr/0016).
  const trafficDials = backfillRegions.length > 0 ? passiveWhileBackfilled(regions, primaryRegion, mode, backfillRegions, routes) : undefined;
  const failover = planFailover(scope, props, routes, primaryRegion, account, accountsByRegion);
  if (failover) warnAboutRoutineRegion(scope, failover, globalStack.region, regions);
  const baseRouting = props.routing ?? (mode === ReplicationMode.ONE_WAY || failover
    ? Routing.activePassive({ activeRegions: [failover?.activeRegion ?? primaryRegion] })
    : Routing.activeActive());
  const routing = trafficDials ? Routing.trafficDials({ ...trafficDials }) : baseRouting;

  return {
    id,
    regions,
    primaryRegion,
    globalRegion: globalStack.region,
    routingControlPlaneRegion: props.routingControlPlaneRegion,
    account,
    accountsByRegion,
    distinctAccounts,
    stackNamePrefix: prefix,
    stacks: {
      regional,
      global: globalStack,
      replication: replicationStacks,
      retiredReplication,
      dependent: dependentStackOf(scope, props),
      atStage: enclosing !== undefined,
      // In a global stack of its own, ids keyed by meaning (see the Regional stacks above).
      globalIdPrefix: props.globalStack ? id : '',
    },
    buckets,
    encryption,
    replication: replicationPlan,
    backfill: { regions: backfillRegions, trafficDials },
    // Only write routes when they differ from S3's default (every Region active).
    routing: props.routing || mode === ReplicationMode.ONE_WAY || backfillRegions.length > 0 || failover ? routing : undefined,
    failover,
    // The `cdk import` step deploys only the imported buckets' stacks: no alarms, topics or
    // dashboard to place yet (nothing else may be in a stack being imported).
    monitoring: planMonitoring(props, replicationPlan, account, accountsByRegion, prefix, [...existingBuckets.values()].some((e) => e.importing)),
    distribution: planDistribution(props, regions, primaryRegion),
    tags: props.tags ?? {},
  };
}

function planReplication(replication: Replication, regions: string[], primaryRegion: string, accounts: number): ReplicationPlan {
  const mode = replication.mode;
  const isSource = (region: string) => mode === ReplicationMode.TWO_WAY || (mode === ReplicationMode.ONE_WAY && region === primaryRegion);
  const isDestination = (region: string) => mode === ReplicationMode.TWO_WAY || (mode === ReplicationMode.ONE_WAY && region !== primaryRegion);
  const sources = regions.filter(isSource);
  return {
    replication,
    mode,
    sources,
    destinations: regions.filter(isDestination),
    pairs: sources.flatMap((source) => regions.filter((destination) => destination !== source).map((destination) => ({ source, destination }))),
    layout: mode === ReplicationMode.NONE ? 'none' : mode === ReplicationMode.TWO_WAY && accounts === 1 ? 'mesh' : 'per-source',
    metrics: hasMetrics(replication),
  };
}

/**
 * The traffic dials with the Regions being backfilled passive (`validateBackfill` refused a
 * `routing` that makes one of them active): `routes` when given, else this construct's default
 * (active-active, or only the primary active with one-way replication).
 */
function passiveWhileBackfilled(
  regions: string[], primaryRegion: string, mode: ReplicationMode, backfill: string[], routes: RouteUpdate[] | undefined,
): { [region: string]: number } {
  const dials: { [region: string]: number } = {};
  for (const region of regions) {
    const given = routes?.find((u) => u.region === region)?.trafficDialPercentage;
    const byDefault = mode === ReplicationMode.ONE_WAY && region !== primaryRegion ? 0 : 100;
    dials[region] = backfill.includes(region) ? 0 : given ?? byDefault;
  }
  return dials;
}

function planMonitoring(
  props: MultiRegionBucketProps, replication: ReplicationPlan, account: string, accounts: ReadonlyMap<string, string>, prefix: string,
  importStep: boolean,
): MonitoringPlan {
  const monitoring = props.monitoring ?? {};
  const alarms = replication.metrics && monitoring.replicationAlarms !== false && !importStep;
  // A failed backfill job must reach someone too.
  const alarmTopics = !importStep && (props.alarmTopics ?? (alarms || props.backfill !== undefined));
  const { sources, destinations } = replication;
  // Only where there are alarms: each topic has a KMS key, which costs money every month.
  // Failure alarms are in the source's Region, latency alarms in the destination's (where S3
  // publishes each metric), and a backfill job's alarm in its source's.
  // A latency alarm is in the destination's Region only for a source of the same account (S3
  // publishes the metric in the source's account): a replica Region of another account has none.
  const latencyAlarmIn = (region: string) => alarms && destinations.includes(region)
    && props.regions.some((src) => src !== region && sources.includes(src) && accounts.get(src) === accounts.get(region));
  const options = replication.replication._options;
  return {
    // With RTC, S3 promises 15 minutes; without it, alarm after an hour.
    alarms: alarms ? {
      latencyThreshold: monitoring.replicationLatencyThreshold ?? (options.replicationTimeControl ? Duration.minutes(15) : Duration.hours(1)),
      latencyEvaluationPeriods: monitoring.replicationLatencyEvaluationPeriods ?? 3,
      failureThreshold: monitoring.replicationFailureThreshold ?? 0,
      failureEvaluationPeriods: monitoring.replicationFailureEvaluationPeriods ?? 1,
    } : undefined,
    alarmTopicRegions: alarmTopics ? props.regions.filter((region) => sources.includes(region) || latencyAlarmIn(region)) : [],
    // By default, a dashboard only where it has something to show: an account with a bucket (docs/adr/0039).
    dashboard: (monitoring.dashboard ?? [...accounts.values()].includes(account)) && !importStep,
    dashboardName: dashboardNameOf(prefix),
  };
}

function planDistribution(props: MultiRegionBucketProps, regions: string[], primaryRegion: string): DistributionPlan | undefined {
  if (!props.distribution) return undefined;
  const { origin: choice, ...options } = props.distribution;
  const chosen = choice ?? DistributionOrigin.multiRegionAccessPoint();
  if (chosen._throughAccessPoint) return { options, origin: { kind: 'access-point', options: chosen._accessPointOptions } };
  const { fallbackRegion, ...failover } = chosen._failoverOptions ?? {};
  return {
    options,
    origin: { kind: 'regional-failover', primaryRegion, fallbackRegion: fallbackRegion ?? regions.find((r) => r !== primaryRegion)!, options: failover },
  };
}
