import { App, Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Backfill, DistributionOrigin, MultiRegionBucket, MultiRegionBucketProps, Replication, ReplicationMode, Routing } from '../../src';
import { MultiRegionBucketPlan, planMultiRegionBucket } from '../../src/multi-region-bucket/plan';
import { ACCOUNT } from '../util/stacks';

/**
 * The plan of a MultiRegionBucket as data (docs/adr/0033): what the props decide, before any
 * construct is built.
 */

const BACKUP = '333333333333';
const US = 'us-east-1';
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';

function plan(props: MultiRegionBucketProps, id = 'Site'): MultiRegionBucketPlan {
  return planMultiRegionBucket(new Construct(new App(), id), props);
}

/** The traffic dial of every Region that a routing writes. */
function dials(routing: Routing | undefined, regions: readonly string[]): Record<string, number> | undefined {
  if (!routing) return undefined;
  const updates = routing._routeUpdates(new Construct(new App(), 'Routing'), 'routing', [...regions]);
  return Object.fromEntries(updates.map((u) => [u.region, u.trafficDialPercentage]));
}

describe('two-way over 3 Regions, one in a backup account', () => {
  const p = plan({ regions: [US, EU, AP], account: ACCOUNT, accounts: { [AP]: BACKUP }, bucketNameBase: 'acme-assets' });

  test('Regions and accounts', () => {
    expect(p.regions).toEqual([US, EU, AP]);
    expect(p.primaryRegion).toBe(US);
    expect(p.globalRegion).toBe(US);
    expect(p.routingControlPlaneRegion).toBeUndefined();
    expect(p.account).toBe(ACCOUNT);
    expect([...p.accountsByRegion]).toEqual([[US, ACCOUNT], [EU, ACCOUNT], [AP, BACKUP]]);
    expect(p.distinctAccounts).toEqual([ACCOUNT, BACKUP]);
  });

  test('stacks: one per Region in its account, the global stack, a replication stack for the backup account', () => {
    expect(p.stackNamePrefix).toBe('Site');
    expect(p.stacks.regional.map((s) => [s.id, s.stackName, s.account, s.region])).toEqual([
      [US, 'Site-us-east-1', ACCOUNT, US],
      [EU, 'Site-eu-west-1', ACCOUNT, EU],
      [AP, 'Site-ap-southeast-2', BACKUP, AP],
    ]);
    expect([p.stacks.global.id, p.stacks.global.stackName, p.stacks.global.account, p.stacks.global.region]).toEqual(['global', 'Site-global', ACCOUNT, US]);
    expect(p.stacks.replication.map((s) => [s.id, s.stackName, s.account, s.region])).toEqual([
      [`${AP}-replication`, 'Site-ap-southeast-2-replication', BACKUP, AP],
    ]);
    expect(p.stacks.atStage).toBe(false);
    expect(p.stacks.dependent).toBeUndefined();
  });

  test('buckets: new, named by bucketNameBase, each in its Region\'s stack and account', () => {
    expect(p.buckets.map((b) => [b.region, b.account, b.bucketName, b.origin, b.stack.stackName, b.constructId])).toEqual([
      [US, ACCOUNT, 'acme-assets-us-east-1', 'new', 'Site-us-east-1', 'Bucket'],
      [EU, ACCOUNT, 'acme-assets-eu-west-1', 'new', 'Site-eu-west-1', 'Bucket'],
      [AP, BACKUP, 'acme-assets-ap-southeast-2', 'new', 'Site-ap-southeast-2', 'Bucket'],
    ]);
    expect(p.buckets.map((b) => b.keyAliasName)).toEqual([undefined, undefined, undefined]);
  });

  test('replication: every pair, one configuration per source (no mesh across accounts)', () => {
    expect(p.replication.mode).toBe(ReplicationMode.TWO_WAY);
    expect(p.replication.layout).toBe('per-source');
    expect(p.replication.sources).toEqual([US, EU, AP]);
    expect(p.replication.destinations).toEqual([US, EU, AP]);
    expect(p.replication.pairs).toEqual([
      { source: US, destination: EU }, { source: US, destination: AP },
      { source: EU, destination: US }, { source: EU, destination: AP },
      { source: AP, destination: US }, { source: AP, destination: EU },
    ]);
    expect(p.replication.metrics).toBe(false);
  });

  test('routing, monitoring and distribution: S3\'s default, a dashboard, no alarms, no distribution', () => {
    expect(p.routing).toBeUndefined();
    expect(p.backfill).toEqual({ regions: [], trafficDials: undefined });
    expect(p.monitoring).toEqual({ alarms: undefined, alarmTopicRegions: [], dashboard: true, dashboardName: 'Site' });
    expect(p.distribution).toBeUndefined();
  });

  test('the same props build the stacks the plan names', () => {
    const site = new MultiRegionBucket(new App(), 'Site', { regions: [US, EU, AP], account: ACCOUNT, accounts: { [AP]: BACKUP }, bucketNameBase: 'acme-assets' });
    expect(site.stacks.map((s) => s.stackName)).toEqual([
      ...p.stacks.regional.map((s) => s.stackName), ...p.stacks.replication.map((s) => s.stackName), p.stacks.global.stackName,
    ]);
  });
});

