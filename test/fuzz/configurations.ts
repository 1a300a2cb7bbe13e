import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import fc from 'fast-check';
import {
  DistributionOrigin,
  DistributionWebAcl,
  MultiRegionAccessPointRoutes,
  MultiRegionBucketProps,
  Replication,
  ReplicationMode,
  ReplicationRuleOptions,
  Routing,
  TwoWayReplicationOptions,
} from '../../src';

/** The account of every generated app. */
export const ACCOUNT = '111111111111';

/**
 * The Regions a generated configuration draws from: the commercial Regions that are not opt-in,
 * which are exactly the 17 Regions S3 Multi-Region Access Points have always supported (and so
 * what CloudFront can sign SigV4A for). Taken from aws-cdk-lib's Region facts, checked to be 17.
 */
export const FUZZ_REGIONS = RegionInfo.regions
  .filter((r) => r.partition === 'aws' && !r.isOptInRegion && /^[a-z]{2}-[a-z]+-\d$/.test(r.name))
  .map((r) => r.name)
  .sort();

/** Storage classes a replica may have. */
const REPLICA_STORAGE_CLASSES = [
  s3.StorageClass.INFREQUENT_ACCESS,
  s3.StorageClass.INTELLIGENT_TIERING,
  s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
  s3.StorageClass.DEEP_ARCHIVE,
  new s3.StorageClass('STANDARD'),
];

/**
 * One generated configuration, as plain data (so fast-check can print and shrink it), turned into
 * `MultiRegionBucketProps` by {@link toProps}.
 */
export interface FuzzConfiguration {
  /** 2 to 17 distinct Regions, in the order given. */
  readonly regions: string[];
  /** Index of the primary Region in `regions`, or undefined for the default (the first). */
  readonly primary?: number;
  readonly replication: ReplicationMode;
  /** `default` leaves `routing` unset. */
  readonly routing: 'default' | 'active-active' | 'active-passive' | 'traffic-dials';
  /** Which Regions are active with active-passive routing or traffic dials (at least one is). */
  readonly active: boolean[];
  readonly controlPlaneRegion?: string;
  readonly kms: boolean;
  readonly replicationTimeControl?: boolean;
  readonly metrics?: boolean;
  readonly deleteMarkerReplication?: boolean;
  /** Replication rules: none (whole bucket), or one or two with prefixes (and maybe a tag filter, priorities). */
  readonly rules?: Array<{ prefix: string; tag?: boolean; priority?: number }>;
  readonly replicaModifications?: boolean;
  readonly replicaStorageClass?: number;
  readonly noncurrentVersionExpirationDays?: number;
  readonly noncurrentVersionsToRetain?: number;
  readonly objectLock?: boolean;
  readonly serverAccessLogs?: boolean;
  readonly alarmTopics?: boolean;
  readonly distribution: 'none' | 'access-point' | 'regional-failover';
  readonly singlePageApp?: boolean;
  readonly webAcl?: boolean;
  readonly globalRegion?: string;
  readonly bucketNameBase?: string;
  readonly multiRegionAccessPointName?: string;
  readonly tags?: boolean;
}

/** How many Regions: mostly a few (synthesis grows with the square), sometimes many. */
const regionCount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 2, max: 5 }) },
  { weight: 3, arbitrary: fc.integer({ min: 6, max: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 11, max: 17 }) },
);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** A valid configuration of a MultiRegionBucket. */
export const fuzzConfiguration: fc.Arbitrary<FuzzConfiguration> = regionCount
  .chain((count) => fc.record({
    regions: fc.shuffledSubarray(FUZZ_REGIONS, { minLength: count, maxLength: count }),
    primary: optional(fc.nat({ max: count - 1 })),
    replication: fc.constantFrom(ReplicationMode.TWO_WAY, ReplicationMode.ONE_WAY, ReplicationMode.NONE),
    routing: fc.constantFrom('default' as const, 'active-active' as const, 'active-passive' as const, 'traffic-dials' as const),
    active: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
    controlPlaneRegion: optional(fc.constantFrom(...MultiRegionAccessPointRoutes.CONTROL_PLANE_REGIONS)),
    kms: fc.boolean(),
    replicationTimeControl: optional(fc.boolean()),
    metrics: optional(fc.boolean()),
    deleteMarkerReplication: optional(fc.boolean()),
    rules: optional(fc.uniqueArray(
      fc.record({ prefix: fc.constantFrom('logs/', 'media/', 'data/2026/', 'a'), tag: optional(fc.boolean()), priority: optional(fc.nat({ max: 1000 })) }),
      { minLength: 1, maxLength: 2, selector: (r) => r.prefix },
    )),
    replicaModifications: optional(fc.boolean()),
    replicaStorageClass: optional(fc.nat({ max: REPLICA_STORAGE_CLASSES.length - 1 })),
    noncurrentVersionExpirationDays: optional(fc.integer({ min: 1, max: 3650 })),
    noncurrentVersionsToRetain: optional(fc.integer({ min: 1, max: 100 })),
    objectLock: optional(fc.boolean()),
    serverAccessLogs: optional(fc.boolean()),
    alarmTopics: optional(fc.boolean()),
    distribution: fc.constantFrom('none' as const, 'access-point' as const, 'regional-failover' as const),
    singlePageApp: optional(fc.boolean()),
    webAcl: optional(fc.boolean()),
    globalRegion: optional(fc.constantFrom('us-east-1', 'us-west-2', 'eu-central-1')),
    bucketNameBase: optional(fc.stringMatching(/^[a-z][a-z0-9]{2,11}$/)),
    multiRegionAccessPointName: optional(fc.stringMatching(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/)),
    tags: optional(fc.boolean()),
  }));

