import { App, Aws, Duration, RemovalPolicy, Stack, Stage, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BucketReplication,
  DistributionOrigin,
  MultiRegionAccessPoint,
  MultiRegionAccessPointRoutes,
  MultiRegionBucket,
  MultiRegionBucketProps,
  RegionalBucket,
  RegionalBucketProps,
  ReplicationMesh,
  Replication,
  Routing,
  SecureDistribution,
  SecureDistributionProps,
} from '../../src';
import { ACCOUNTS_MISTAKES } from './mistakes/accounts';
import { ADOPTION_MISTAKES } from './mistakes/adoption';
import { BACKFILL_MISTAKES } from './mistakes/backfill';
import { FAILOVER_MISTAKES } from './mistakes/failover';
import { GRANT_MISTAKES } from './mistakes/grants';
import { MONITORING_MISTAKES } from './mistakes/monitoring';
import { replicationFixture, stackIn } from '../replication/fixtures';
import { ACCOUNT } from '../util/stacks';

/**
 * The mistakes table: what users get wrong, grouped by what they were trying to do, each with the
 * message fragment they see. An `error` row must be refused while the app is built (synth time),
 * naming the property as the user wrote it on the construct they created; a `warning` row is legal
 * but probably wrong, and must synthesize with a warning the user can acknowledge by its id.
 * `bad-input.test.ts` runs the error rows together with the older table of `bad-inputs.ts` (one per
 * construct and validation site); `mistakes.test.ts` runs the warning rows.
 */
export interface Mistake {
  /** What the user was trying to do. */
  readonly group: MistakeGroup;
  /** The mistake. */
  readonly name: string;
  /** The property the message names, as the user wrote it. */
  readonly property: string;
  /** A fragment of the message that shows the value (or "a token") and what is wrong. */
  readonly value: string;
  /** For legal but probably wrong input: the id of the warning (acknowledgeable). */
  readonly warning?: string;
  /**
   * For a mistake only the complete app shows (a stack the user defines after the construct):
   * refused by the validation of the synthesis, which `cdk synth` runs before writing anything.
   * @default 'construct'
   */
  readonly phase?: 'construct' | 'synth';
  /** Builds the configuration; must throw (error rows), or return a construct of a tree that synthesizes (warning rows). */
  readonly build: () => unknown;
}

export type MistakeGroup =
  | 'choosing Regions'
  | 'naming'
  | 'several buckets or Stages'
  | 'replication'
  | 'monitoring'
  | 'adding a Region with backfill'
  | 'buckets in several accounts'
  | 'access point and routing'
  | 'CloudFront'
  | 'encryption and grants'
  | 'logging'
  | 'lifecycle and retention'
  | 'tags'
  | 'adopting an existing bucket';

const OTHER_ACCOUNT = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function site(props: Partial<MultiRegionBucketProps>, id = 'Site', scope: Construct = new App()): () => MultiRegionBucket {
  return () => new MultiRegionBucket(scope, id, { regions: REGIONS, account: ACCOUNT, ...props });
}

/** A site whose `then` step (a grant, a second site...) is the mistake. */
function siteThen(props: Partial<MultiRegionBucketProps>, then: (site: MultiRegionBucket, app: App) => unknown): () => unknown {
  return () => {
    const app = new App();
    return then(new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, ...props }), app);
  };
}

/** The same site in two Stages of one account. */
function twoStages(props: Partial<MultiRegionBucketProps>): () => unknown {
  return () => {
    const app = new App();
    for (const stage of ['Staging', 'Prod']) new MultiRegionBucket(new Stage(app, stage), 'Site', { regions: REGIONS, account: ACCOUNT, ...props });
    return app;
  };
}

function bucket(props: (stack: Stack) => RegionalBucketProps): () => RegionalBucket {
  return () => {
    const stack = stackIn(new App(), 'Data', 'eu-west-1');
    return new RegionalBucket(stack, 'Bucket', props(stack));
  };
}

function distribution(props: (stack: Stack) => Partial<SecureDistributionProps>): () => SecureDistribution {
  return () => {
    const stack = stackIn(new App(), 'Edge', 'us-east-1');
    return new SecureDistribution(stack, 'Cdn', { origin: new origins.HttpOrigin('origin.example.com'), ...props(stack) });
  };
}

