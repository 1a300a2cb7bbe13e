import { App, Aws, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  Backfill,
  BucketReplication,
  DistributionOrigin,
  MultiRegionBucket,
  MultiRegionBucketProps,
  RegionalBucket,
  ReplicationMesh,
  Replication,
  Routing,
} from '../../../src';
import { replicationFixture, stackIn } from '../../replication/fixtures';
import { ACCOUNT } from '../../util/stacks';
import type { Mistake } from '../mistakes';

/**
 * The mistakes of adding a Region with `backfill` (issue 23): `Backfill.existingObjects()` and its
 * `regions` and `reportBucket`, on `MultiRegionBucket`, `ReplicationMesh` and `BucketReplication`.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function site(props: Partial<MultiRegionBucketProps>, id = 'Site'): () => MultiRegionBucket {
  return () => new MultiRegionBucket(new App(), id, { regions: REGIONS, account: ACCOUNT, ...props });
}

const AP = Backfill.existingObjects({ regions: ['ap-southeast-2'] });

/** A BucketReplication from an eu-west-1 bucket (versioned unless said otherwise) to a us-east-1 one, with `backfill`. */
function backfillReplication(backfill: Backfill, sourceVersioned = true) {
  return () => {
    const f = replicationFixture();
    const source = sourceVersioned ? f.source : new s3.Bucket(f.sourceStack, 'Unversioned', { bucketName: 'unversioned-source' });
    return new BucketReplication(stackIn(f.app, 'Global', 'us-east-1'), 'Replication', { source, destinations: [{ bucket: f.destination }], backfill });
  };
}