/** The props of a configuration: every combination that the library documents as valid. */
export function toProps(c: FuzzConfiguration): MultiRegionBucketProps {
  const replicating = c.replication !== ReplicationMode.NONE;
  const activeRegions = c.regions.filter((_, i) => c.active[i]);
  if (activeRegions.length === 0) activeRegions.push(c.regions[c.regions.length - 1]);
  const routing = {
    'default': undefined,
    'active-active': Routing.activeActive(),
    'active-passive': Routing.activePassive({ activeRegions }),
    'traffic-dials': Routing.trafficDials(Object.fromEntries(c.regions.map((r) => [r, activeRegions.includes(r) ? 100 : 0]))),
  }[c.routing];
  // Routes are written (so a control-plane Region applies) with explicit routing, and with one-way replication.
  const routesWritten = routing !== undefined || c.replication === ReplicationMode.ONE_WAY;
  // s3.ReplicationTimeValue turns a setting on; off is leaving it out (with RTC, metrics are on anyway).
  const on = (flag: boolean | undefined) => (flag ? s3.ReplicationTimeValue.FIFTEEN_MINUTES : undefined);
  const priorities = c.rules?.every((r) => r.priority !== undefined) && new Set(c.rules.map((r) => r.priority)).size === c.rules.length;
  const rules: ReplicationRuleOptions[] | undefined = c.rules?.map((r) => ({
    filter: r.prefix === undefined && !r.tag ? undefined : {
      prefix: r.prefix,
      tags: r.tag ? [{ key: 'replicate', value: 'yes' }] : undefined,
    },
    priority: priorities ? r.priority : undefined,
  }));
  const globalRegion = c.globalRegion;
  const inUsEast1 = (globalRegion ?? 'us-east-1') === 'us-east-1';
  return {
    regions: c.regions,
    account: ACCOUNT,
    primaryRegion: c.primary !== undefined ? c.regions[c.primary] : undefined,
    routing,
    routingControlPlaneRegion: routesWritten ? c.controlPlaneRegion : undefined,
    encryption: c.kms ? s3.BucketEncryption.KMS : undefined,
    replication: replicationOf(c, {
      replicationTimeControl: on(c.replicationTimeControl),
      metrics: on(c.metrics),
      deleteMarkerReplication: c.deleteMarkerReplication,
      rules,
      storageClass: c.replicaStorageClass !== undefined ? REPLICA_STORAGE_CLASSES[c.replicaStorageClass] : undefined,
      replicaModifications: c.replicaModifications,
    }),
    noncurrentVersionExpiration: c.noncurrentVersionExpirationDays !== undefined ? Duration.days(c.noncurrentVersionExpirationDays) : undefined,
    noncurrentVersionsToRetain: c.noncurrentVersionExpirationDays !== undefined ? c.noncurrentVersionsToRetain : undefined,
    objectLockEnabled: c.objectLock,
    serverAccessLogs: c.serverAccessLogs,
    // Alarm topics without replication are refused (there would be no alarms to notify).
    alarmTopics: replicating ? c.alarmTopics : undefined,
    distribution: c.distribution === 'none' ? undefined : {
      origin: c.distribution === 'access-point' ? DistributionOrigin.multiRegionAccessPoint() : DistributionOrigin.regionalFailover(),
      singlePageApp: c.singlePageApp,
      // Managed rules create a CLOUDFRONT web ACL, which must be in us-east-1.
      webAcl: c.webAcl && inUsEast1 ? DistributionWebAcl.awsManagedRules() : undefined,
    },
    globalRegion,
    bucketNameBase: c.bucketNameBase,
    multiRegionAccessPointName: c.multiRegionAccessPointName,
    tags: c.tags ? { 'project': 'fuzz', 'cost-center': '1234' } : undefined,
  };
}

/** The `replication` of a configuration: the mode with the options that apply to it. */
function replicationOf(c: FuzzConfiguration, options: TwoWayReplicationOptions): Replication {
  switch (c.replication) {
    case ReplicationMode.TWO_WAY: return Replication.twoWay(options);
    case ReplicationMode.ONE_WAY: {
      const { replicaModifications, ...oneWay } = options;
      return Replication.oneWay(oneWay);
    }
    default: return Replication.none();
  }
}

/** A short description of a configuration, for reports. */
export function summarize(c: FuzzConfiguration): string {
  const p = toProps(c);
  const parts = [
    `${c.regions.length} Regions`,
    c.replication,
    c.routing,
    c.kms ? 'KMS' : 'SSE-S3',
    c.replication !== ReplicationMode.NONE && c.replicationTimeControl ? 'RTC' : c.replication !== ReplicationMode.NONE && c.metrics ? 'metrics' : undefined,
    c.replication !== ReplicationMode.NONE && c.rules ? `${c.rules.length} rules` : undefined,
    c.distribution !== 'none' ? `CloudFront ${c.distribution}${p.distribution?.webAcl ? ' + WAF' : ''}` : undefined,
    p.objectLockEnabled ? 'Object Lock' : undefined,
    p.noncurrentVersionExpiration ? 'lifecycle' : undefined,
    p.serverAccessLogs === false ? 'no access logs' : undefined,
  ];
  return parts.filter((x) => x !== undefined).join(', ');
}