const certificate = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`);

/** Buckets in us-east-1 and a Region of choice (stacks Data-<region>), and an access point in a Global stack. */
function accessPointOver(region: string, globalRegion = 'us-east-1', name?: string): () => MultiRegionAccessPoint {
  return () => {
    const app = new App();
    const buckets = ['us-east-1', region].map((r) => new RegionalBucket(stackIn(app, `Data-${r}`, r), 'Data').bucket);
    return new MultiRegionAccessPoint(stackIn(app, 'Global', globalRegion), 'AccessPoint', { buckets, multiRegionAccessPointName: name });
  };
}

type Imported = ReturnType<typeof MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes>;

function imported(regions?: string[], account?: string): { stack: Stack; accessPoint: Imported } {
  const stack = stackIn(new App(), 'Ops', 'us-east-1');
  return { stack, accessPoint: MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', regions, account }) };
}

/** A log target of a RegionalBucket in eu-west-1, made by `target` in the bucket's stack. */
function logsTo(target: (stack: Stack) => s3.IBucket): () => RegionalBucket {
  return bucket((stack) => ({ serverAccessLogsBucket: target(stack) }));
}

const choosingRegions: Mistake[] = [
  { name: 'a Region where S3 has no Multi-Region Access Points', property: 'regions', value: 'got mx-central-1 (S3 does not offer them there yet)', build: site({ regions: ['us-east-1', 'mx-central-1'] }) },
  { name: 'a new Asia Pacific Region without access points', property: 'regions', value: 'got ap-southeast-7', build: site({ regions: ['ap-southeast-1', 'ap-southeast-7'] }) },
  { name: 'a global Region without access points', property: 'globalRegion', value: 'got ap-southeast-5', build: site({ globalRegion: 'ap-southeast-5' }) },
  { name: 'a GovCloud global Region', property: 'globalRegion', value: 'got us-gov-west-1 (they are not offered in the aws-us-gov partition)', build: site({ globalRegion: 'us-gov-west-1' }) },
  { name: 'an isolated-partition Region', property: 'regions', value: 'got eu-isoe-west-1 (they are not offered in the aws-iso-e partition)', build: site({ regions: ['eu-west-1', 'eu-isoe-west-1'] }) },
  { name: 'a global Region in uppercase', property: 'globalRegion', value: "got 'US-EAST-1'", build: site({ globalRegion: 'US-EAST-1' }) },
  { name: 'an Availability Zone instead of a Region', property: 'regions', value: "not an Availability Zone), got 'us-east-1a'", build: site({ regions: ['us-east-1a', 'eu-west-1'] }) },
  { name: 'a Region without its number', property: 'regions', value: "got 'eu-west'", build: site({ regions: ['us-east-1', 'eu-west'] }) },
  { name: 'a primary Region in uppercase', property: 'primaryRegion', value: "got 'EU-WEST-1'", build: site({ primaryRegion: 'EU-WEST-1' }) },
  { name: 'a list of Regions that is a token', property: 'regions', value: 'must be a literal list of Region names (each needs its own stack), got a token', build: site({ regions: Token.asList({ Ref: 'Regions' }) }) },
  { name: 'a control-plane Region without a hyphen', property: 'routingControlPlaneRegion', value: "got 'us-west2'", build: site({ routing: Routing.activeActive(), routingControlPlaneRegion: 'us-west2' }) },
  { name: 'a control-plane Region that is not one of the five', property: 'routingControlPlaneRegion', value: "got 'us-east-2' (only these Regions have an S3 failover control endpoint)", build: site({ routing: Routing.activeActive(), routingControlPlaneRegion: 'us-east-2' }) },
  {
    name: 'the access point origin over an opt-in Region',
    property: 'distribution.origin',
    value: 'opt-in Regions (me-central-1)',
    build: site({ regions: ['eu-west-1', 'me-central-1'], distribution: {} }),
  },
  { name: 'a bucket of an access point in a Region without access points', property: 'buckets[1]', value: 'got mx-central-1', build: accessPointOver('mx-central-1') },
  { name: 'an access point in a stack of a Region without access points', property: 'scope', value: 'got stack Global in ap-east-2', build: accessPointOver('eu-west-1', 'ap-east-2') },
  {
    name: 'imported Regions in uppercase',
    property: 'regions',
    value: "got 'EU-WEST-1'",
    build: () => imported(['us-east-1', 'EU-WEST-1']),
  },
  { name: 'imported Regions without access points', property: 'regions', value: 'got ap-southeast-6', build: () => imported(['us-east-1', 'ap-southeast-6']) },
  { name: 'imported Regions in China', property: 'regions', value: 'got cn-north-1 (they are not offered in the aws-cn partition)', build: () => imported(['cn-north-1', 'us-east-1']) },
  {
    name: 'a control-plane Region in uppercase for routes',
    property: 'controlPlaneRegion',
    value: "got 'US-EAST-1'",
    build: () => {
      const { stack, accessPoint } = imported(REGIONS);
      return new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint, routing: Routing.activeActive(), controlPlaneRegion: 'US-EAST-1' });
    },
  },
  {
    name: 'a traffic dial for a Region in uppercase',
    property: 'routing',
    value: "got 'EU-WEST-1'",
    build: () => {
      const { stack, accessPoint } = imported();
      return new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint, routing: Routing.trafficDials({ 'us-east-1': 100, 'EU-WEST-1': 0 }) });
    },
  },
  { name: 'a misspelt active Region', property: 'routing', value: "got 'eu-wset-1'", build: site({ routing: Routing.activePassive({ activeRegions: ['eu-wset-1'] }) }) },
  { name: 'an Availability Zone as the active Region', property: 'routing', value: "got 'us-east-1a'", build: site({ routing: Routing.activePassive({ activeRegions: ['us-east-1a'] }) }) },
  // A Region this library does not know (yet) warns, so that a new Region does not block anyone.
  { name: 'a Region the table does not know', property: 'regions', value: 'names eu-east-3, a Region this version', warning: 'cdk-multi-region-bucket:unknownRegion', build: site({ regions: ['eu-west-1', 'eu-east-3'] }) },
  { name: 'a global Region the table does not know', property: 'globalRegion', value: 'names us-north-1', warning: 'cdk-multi-region-bucket:unknownRegion', build: site({ globalRegion: 'us-north-1' }) },
  {
    name: 'a traffic dial for a Region the table does not know',
    property: 'routing',
    value: 'names eu-east-3',
    warning: 'cdk-multi-region-bucket:unknownRegion',
    build: () => {
      const { stack, accessPoint } = imported();
      return new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint, routing: Routing.trafficDials({ 'us-east-1': 100, 'eu-east-3': 0 }) });
    },
  },
].map((row) => ({ ...row, group: 'choosing Regions' as const }));

const naming: Mistake[] = [
  { name: 'an access point name of two characters', property: 'multiRegionAccessPointName', value: "got 'ab'", build: site({ multiRegionAccessPointName: 'ab' }) },
  { name: 'an access point name ending with a hyphen', property: 'multiRegionAccessPointName', value: "got 'site-'", build: site({ multiRegionAccessPointName: 'site-' }) },
  {
    name: 'a stack name prefix that is already the name of your stack',
    property: 'stackNamePrefix',
    value: "got 'Web', which makes Web-global, already the name of stack Web",
    build: () => {
      const app = new App();
      new Stack(app, 'Web', { stackName: 'Web-global', env: { account: ACCOUNT, region: 'us-east-1' } });
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, stackNamePrefix: 'Web' });
    },
  },
  {
    name: 'a bucket name prefix that makes the name of one of your buckets',
    property: 'bucketNameBase',
    value: "got 'acme', which makes acme-eu-west-1, already the name of the bucket of Data/Bucket",
    build: () => {
      const app = new App();
      new RegionalBucket(stackIn(app, 'Data', 'eu-west-1'), 'Bucket', { bucketName: 'acme-eu-west-1' });
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, bucketNameBase: 'acme' });
    },
  },
  {
    name: 'one bucket name for two buckets',
    property: 'bucketName',
    value: "got 'shared-data', already the name of the bucket of Us/Bucket",
    build: () => {
      const app = new App();
      new RegionalBucket(stackIn(app, 'Us', 'us-east-1'), 'Bucket', { bucketName: 'shared-data' });
      return new RegionalBucket(stackIn(app, 'Eu', 'eu-west-1'), 'Bucket', { bucketName: 'shared-data' });
    },
  },
  {
    name: 'one access point name for two access points of one account',
    property: 'multiRegionAccessPointName',
    value: "got 'global-data', already the name of Global/AccessPoint",
    build: () => {
      const first = accessPointOver('eu-west-1', 'us-east-1', 'global-data')();
      const app = first.node.root as App;
      const buckets = ['us-west-2', 'eu-central-1'].map((r) => new RegionalBucket(stackIn(app, `More-${r}`, r), 'Data').bucket);
      return new MultiRegionAccessPoint(stackIn(app, 'Other', 'us-east-1'), 'AccessPoint', { buckets, multiRegionAccessPointName: 'global-data' });
    },
  },
].map((row) => ({ ...row, group: 'naming' as const }));

const severalBuckets: Mistake[] = [
  {
    name: 'two sites with one access point name',
    property: 'multiRegionAccessPointName',
    value: "got 'shared', already the name of Site/global/AccessPoint",
    build: siteThen({ multiRegionAccessPointName: 'shared' }, (_, app) => new MultiRegionBucket(app, 'Other', { regions: ['us-west-2', 'eu-central-1'], account: ACCOUNT, multiRegionAccessPointName: 'shared' })),
  },
  {
    name: 'two sites with one bucket name prefix',
    property: 'bucketNameBase',
    value: "got 'acme', which makes acme-us-east-1",
    build: siteThen({ bucketNameBase: 'acme' }, (_, app) => new MultiRegionBucket(app, 'Other', { regions: REGIONS, account: ACCOUNT, bucketNameBase: 'acme' })),
  },
  {
    name: 'two sites with one stack name prefix',
    property: 'stackNamePrefix',
    value: "got 'Site', which makes Site-us-east-1, already the name of stack Site/us-east-1",
    build: siteThen({}, (_, app) => new MultiRegionBucket(app, 'Other', { regions: REGIONS, account: ACCOUNT, stackNamePrefix: 'Site' })),
  },
  {
    name: 'two sites with one construct ID under different parents',
    property: 'stackNamePrefix',
    value: "(by default the construct ID) must give stack names that no other stack of account 111111111111 in us-east-1 has, got 'Site'",
    build: () => {
      const app = new App();
      new MultiRegionBucket(new Construct(app, 'TeamA'), 'Site', { regions: REGIONS, account: ACCOUNT });
      return new MultiRegionBucket(new Construct(app, 'TeamB'), 'Site', { regions: REGIONS, account: ACCOUNT });
    },
  },
  {
    // docs/adr/0027: inside a stack, the construct's stacks go to the Stage under its construct ID.
    name: 'a site inside a stack with the ID of a stack of the App',
    property: 'id',
    value: "got 'Site', already the ID of stack Site; give the MultiRegionBucket (or the other construct) another ID",
    build: () => {
      const app = new App();
      new Stack(app, 'Site');
      return new MultiRegionBucket(new Stack(app, 'MyAppStack'), 'Site', { regions: REGIONS, account: ACCOUNT });
    },
  },
  {
    name: 'two sites with one construct ID in two stacks (different stack name prefixes)',
    property: 'id',
    value: "must not be the ID of another construct of Stage Prod when MultiRegionBucket is inside a stack (Prod/Web): it creates its stacks in Stage Prod, under a construct with its own ID (Site/<region>, Site/global), got 'Site', already the ID of construct Prod/Site",
    build: () => {
      const stage = new Stage(new App(), 'Prod');
      new MultiRegionBucket(new Stack(stage, 'Api'), 'Site', { regions: REGIONS, account: ACCOUNT, stackNamePrefix: 'Api' });
      return new MultiRegionBucket(new Stack(stage, 'Web'), 'Site', { regions: REGIONS, account: ACCOUNT, stackNamePrefix: 'Web' });
    },
  },
  { name: 'one site in two Stages with one explicit stack name prefix', property: 'stackNamePrefix', value: "got 'Site', which makes Site-us-east-1", build: twoStages({ stackNamePrefix: 'Site' }) },
  { name: 'one site in two Stages with one access point name', property: 'multiRegionAccessPointName', value: "got 'site-data', already the name of Staging/Site/global/AccessPoint", build: twoStages({ multiRegionAccessPointName: 'site-data' }) },
  { name: 'one site in two Stages with one bucket name prefix', property: 'bucketNameBase', value: "got 'site', which makes site-us-east-1", build: twoStages({ bucketNameBase: 'site' }) },
  {
    name: 'your Regional stacks in another Stage',
    property: 'regionalStacks[0]',
    value: 'got Other/Mine-us-east-1 in Stage Other',
    build: () => {
      const app = new App();
      const other = new Stage(app, 'Other');
      const regionalStacks = REGIONS.map((r) => new Stack(other, `Mine-${r}`, { env: { account: ACCOUNT, region: r } }));
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, globalStack: stackIn(app, 'Global', 'us-east-1') });
    },
  },
  {
    name: 'your global stack in another Stage',
    property: 'globalStack',
    value: 'got Other/Global in Stage Other',
    build: () => {
      const app = new App();
      const regionalStacks = REGIONS.map((r) => stackIn(app, `Mine-${r}`, r));
      const globalStack = new Stack(new Stage(app, 'Other'), 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, globalStack });
    },
  },
  {
    name: 'an access point over a bucket of another Stage',
    property: 'buckets[1]',
    value: 'got Eu/Data-eu-west-1/Data/Bucket in Stage Eu',
    build: () => {
      const app = new App();
      const us = new RegionalBucket(stackIn(app, 'Data-us-east-1', 'us-east-1'), 'Data').bucket;
      const eu = new RegionalBucket(new Stack(new Stage(app, 'Eu'), 'Data-eu-west-1', { env: { account: ACCOUNT, region: 'eu-west-1' } }), 'Data').bucket;
      return new MultiRegionAccessPoint(stackIn(app, 'Global', 'us-east-1'), 'AccessPoint', { buckets: [us, eu] });
    },
  },
  {
    name: 'replication to a bucket of another Stage',
    property: 'destinations[0].bucket',
    value: 'got Dr/Replica/Replica/Bucket in Stage Dr',
    build: () => {
      const f = replicationFixture();
      const replica = new RegionalBucket(new Stack(new Stage(f.app, 'Dr'), 'Replica', { env: { account: ACCOUNT, region: 'us-west-2' } }), 'Replica').bucket;
      return new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: replica }] });
    },
  },
  {
    name: 'a mesh over a bucket of another Stage',
    property: 'buckets[1]',
    value: 'got Dr/Replica/Replica/Bucket in Stage Dr',
    build: () => {
      const f = replicationFixture();
      const replica = new RegionalBucket(new Stack(new Stage(f.app, 'Dr'), 'Replica', { env: { account: ACCOUNT, region: 'us-west-2' } }), 'Replica').bucket;
      return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [f.source, replica] });
    },
  },
].map((row) => ({ ...row, group: 'several buckets or Stages' as const }));

/** A bucket with Object Lock in `stack`. */
const locked = (stack: Stack, id: string) => new RegionalBucket(stack, id, { objectLockEnabled: true }).bucket;

const replication: Mistake[] = [
  {
    name: 'Object Lock on the source but not on the destination',
    property: 'destinations[0].bucket',
    value: "must have Object Lock enabled because 'source' has it (S3 replicates locked objects only to buckets with Object Lock), got Destination/Replica/Bucket without it",
    build: () => {
      const f = replicationFixture();
      return new BucketReplication(f.sourceStack, 'Replication', { source: locked(f.sourceStack, 'Locked'), destinations: [{ bucket: f.destination }] });
    },
  },
  {
    name: 'Object Lock on one bucket of a mesh only',
    property: 'buckets[1]',
    value: "because 'buckets[0]' has it",
    build: () => {
      const f = replicationFixture();
      return new ReplicationMesh(stackIn(f.app, 'Global', 'us-east-1'), 'Mesh', { buckets: [locked(f.sourceStack, 'Locked'), f.destination] });
    },
  },
  { name: 'alarm topics with replication off', property: 'alarmTopics', value: "is true but 'replication' is Replication.none()", build: site({ replication: Replication.none(), alarmTopics: true }) },
  {
    name: 'alarm topics without replication metrics',
    property: 'alarmTopics',
    value: 'but replication metrics are off',
    warning: 'cdk-multi-region-bucket:alarmTopicsWithoutAlarms',
    build: site({ alarmTopics: true }),
  },
  {
    name: 'replicas in DEEP_ARCHIVE behind active-active routing',
    property: 'replication.storageClass',
    value: 'is DEEP_ARCHIVE, and the access point routes requests to Regions that hold replicas (us-east-1, eu-west-1, ap-southeast-2)',
    warning: 'cdk-multi-region-bucket:archiveReplicasBehindActiveRouting',
    build: site({ replication: Replication.twoWay({ storageClass: s3.StorageClass.DEEP_ARCHIVE }) }),
  },
  {
    name: 'replicas in GLACIER with one-way replication and an active replica Region',
    property: 'replication.storageClass',
    value: 'is GLACIER, and the access point routes requests to Regions that hold replicas (eu-west-1)',
    warning: 'cdk-multi-region-bucket:archiveReplicasBehindActiveRouting',
    build: site({ replication: Replication.oneWay({ storageClass: s3.StorageClass.GLACIER }), routing: Routing.activePassive({ activeRegions: ['us-east-1', 'eu-west-1'] }) }),
  },
  {
    name: 'no replication behind active-active routing',
    property: 'replication',
    value: 'is Replication.none() but 3 Regions are active',
    warning: 'cdk-multi-region-bucket:activeRoutingWithoutReplication',
    build: site({ replication: Replication.none() }),
  },
].map((row) => ({ ...row, group: 'replication' as const }));

const accessPointAndRouting: Mistake[] = [
  {
    name: 'a grant on the access point to a role of another account\'s stack',
    property: 'grantee',
    value: `of grants.read() must be in a stack of account ${ACCOUNT}, the access point's, got Site/eu-west-1/Reader in stack Site-eu-west-1 of account ${OTHER_ACCOUNT}`,
    build: siteThen({ accounts: { 'eu-west-1': OTHER_ACCOUNT } }, (s) =>
      s.grants.read(new iam.Role(s.stackIn('eu-west-1'), 'Reader', { roleName: 'reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }))),
  },
  {
    name: 'managing the access point from a role of another account\'s stack',
    property: 'grantee',
    value: `of grants.manage() must be in a stack of account ${ACCOUNT}, the access point's, got Ops/Operator in stack Ops of account ${OTHER_ACCOUNT}`,
    build: siteThen({}, (s, app) => s.grants.manage(new iam.Role(new Stack(app, 'Ops', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } }), 'Operator', {
      roleName: 'operator', assumedBy: new iam.AccountRootPrincipal(),
    }))),
  },
  {
    name: 'routes for the access point in another account\'s stack',
    property: 'accessPoint',
    value: `must be created in a stack of account ${OTHER_ACCOUNT}, the routes' stack's, got Site/global/AccessPoint in stack Site-global of account ${ACCOUNT}`,
    build: siteThen({}, (s, app) => new MultiRegionAccessPointRoutes(new Stack(app, 'Ops', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } }), 'Failover', {
      accessPoint: s.accessPoint, routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
    })),
  },
  {
    name: 'a grant on an imported access point to another account',
    property: 'grantee',
    value: `of grants.read() must be a principal of account ${ACCOUNT}, which owns the imported access point, got one of account ${OTHER_ACCOUNT}`,
    build: () => imported().accessPoint.grants.read(new iam.AccountPrincipal(OTHER_ACCOUNT)),
  },
  {
    name: 'a grant on an imported access point to a service',
    property: 'grantee',
    value: 'of grants.write() must be a principal that can take an identity policy (a role, user or group), got ServicePrincipal(lambda.amazonaws.com)',
    build: () => imported().accessPoint.grants.write(new iam.ServicePrincipal('lambda.amazonaws.com')),
  },
  {
    name: 'a grant on an imported access point to the account root',
    property: 'grantee',
    value: 'of grants.readWrite() must be a principal that can take an identity policy',
    build: () => imported().accessPoint.grants.readWrite(new iam.AccountRootPrincipal()),
  },
  {
    name: 'a grant on an imported access point of another account to a role of this one',
    property: 'grantee',
    value: `which owns the imported access point, got one of account ${ACCOUNT}`,
    build: () => {
      const { stack, accessPoint } = imported(undefined, OTHER_ACCOUNT);
      return accessPoint.grants.read(new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    },
  },
  {
    name: 'a generic grant on an imported access point to another account',
    property: 'grantee',
    value: `of grants.actions() must be a principal of account ${ACCOUNT}, which owns the imported access point, got one of account ${OTHER_ACCOUNT}`,
    build: () => imported().accessPoint.grants.actions(new iam.AccountPrincipal(OTHER_ACCOUNT), 's3:GetObjectAcl'),
  },
  {
    name: 'a generic grant of an action of another service',
    property: 'actions',
    value: "got 'sqs:SendMessage'",
    build: () => imported().accessPoint.grants.actions(new iam.AccountRootPrincipal(), 's3:GetObject', 'sqs:SendMessage'),
  },
  {
    name: 'a generic grant of no action',
    property: 'actions',
    value: 'must include at least one S3 action (s3:...), got none',
    build: () => imported().accessPoint.grants.actions(new iam.AccountRootPrincipal()),
  },
  {
    name: 'a generic grant of key actions only',
    property: 'actions',
    value: 'got only kms:Decrypt',
    build: () => imported().accessPoint.grants.actions(new iam.AccountRootPrincipal(), 'kms:Decrypt'),
  },
  {
    name: 'a generic grant of a key action where no bucket key is known',
    property: 'actions',
    value: 'includes kms:ReEncryptFrom, but no bucket behind the access point has an SSE-KMS key this app knows',
    build: () => imported().accessPoint.grants.actions(new iam.AccountRootPrincipal(), 's3:GetObject', 'kms:ReEncryptFrom'),
  },
].map((row) => ({ ...row, group: 'access point and routing' as const }));

