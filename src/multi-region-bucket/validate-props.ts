/**
 * The checks of the props on their own (before accounts and names are worked out): the scope and
 * the given stacks, the Regions, the bucket options, the distribution, routing and backfill.
 */
import { Stage, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DistributionOrigin } from './distribution-origin';
import { MultiRegionBucketDistributionOptions, MultiRegionBucketProps } from './props';
import { ReplicationMode } from './replication';
import { validateAlarmTopics, validateMonitoring, modeOf } from './validate-monitoring';
import { validateNamePrefixes } from './validate-names';
import { validateDomainNames, validateLogBucket } from '../private/distribution-validation';
import { isOptInRegion, MAX_ACCESS_POINT_REGIONS, RegionUse, validateDistinctRegions, validateRegion } from '../private/regions';
import { validateStorageClass } from '../private/replication-rules';
import { RouteUpdate } from '../private/route-update';
import { validateRemovalPolicy, validateSameStage, validateTags, validateWholeDays, validationError } from '../private/validation';
import { warn } from '../private/warnings';

/** Validates the props; returns the route updates of `routing`, when given. */
export function validateProps(scope: Construct, props: MultiRegionBucketProps): RouteUpdate[] | undefined {
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

function validateScope(scope: Construct, props: MultiRegionBucketProps): void {
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

/** The Regions: a literal list of 2 to 17 well-formed Regions with access points, and the Regions named by other properties. */
function validateRegions(scope: Construct, props: MultiRegionBucketProps): void {
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

/** What the distribution's checks would find, reported against this construct's `distribution.*` properties. */
function validateDistribution(scope: Construct, distribution: MultiRegionBucketDistributionOptions | undefined): void {
  if (!distribution) return;
  validateWholeDays(scope, 'distribution.logRetention', distribution.logRetention);
  validateRemovalPolicy(scope, 'distribution.logBucketRemovalPolicy', distribution.logBucketRemovalPolicy);
  validateDomainNames(scope, 'distribution.domainNames', distribution.domainNames ?? []);
  if (distribution.logBucket && distribution.enableLogging !== false) validateLogBucket(scope, 'distribution.logBucket', distribution.logBucket);
}

/** The origin of the distribution: one that works with these Regions, and a fallback Region among them. */
function validateDistributionOrigin(scope: Construct, props: MultiRegionBucketProps): void {
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

/** Storage classes whose objects must be restored before they can be read. */
const ARCHIVE_STORAGE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];

/** Legal but probably wrong combinations of routing, replication and storage class: warnings. */
function warnAboutRouting(scope: Construct, props: MultiRegionBucketProps, routes: RouteUpdate[] | undefined): void {
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

/**
 * The Regions of `backfill`, validated: replication must be on, the Regions must be members, and
 * with one-way replication the primary (the source) cannot be new.
 */
export function validateBackfill(scope: Construct, props: MultiRegionBucketProps, routes: RouteUpdate[] | undefined): string[] {
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