const moved: Array<Omit<Mistake, 'group'>> = [
  { name: 'backfill without replication', property: 'backfill', value: "needs replication (S3 Batch Replication copies what the replication configuration names), got 'replication' Replication.none()", build: site({ replication: Replication.none(), backfill: AP }) },
  { name: 'backfill without naming the new Regions', property: 'backfill', value: 'must name the new Regions (Backfill.existingObjects({ regions: [...] })), got none', build: site({ backfill: Backfill.existingObjects() }) },
  { name: 'backfill of a Region that is not in the set', property: 'backfill', value: 'names Region us-west-2, which is not the Region of a bucket that receives replicas here (us-east-1, eu-west-1, ap-southeast-2)', build: site({ backfill: Backfill.existingObjects({ regions: ['us-west-2'] }) }) },
  { name: 'backfill of every Region (a first deploy)', property: 'backfill', value: 'must leave out at least one Region to copy from, got every Region (us-east-1, eu-west-1, ap-southeast-2)', build: site({ backfill: Backfill.existingObjects({ regions: REGIONS }) }) },
  { name: 'backfill of the one-way primary', property: 'backfill', value: 'names us-east-1, the primary Region, which is the source of one-way replication and receives no replicas', build: site({ replication: Replication.oneWay(), backfill: Backfill.existingObjects({ regions: ['us-east-1'] }) }) },
  { name: 'backfill of a Region named twice', property: 'backfill', value: 'names Region ap-southeast-2 more than once', build: site({ backfill: Backfill.existingObjects({ regions: ['ap-southeast-2', 'ap-southeast-2'] }) }) },
  { name: 'backfill of an empty list of Regions', property: 'backfill', value: 'must name at least one Region to backfill, got an empty list', build: site({ backfill: Backfill.existingObjects({ regions: [] }) }) },
  { name: 'backfill of a Region given as a token', property: 'backfill', value: 'must name Regions literally (each names a bucket at synth time), got a token', build: site({ backfill: Backfill.existingObjects({ regions: [Aws.REGION] }) }) },
  { name: 'backfill of a misspelt Region', property: 'backfill', value: "got 'ap-southeast'", build: site({ backfill: Backfill.existingObjects({ regions: ['ap-southeast'] }) }) },
  {
    name: 'routing that makes a Region being backfilled active',
    property: 'routing',
    value: "makes ap-southeast-2 active while 'backfill' copies the existing objects into it",
    build: site({ backfill: AP, routing: Routing.activeActive() }),
  },
  {
    name: 'backfill into an opt-in Region with the access point origin',
    property: 'distribution.origin',
    value: 'opt-in Regions (me-central-1)',
    build: site({ regions: ['eu-west-1', 'me-central-1'], distribution: {}, backfill: Backfill.existingObjects({ regions: ['me-central-1'] }) }),
  },
  {
    name: 'a report bucket for a MultiRegionBucket (one source per Region)',
    property: 'backfill.reportBucket',
    value: 'applies only to BucketReplication, got Reports/Reports',
    build: () => {
      const app = new App();
      const reports = new s3.Bucket(new Stack(app, 'Reports', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Reports');
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, backfill: Backfill.existingObjects({ regions: ['ap-southeast-2'], reportBucket: reports }) });
    },
  },
  {
    name: 'a report bucket for a ReplicationMesh',
    property: 'backfill.reportBucket',
    value: 'applies only to BucketReplication (one source bucket), got Source/Reports',
    build: () => {
      const f = replicationFixture();
      const reportBucket = new s3.Bucket(f.sourceStack, 'Reports');
      return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [f.source, f.destination], backfill: Backfill.existingObjects({ regions: ['us-east-1'], reportBucket }) });
    },
  },
  {
    name: 'backfill of every bucket of a mesh',
    property: 'backfill',
    value: 'must leave out at least one bucket to copy from',
    build: () => {
      const f = replicationFixture();
      return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [f.source, f.destination], backfill: Backfill.existingObjects({ regions: ['eu-west-1', 'us-east-1'] }) });
    },
  },
  {
    name: 'a mesh backfill without naming the new Regions',
    property: 'backfill',
    value: 'must name the new Regions',
    build: () => {
      const f = replicationFixture();
      return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [f.source, f.destination], backfill: Backfill.existingObjects() });
    },
  },
  { name: 'backfill from a source without versioning', property: 'source', value: 'must be a versioned bucket (S3 replication needs versioning on the source and every destination), got Source/Unversioned without versioning', build: backfillReplication(Backfill.existingObjects(), false) },
  { name: 'backfill of a Region that is not a destination', property: 'backfill', value: 'names Region ap-southeast-2, which is not the Region of a bucket that receives replicas here (us-east-1)', build: backfillReplication(AP) },
  {
    name: 'a report bucket in another Region than the source',
    property: 'backfill.reportBucket',
    value: 'must be in eu-west-1, the Region of the source bucket (where the job runs), got Destination/Reports (reports-us) in us-east-1',
    build: () => {
      const f = replicationFixture();
      const reportBucket = new s3.Bucket(f.destinationStack, 'Reports', { bucketName: 'reports-us' });
      return new BucketReplication(stackIn(f.app, 'Global', 'us-east-1'), 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], backfill: Backfill.existingObjects({ reportBucket }) });
    },
  },
  {
    name: 'a report bucket whose name CloudFormation generates in another stack',
    property: 'backfill.reportBucket',
    value: 'must have a name known at synth time to be named from stack Global, got Source/Reports',
    build: () => {
      const f = replicationFixture();
      const reportBucket = new s3.Bucket(f.sourceStack, 'Reports');
      return new BucketReplication(stackIn(f.app, 'Global', 'us-east-1'), 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], backfill: Backfill.existingObjects({ reportBucket }) });
    },
  },
  {
    name: 'backfill from a bucket of an environment-agnostic stack',
    property: 'backfill',
    value: 'needs a source bucket with a known Region (S3 creates the job in the source\'s Region), got Agnostic/Source, whose Region is a token',
    build: () => {
      const app = new App();
      const agnostic = new Stack(app, 'Agnostic');
      const source = new s3.Bucket(agnostic, 'Source', { versioned: true });
      const destination = s3.Bucket.fromBucketAttributes(agnostic, 'Destination', { bucketName: 'destination-bucket', region: 'us-east-1' });
      return new BucketReplication(agnostic, 'Replication', { source, destinations: [{ bucket: destination }], backfill: Backfill.existingObjects() });
    },
  },
  {
    name: 'backfill from an imported source without a Region, in another stack',
    property: 'source',
    value: 'must have a known Region to be configured from another stack',
    build: () => {
      const app = new App();
      const agnostic = new Stack(app, 'Agnostic');
      const source = s3.Bucket.fromBucketName(agnostic, 'Source', 'source-bucket');
      const destination = s3.Bucket.fromBucketAttributes(agnostic, 'Destination', { bucketName: 'destination-bucket', region: 'us-east-1' });
      return new BucketReplication(stackIn(app, 'Global', 'us-east-1'), 'Replication', { source, destinations: [{ bucket: destination }], backfill: Backfill.existingObjects() });
    },
  },
];