const cloudFront: Mistake[] = [
  {
    name: 'a domain name listed twice',
    property: 'domainNames',
    value: 'got www.example.com twice',
    build: distribution((stack) => ({ domainNames: ['www.example.com', 'example.com', 'www.example.com'], certificate: certificate(stack) })),
  },
  {
    name: 'a domain name listed twice in different cases',
    property: 'domainNames',
    value: 'got WWW.example.com twice',
    build: distribution((stack) => ({ domainNames: ['www.example.com', 'WWW.example.com'], certificate: certificate(stack) })),
  },
  {
    name: 'a domain name listed twice on the site',
    property: 'distribution.domainNames',
    value: 'got cdn.example.com twice',
    build: () => {
      const app = new App();
      const edge = stackIn(app, 'Certs', 'us-east-1');
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, distribution: { domainNames: ['cdn.example.com', 'cdn.example.com'], certificate: certificate(edge) } });
    },
  },
  {
    name: 'standard logging to a bucket with ACLs disabled (the default)',
    property: 'logBucket',
    value: 'got Edge/Logs with ACLs disabled (BucketOwnerEnforced, the default of new buckets)',
    build: distribution((stack) => ({ logBucket: new s3.Bucket(stack, 'Logs') })),
  },
  {
    name: 'standard logging to a bucket that enforces bucket ownership',
    property: 'logBucket',
    value: 'with ACLs disabled (BucketOwnerEnforced)',
    build: distribution((stack) => ({ logBucket: new s3.Bucket(stack, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED }) })),
  },
  {
    name: 'standard logging to a RegionalBucket (ACLs disabled)',
    property: 'logBucket',
    value: 'got Edge/Logs/Bucket with ACLs disabled',
    build: distribution((stack) => ({ logBucket: new RegionalBucket(stack, 'Logs').bucket })),
  },
  {
    name: 'standard logging to a bucket in an opt-in Region',
    property: 'logBucket',
    value: 'CloudFront does not deliver standard logs there), got Edge/Logs in af-south-1',
    build: distribution((stack) => ({ logBucket: s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'logs-af', region: 'af-south-1' }) })),
  },
  {
    name: 'standard logging of the site to a bucket with ACLs disabled',
    property: 'distribution.logBucket',
    value: 'got Logs/Logs with ACLs disabled',
    build: () => {
      const app = new App();
      const logBucket = new s3.Bucket(stackIn(app, 'Logs', 'us-east-1'), 'Logs');
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, distribution: { logBucket } });
    },
  },
  {
    name: 'a Regional failover origin that falls back to a Region outside the set',
    property: 'distribution.origin',
    value: "fallbackRegion must be one of 'regions' other than the primary (eu-west-1, ap-southeast-2), got us-west-2",
    build: site({ distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'us-west-2' }) } }),
  },
  {
    name: 'a Regional failover origin whose fallback Region is a token',
    property: 'distribution.origin',
    value: 'fallbackRegion must be a literal Region name (it picks the bucket of that Region), got a token',
    build: site({ distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: Aws.REGION }) } }),
  },
  {
    name: 'a Regional failover origin that falls back to the primary',
    property: 'distribution.origin',
    value: 'fallbackRegion must differ from the primary Region, got eu-west-1, the primary',
    build: site({ primaryRegion: 'eu-west-1', distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'eu-west-1' }) } }),
  },
  {
    name: 'a Regional failover origin of the site that fails over on 200',
    property: 'fallbackStatusCodes',
    value: 'must be among 400, 403, 404, 416, 500, 502, 503, 504, got 200',
    build: site({ distribution: { origin: DistributionOrigin.regionalFailover({ fallbackStatusCodes: [200, 503] }) } }),
  },
  {
    name: 'no access levels for the access point origin of the site',
    property: 'originAccessLevels',
    value: 'must not be empty, got []',
    build: site({ distribution: { origin: DistributionOrigin.multiRegionAccessPoint({ originAccessLevels: [] }) } }),
  },
  {
    name: 'the access point origin of the site with a bucket in an opt-in Region',
    property: 'distribution.origin',
    value: 'DistributionOrigin.multiRegionAccessPoint() cannot be used with opt-in Regions (af-south-1)',
    build: () => new MultiRegionBucket(new App(), 'Site', { regions: ['eu-west-1', 'af-south-1'], account: ACCOUNT, distribution: {} }),
  },
  { name: 'a log retention of hours', property: 'logRetention', value: 'got 1 day 12 hours; use Duration.days()', build: distribution(() => ({ logRetention: Duration.hours(36) })) },
  { name: 'a log retention of 0 days', property: 'logRetention', value: 'at least 1, got 0 days', build: distribution(() => ({ logRetention: Duration.days(0) })) },
  { name: 'a log retention of minutes on the site', property: 'distribution.logRetention', value: 'got 1 hour 30 minutes', build: site({ distribution: { logRetention: Duration.minutes(90) } }) },
  { name: 'SNAPSHOT for the log bucket', property: 'logBucketRemovalPolicy', value: 'got SNAPSHOT', build: distribution(() => ({ logBucketRemovalPolicy: RemovalPolicy.SNAPSHOT })) },
  { name: 'SNAPSHOT for the log bucket of the site', property: 'distribution.logBucketRemovalPolicy', value: 'got SNAPSHOT', build: site({ distribution: { logBucketRemovalPolicy: RemovalPolicy.SNAPSHOT } }) },
  {
    name: 'standard logging of the site to a bucket in an opt-in Region',
    property: 'distribution.logBucket',
    value: 'got Logs/Logs in me-south-1',
    build: () => {
      const app = new App();
      const logBucket = s3.Bucket.fromBucketAttributes(stackIn(app, 'Logs', 'us-east-1'), 'Logs', { bucketName: 'logs-me', region: 'me-south-1' });
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, distribution: { logBucket } });
    },
  },
].map((row) => ({ ...row, group: 'CloudFront' as const }));

