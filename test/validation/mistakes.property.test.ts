import { App, Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import fc from 'fast-check';
import { MultiRegionBucket, MultiRegionBucketProps, Replication, Routing } from '../../src';
import { fuzzConfiguration, toProps } from '../fuzz/configurations';
import { synthAsCli } from '../util/toolkit';

/**
 * A property over the mistakes table: a random valid MultiRegionBucket configuration (the fuzz
 * generator's), changed by one known mistake, is refused with a message that names the property
 * of that mistake, or, for the legal-but-wrong ones, builds with a warning of the expected id that
 * names it. Refused configurations are only built (every check runs while they are); warned ones
 * are synthesized through the toolkit, whose output (what `cdk synth` prints) must hold the warning.
 *
 * Reproducible: a fixed seed; `MISTAKES_SEED` and `MISTAKES_RUNS` (configurations per mistake) override it.
 */
const SEED = Number(process.env.MISTAKES_SEED ?? 20261205);
const RUNS = Number(process.env.MISTAKES_RUNS ?? 3);

interface Mutation {
  readonly name: string;
  /** The property the message must name. */
  readonly property: string;
  /** The warning id, for legal-but-wrong input. */
  readonly warning?: string;
  readonly apply: (props: MultiRegionBucketProps, k: number) => MultiRegionBucketProps;
}

/** Replication off (its options go with it). */
const withoutReplication = (p: MultiRegionBucketProps): MultiRegionBucketProps => ({
  ...p,
  replication: Replication.none(),
  alarmTopics: undefined,
});

const MUTATIONS: Mutation[] = [
  { name: 'a Region without access points', property: 'regions', apply: (p, k) => ({ ...p, regions: p.regions.map((r, i) => (i === k % p.regions.length ? 'mx-central-1' : r)), primaryRegion: undefined, routing: undefined }) },
  { name: 'a Region in uppercase', property: 'regions', apply: (p, k) => ({ ...p, regions: p.regions.map((r, i) => (i === k % p.regions.length ? r.toUpperCase() : r)) }) },
  { name: 'an Availability Zone', property: 'regions', apply: (p, k) => ({ ...p, regions: p.regions.map((r, i) => (i === k % p.regions.length ? `${r}a` : r)) }) },
  { name: 'a global Region without access points', property: 'globalRegion', apply: (p) => ({ ...p, globalRegion: 'ap-southeast-7' }) },
  { name: 'a control-plane Region outside the five', property: 'routingControlPlaneRegion', apply: (p) => ({ ...p, routing: p.routing ?? Routing.activeActive(), routingControlPlaneRegion: 'eu-central-1' }) },
  { name: 'the account as a token', property: 'account', apply: (p) => ({ ...p, account: Aws.ACCOUNT_ID }) },
  { name: 'SNAPSHOT', property: 'removalPolicy', apply: (p) => ({ ...p, removalPolicy: RemovalPolicy.SNAPSHOT }) },
  { name: 'an aws: tag key', property: 'tags', apply: (p) => ({ ...p, tags: { ...p.tags, 'aws:team': 'x' } }) },
  { name: 'an empty tag key', property: 'tags', apply: (p) => ({ ...p, tags: { ...p.tags, '': 'x' } }) },
  { name: 'an expiry of hours', property: 'noncurrentVersionExpiration', apply: (p) => ({ ...p, noncurrentVersionExpiration: Duration.hours(30) }) },
  { name: 'alarm topics without replication', property: 'alarmTopics', apply: (p) => ({ ...withoutReplication(p), alarmTopics: true }) },
  {
    name: 'a log retention of hours',
    property: 'distribution.logRetention',
    apply: (p) => ({ ...p, distribution: { ...(p.distribution ?? {}), logRetention: Duration.hours(12) } }),
  },
  {
    name: 'archive replicas behind active-active routing',
    property: 'replication.storageClass',
    warning: 'cdk-multi-region-bucket:archiveReplicasBehindActiveRouting',
    apply: (p) => ({
      ...p,
      replication: Replication.twoWay({ storageClass: s3.StorageClass.DEEP_ARCHIVE }),
      routing: Routing.activeActive(),
    }),
  },
  {
    name: 'no replication behind active-active routing',
    property: 'replication',
    warning: 'cdk-multi-region-bucket:activeRoutingWithoutReplication',
    apply: (p) => ({ ...withoutReplication(p), routing: Routing.activeActive() }),
  },
];

test.each(MUTATIONS.map((m) => [m.name, m] as const))('a valid configuration changed by %s is refused (or warned about), naming the property', async (_name, mutation) => {
  await fc.assert(
    fc.asyncProperty(fuzzConfiguration, fc.nat(), async (config, k) => {
      const props = mutation.apply(toProps(config), k);
      const app = new App();
      let error: Error | undefined;
      try {
        new MultiRegionBucket(app, 'Site', props);
      } catch (e) {
        error = e as Error;
      }
      if (mutation.warning) {
        expect(error).toBeUndefined();
        const result = await synthAsCli(app);
        expect(result.failure).toBeUndefined();
        expect(result.warnings.some((w) => w.id === mutation.warning && w.message.includes(`'${mutation.property}'`))).toBe(true);
      } else {
        expect(error?.name).toBe('ValidationError');
        expect(error?.message).toContain(`'${mutation.property}'`);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