describe('one-way over 3 Regions, ap-southeast-2 added with backfill, KMS', () => {
  const p = plan({
    regions: ['eu-central-1', 'us-west-2', AP],
    account: ACCOUNT,
    replication: Replication.oneWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
    backfill: Backfill.existingObjects({ regions: [AP] }),
    encryption: s3.BucketEncryption.KMS,
    stackNamePrefix: 'Records',
  });

  test('Regions, one account, the primary is the only source', () => {
    expect(p.regions).toEqual(['eu-central-1', 'us-west-2', AP]);
    expect(p.primaryRegion).toBe('eu-central-1');
    expect(p.distinctAccounts).toEqual([ACCOUNT]);
    expect(p.replication.mode).toBe(ReplicationMode.ONE_WAY);
    expect(p.replication.layout).toBe('per-source');
    expect(p.replication.sources).toEqual(['eu-central-1']);
    expect(p.replication.destinations).toEqual(['us-west-2', AP]);
    expect(p.replication.pairs).toEqual([{ source: 'eu-central-1', destination: 'us-west-2' }, { source: 'eu-central-1', destination: AP }]);
    expect(p.replication.metrics).toBe(true);
  });

  test('stacks and buckets: named by the prefix, generated bucket names from the stack name, key aliases by stack name', () => {
    expect(p.stacks.regional.map((s) => s.stackName)).toEqual(['Records-eu-central-1', 'Records-us-west-2', 'Records-ap-southeast-2']);
    expect(p.stacks.global.stackName).toBe('Records-global');
    expect(p.stacks.replication).toEqual([]);
    for (const bucket of p.buckets) {
      expect(bucket.origin).toBe('new');
      expect(bucket.bucketName).toMatch(new RegExp(`^records-${bucket.region}-bucket-[0-9a-f]{12}$`));
      expect(bucket.keyAliasName).toBe(`alias/Records-${bucket.region}`);
    }
    expect(new Set(p.buckets.map((b) => b.bucketName)).size).toBe(3);
  });

  test('backfill: the new Region and the routes it implies (only the primary active)', () => {
    expect(p.backfill.regions).toEqual([AP]);
    expect(p.backfill.trafficDials).toEqual({ 'eu-central-1': 100, 'us-west-2': 0, [AP]: 0 });
    expect(dials(p.routing, p.regions)).toEqual({ 'eu-central-1': 100, 'us-west-2': 0, [AP]: 0 });
  });

  test('monitoring: RTC thresholds, topics where alarms are', () => {
    const { latencyThreshold, ...others } = p.monitoring.alarms!;
    // With RTC, what S3 promises: 15 minutes.
    expect(latencyThreshold.toSeconds()).toBe(Duration.minutes(15).toSeconds());
    expect(others).toEqual({ latencyEvaluationPeriods: 3, failureThreshold: 0, failureEvaluationPeriods: 1 });
    // Failures in the primary; latency in each replica Region (same account).
    expect(p.monitoring.alarmTopicRegions).toEqual(['eu-central-1', 'us-west-2', AP]);
    expect(p.monitoring.dashboardName).toBe('Records');
  });
});

describe('active-passive, two-way in one account, Regional failover origin', () => {
  const p = plan({
    regions: [US, EU],
    account: ACCOUNT,
    routing: Routing.activePassive({ activeRegions: [US] }),
    distribution: { origin: DistributionOrigin.regionalFailover({ fallbackStatusCodes: [500, 503] }), singlePageApp: true },
    globalRegion: 'us-west-2',
    routingControlPlaneRegion: 'ap-southeast-2',
  }, 'Failover');

  test('the routes written: the primary active, the other passive', () => {
    expect(dials(p.routing, p.regions)).toEqual({ [US]: 100, [EU]: 0 });
    expect(p.backfill.regions).toEqual([]);
    expect(p.routingControlPlaneRegion).toBe('ap-southeast-2');
  });

  test('one replication mesh in the global stack, in its Region', () => {
    expect(p.replication.layout).toBe('mesh');
    expect(p.replication.pairs).toEqual([{ source: US, destination: EU }, { source: EU, destination: US }]);
    expect(p.stacks.global).toMatchObject({ stackName: 'Failover-global', region: 'us-west-2', account: ACCOUNT });
    expect(p.stacks.replication).toEqual([]);
  });

  test('the distribution reads the primary and falls back to the other Region', () => {
    expect(p.distribution?.origin).toEqual({ kind: 'regional-failover', primaryRegion: US, fallbackRegion: EU, options: { fallbackStatusCodes: [500, 503] } });
    expect(p.distribution?.options).toEqual({ singlePageApp: true });
  });
});

test('the plan refuses what the construct refuses, with the same message', () => {
  const props: MultiRegionBucketProps = { regions: [US, EU], account: ACCOUNT, backfill: Backfill.existingObjects({ regions: [US, EU] }) };
  expect(() => plan(props)).toThrow(/^Site: 'backfill' must leave out at least one Region to copy from, got every Region \(us-east-1, eu-west-1\)/);
  expect(() => new MultiRegionBucket(new App(), 'Site', props)).toThrow(/^Site: 'backfill' must leave out at least one Region to copy from/);
});