const encryptionAndGrants: Mistake[] = [
  {
    name: 'the account as Aws.ACCOUNT_ID',
    property: 'account',
    value: 'got a token (such as Aws.ACCOUNT_ID)',
    build: site({ account: Aws.ACCOUNT_ID }),
  },
].map((row) => ({ ...row, group: 'encryption and grants' as const }));

const logging: Mistake[] = [
  {
    name: 'access logs to a bucket of another Region',
    property: 'serverAccessLogsBucket',
    value: "must be in the bucket's Region eu-west-1 (S3 delivers access logs only within a Region), got Data/Logs in us-east-1",
    build: logsTo((stack) => s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'logs-us', region: 'us-east-1' })),
  },
  {
    name: 'access logs to a bucket of another account',
    property: 'serverAccessLogsBucket',
    value: `got Data/Logs in ${OTHER_ACCOUNT}`,
    build: logsTo((stack) => s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'logs-partner', account: OTHER_ACCOUNT, region: 'eu-west-1' })),
  },
  {
    name: 'access logs to a bucket with a customer managed key',
    property: 'serverAccessLogsBucket',
    value: 'got Data/Logs with SSE-KMS',
    build: logsTo((stack) => new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS })),
  },
  {
    name: 'access logs to a bucket with the AWS managed key',
    property: 'serverAccessLogsBucket',
    value: 'got Data/Logs with SSE-KMS',
    build: logsTo((stack) => new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS_MANAGED })),
  },
  {
    name: 'access logs to a KMS RegionalBucket',
    property: 'serverAccessLogsBucket',
    value: 'got Data/Logs/Bucket with SSE-KMS',
    build: logsTo((stack) => new RegionalBucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS }).bucket),
  },
  {
    name: 'access logs to a bucket with Object Lock',
    property: 'serverAccessLogsBucket',
    value: 'got Data/Logs with Object Lock enabled',
    build: logsTo((stack) => new s3.Bucket(stack, 'Logs', { objectLockEnabled: true })),
  },
].map((row) => ({ ...row, group: 'logging' as const }));