const FAILOVER = DistributionOrigin.regionalFailover({ fallbackRegion: 'eu-west-1' });

/** The replication fixture with a second destination bucket in us-east-1. */
function twoDestinationsInUsEast1() {
  const f = replicationFixture();
  const second = new RegionalBucket(f.destinationStack, 'Second', { bucketName: 'second-us-east-1' }).bucket;
  return { ...f, second };
}

/** A mesh of the replication fixture's buckets with `backfill`. */
function meshWith(backfill: Backfill) {
  return () => {
    const f = replicationFixture();
    return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [f.source, f.destination], backfill });
  };
}

/** A BucketReplication of the replication fixture with `backfill`, in the source's stack. */
function replicationWith(backfill: Backfill) {
  return () => {
    const f = replicationFixture();
    return new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], backfill });
  };
}

const added: Array<Omit<Mistake, 'group'>> = [
  // Another read path already sends users to the Region being filled: CloudFront's origin group.
  {
    name: 'backfill of the primary Region, which the Regional failover origin reads',
    property: 'backfill',
    value: "names us-east-1, the primary Region, whose bucket 'distribution.origin' DistributionOrigin.regionalFailover() reads every request from",
    build: site({ backfill: Backfill.existingObjects({ regions: ['us-east-1'] }), distribution: { origin: FAILOVER } }),
  },
  {
    name: 'making the new Region primary in the deploy that backfills it, with the Regional failover origin',
    property: 'backfill',
    value: 'names ap-southeast-2, the primary Region, whose bucket',
    build: site({ primaryRegion: 'ap-southeast-2', backfill: AP, distribution: { origin: FAILOVER } }),
  },
  {
    name: 'backfill of the fallback Region of the Regional failover origin',
    property: 'distribution.origin',
    value: "falls back to eu-west-1, whose bucket 'backfill' is filling",
    warning: 'cdk-multi-region-bucket:backfillIntoFailoverFallback',
    build: site({ backfill: Backfill.existingObjects({ regions: ['eu-west-1'] }), distribution: { origin: FAILOVER } }),
  },
  {
    name: 'backfill of the Region the Regional failover origin falls back to by default',
    property: 'distribution.origin',
    value: "falls back to eu-west-1 (by default the first of 'regions' after the primary), whose bucket 'backfill' is filling",
    warning: 'cdk-multi-region-bucket:backfillIntoFailoverFallback',
    build: site({ backfill: Backfill.existingObjects({ regions: ['eu-west-1'] }), distribution: { origin: DistributionOrigin.regionalFailover() } }),
  },
  // A Region that does not name one bucket.
  {
    name: 'backfill of a Region that holds two destinations',
    property: 'backfill',
    value: "names Region us-east-1, which holds 2 buckets ('destinations[0].bucket' Destination/Replica/Bucket, 'destinations[1].bucket' Destination/Second/Bucket)",
    warning: 'cdk-multi-region-bucket:backfillRegionOfSeveralBuckets',
    build: () => {
      const f = twoDestinationsInUsEast1();
      return new BucketReplication(f.sourceStack, 'Replication', {
        source: f.source, destinations: [{ bucket: f.destination }, { bucket: f.second }], backfill: Backfill.existingObjects({ regions: ['us-east-1'] }),
      });
    },
  },
  {
    name: 'a mesh backfill of a Region with two members',
    property: 'backfill',
    value: "names Region us-east-1, which holds 2 buckets ('buckets[1]' Destination/Replica/Bucket, 'buckets[2]' Destination/Second/Bucket)",
    warning: 'cdk-multi-region-bucket:backfillRegionOfSeveralBuckets',
    build: () => {
      const f = twoDestinationsInUsEast1();
      return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', {
        buckets: [f.source, f.destination, f.second], oneBucketPerRegion: false, backfill: Backfill.existingObjects({ regions: ['us-east-1'] }),
      });
    },
  },
  // Where the reports go.
  {
    name: 'the source bucket as the report bucket',
    property: 'backfill.reportBucket',
    value: 'must not be the source bucket, got Source/Data/Bucket (source-eu-west-1)',
    build: () => {
      const f = replicationFixture();
      return new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], backfill: Backfill.existingObjects({ reportBucket: f.source }) });
    },
  },
  {
    name: 'a destination as the report bucket',
    property: 'backfill.reportBucket',
    value: 'must be in eu-west-1, the Region of the source bucket (where the job runs), got Destination/Replica/Bucket (replica-us-east-1) in us-east-1',
    build: () => {
      const f = replicationFixture();
      return new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], backfill: Backfill.existingObjects({ reportBucket: f.destination }) });
    },
  },
  // Routing that lets users in while the Region is filled.
  {
    name: 'active-passive routing with the Region being backfilled as the active one',
    property: 'routing',
    value: "makes ap-southeast-2 active while 'backfill' copies the existing objects into it",
    build: site({ backfill: AP, routing: Routing.activePassive({ activeRegions: ['ap-southeast-2'] }) }),
  },
  {
    name: 'a traffic dial of 100 for the Region being backfilled',
    property: 'routing',
    value: "makes ap-southeast-2 active while 'backfill' copies the existing objects into it",
    build: site({ backfill: AP, routing: Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 0, 'ap-southeast-2': 100 }) }),
  },
  // Naming the Regions.
  { name: 'backfill of a Region in uppercase', property: 'backfill', value: "got 'AP-SOUTHEAST-2'", build: site({ backfill: Backfill.existingObjects({ regions: ['AP-SOUTHEAST-2'] }) }) },
  { name: 'backfill of an Availability Zone', property: 'backfill', value: "got 'ap-southeast-2a'", build: site({ backfill: Backfill.existingObjects({ regions: ['ap-southeast-2a'] }) }) },
  { name: 'a BucketReplication backfill of the source\'s own Region', property: 'backfill', value: 'names Region eu-west-1, which is not the Region of a bucket that receives replicas here (us-east-1)', build: replicationWith(Backfill.existingObjects({ regions: ['eu-west-1'] })) },
  { name: 'a BucketReplication backfill of an empty list of Regions', property: 'backfill', value: 'must name at least one Region to backfill, got an empty list', build: replicationWith(Backfill.existingObjects({ regions: [] })) },
  { name: 'a BucketReplication backfill of a Region named twice', property: 'backfill', value: 'names Region us-east-1 more than once', build: replicationWith(Backfill.existingObjects({ regions: ['us-east-1', 'us-east-1'] })) },
  { name: 'a mesh backfill of a Region outside the mesh', property: 'backfill', value: 'names Region ap-southeast-2, which is not the Region of a bucket that receives replicas here (eu-west-1, us-east-1)', build: meshWith(AP) },
  { name: 'a mesh backfill of a Region given as a token', property: 'backfill', value: 'must name Regions literally (each names a bucket at synth time), got a token', build: meshWith(Backfill.existingObjects({ regions: [Aws.REGION] })) },
];

/** The mistakes of adding a Region with backfill. */
export const BACKFILL_MISTAKES: Mistake[] = [...moved, ...added].map((row) => ({ ...row, group: 'adding a Region with backfill' as const }));