const lifecycle: Mistake[] = [
  { name: 'SNAPSHOT for a bucket', property: 'removalPolicy', value: 'got SNAPSHOT (S3 buckets and KMS keys have no snapshots', build: bucket(() => ({ removalPolicy: RemovalPolicy.SNAPSHOT })) },
  { name: 'SNAPSHOT for the site', property: 'removalPolicy', value: 'got SNAPSHOT', build: site({ removalPolicy: RemovalPolicy.SNAPSHOT }) },
  { name: 'a noncurrent-version expiry of minutes on the site', property: 'noncurrentVersionExpiration', value: 'got 1 hour 30 minutes', build: site({ noncurrentVersionExpiration: Duration.minutes(90) }) },
  { name: 'a noncurrent-version expiry of a day and a half', property: 'noncurrentVersionExpiration', value: 'got 1 day 12 hours', build: bucket(() => ({ noncurrentVersionExpiration: Duration.days(1.5) })) },
  { name: 'a noncurrent-version expiry of seconds', property: 'noncurrentVersionExpiration', value: 'got 0 seconds', build: bucket(() => ({ noncurrentVersionExpiration: Duration.seconds(0) })) },
].map((row) => ({ ...row, group: 'lifecycle and retention' as const }));

const tags: Mistake[] = [
  { name: 'a tag key with the aws: prefix', property: 'tags', value: "got 'aws:owner'", build: site({ tags: { 'aws:owner': 'platform' } }) },
  { name: 'a tag key with the AWS: prefix in uppercase', property: 'tags', value: "got 'AWS:Owner'", build: site({ tags: { 'AWS:Owner': 'platform' } }) },
  { name: 'an empty tag key', property: 'tags', value: "keys must be 1 to 128 characters, got '' (0)", build: site({ tags: { '': 'x' } }) },
  { name: 'a blank tag key', property: 'tags', value: "got ' ' (1)", build: site({ tags: { ' ': 'x' } }) },
  { name: 'a tag key of 129 characters', property: 'tags', value: '(129)', build: site({ tags: { ['k'.repeat(129)]: 'x' } }) },
  { name: 'a tag value of 257 characters', property: 'tags', value: "got 257 for 'team'", build: site({ tags: { team: 'v'.repeat(257) } }) },
  { name: '51 tags', property: 'tags', value: 'at most 50 tags (S3 and CloudFormation stacks accept no more), got 51', build: site({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])) }) },
].map((row) => ({ ...row, group: 'tags' as const }));


/** Every mistake, by what the user was trying to do. */
export const MISTAKES: Mistake[] = [
  ...choosingRegions,
  ...naming,
  ...severalBuckets,
  ...replication,
  ...MONITORING_MISTAKES,
  ...BACKFILL_MISTAKES,
  ...ACCOUNTS_MISTAKES,
  ...accessPointAndRouting,
  ...cloudFront,
  ...encryptionAndGrants,
  ...GRANT_MISTAKES,
  ...logging,
  ...lifecycle,
  ...tags,
  ...FAILOVER_MISTAKES,
  ...ADOPTION_MISTAKES,
];

/** The mistakes that are refused. */
export const REFUSED_MISTAKES = MISTAKES.filter((m) => m.warning === undefined);

/** The legal but probably wrong inputs, which warn. */
export const WARNED_MISTAKES = MISTAKES.filter((m) => m.warning !== undefined);
