/**
 * The transition table: changes users make to a deployed setup, each a pair of configurations and
 * what one `cdk deploy --all` from the first to the second must do. `transitions.test.ts` runs the
 * checker on every row; `report.ts` renders the table into the README ("Changing a deployed setup").
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Configuration } from './synth';
import {
  DistributionOrigin, DistributionWebAcl, MultiRegionBucket, MultiRegionBucketProps, RegionalBucket, ReplicationMesh, ReplicationMode, Routing,
} from '../../src';
import { ACCOUNT } from '../util/stacks';

/** What a row must come to. */
export type Expectation = 'deploys safely' | 'refused at synth time' | 'runbook';

/** One step of a runbook: a deploy to a configuration (checked), or something done by hand (described). */
export interface RunbookStep {
  readonly what: string;
  /** The configuration this step deploys; none for a step done outside `cdk deploy`. */
  readonly to?: Configuration;
}

export interface TransitionRow {
  /** The change, as a user would name it. */
  readonly change: string;
  readonly from: Configuration;
  readonly to: Configuration;
  readonly expect: Expectation;
  /** For 'refused at synth time': what the error must say (what changed, and the way out). */
  readonly refusal?: RegExp;
  /** For 'runbook': the steps from `from` that reach `to`, each deploy a safe transition. */
  readonly steps?: RunbookStep[];
  /** What the user sees after the deploy (README). */
  readonly sees: string;
}

const US = 'us-east-1';
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;

type Props = Omit<MultiRegionBucketProps, 'account'>;

/** A `MultiRegionBucket` with id `Site` (or `id`) in a fresh app. */
function site(name: string, props: Props, id = 'Site'): Configuration {
  return { name, build: (app) => { new MultiRegionBucket(app, id, { account: ACCOUNT, ...props }); } };
}

const TWO: Props = { regions: [US, EU] };
const THREE: Props = { regions: [US, EU, AP] };
const RTC = { replicationTimeControl: true };

/** The props of examples/active-active-site (its `app.ts`) over `regions`; `test/lifecycle` checks they synthesize the example. */
export function activeActiveSiteProps(regions: string[]): MultiRegionBucketProps {
  return {
    regions,
    account: ACCOUNT,
    replicationOptions: { replicationTimeControl: true },
    distribution: { singlePageApp: true, comment: 'active-active-site' },
    tags: { project: 'active-active-site' },
  };
}

function activeActiveSite(name: string, regions: string[]): Configuration {
  return { name, build: (app) => { new MultiRegionBucket(app, 'ActiveActiveSite', activeActiveSiteProps(regions)); } };
}

/** Building blocks: a `RegionalBucket` per Region in its own stack, and a `ReplicationMesh` over them in a global stack. */
function mesh(name: string, regions: string[], oneBucketPerRegion?: boolean): Configuration {
  return {
    name,
    build: (app: App) => {
      const buckets = [US, EU, AP].map((region) => new RegionalBucket(new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } }), 'Data', {
        bucketName: `data-${ACCOUNT}-${region}`,
      }));
      const globalStack = new Stack(app, 'Global', { env: { account: ACCOUNT, region: US } });
      new ReplicationMesh(globalStack, 'Replication', {
        buckets: regions.map((r) => buckets.find((b) => b.bucket.env.region === r)!.bucket),
        oneBucketPerRegion,
      });
    },
  };
}

/** Two `MultiRegionBucket`s (or one) in shared stacks: one per Region and a global one. */
function shared(name: string, ids: string[]): Configuration {
  return {
    name,
    build: (app: App) => {
      const regionalStacks = [US, EU].map((region) => new Stack(app, `Shared-${region}`, { env: { account: ACCOUNT, region } }));
      const globalStack = new Stack(app, 'Shared-global', { env: { account: ACCOUNT, region: US } });
      for (const id of ids) new MultiRegionBucket(app, id, { account: ACCOUNT, regions: [US, EU], regionalStacks, globalStack });
    },
  };
}

const twoWay = site('two-way, 2 Regions', TWO);
const twoWay3 = site('two-way, 3 Regions', THREE);
const twoWayRtc = site('two-way, RTC', { ...TWO, replicationOptions: RTC });
const twoWayMetrics = site('two-way, metrics', { ...TWO, replicationOptions: { metrics: true } });
const oneWay = site('one-way', { ...TWO, replication: ReplicationMode.ONE_WAY });
const oneWayRtc = site('one-way, RTC', { ...TWO, replication: ReplicationMode.ONE_WAY, replicationOptions: RTC });
const oneWayEu = site('one-way, primary eu-west-1', { ...TWO, replication: ReplicationMode.ONE_WAY, primaryRegion: EU });
const none = site('no replication', { ...TWO, replication: ReplicationMode.NONE });
const kms = site('two-way, SSE-KMS', { ...TWO, encryption: s3.BucketEncryption.KMS });
const cloudFront = site('two-way, CloudFront', { ...TWO, distribution: {} });
const cloudFrontFailover = site('two-way, CloudFront Regional failover', { ...TWO, distribution: { origin: DistributionOrigin.REGIONAL_FAILOVER } });
const cloudFrontWaf = site('two-way, CloudFront with WAF', { ...TWO, distribution: { webAcl: DistributionWebAcl.awsManagedRules() } });
const cloudFrontDomain: Configuration = {
  name: 'two-way, CloudFront with a domain',
  build: (app) => {
    // An imported certificate needs a scope in a stack; this one stays empty.
    const certificate = acm.Certificate.fromCertificateArn(new Stack(app, 'Certificates', { env: { account: ACCOUNT, region: US } }), 'Certificate', CERTIFICATE);
    new MultiRegionBucket(app, 'Site', { account: ACCOUNT, ...TWO, distribution: { domainNames: ['www.example.com'], certificate } });
  },
};
const activePassive = site('active-passive, us-east-1 active', { ...TWO, routing: Routing.activePassive({ activeRegions: [US] }) });
const activePassiveEu = site('active-passive, eu-west-1 active', { ...TWO, routing: Routing.activePassive({ activeRegions: [EU] }) });
const named = site('access point named site-a', { ...TWO, accessPointName: 'site-a' });
const renamed = site('access point named site-b', { ...TWO, accessPointName: 'site-b' });
const prefixed = site('stack prefix Site', { ...TWO, stackNamePrefix: 'Site' });
const idRenamed = site('construct id Website, stack prefix Site', { ...TWO, stackNamePrefix: 'Site' }, 'Website');
const newPrefix = site('stack prefix Web', { ...TWO, stackNamePrefix: 'Web' });
const westGlobal = site('global stack in us-west-2, access point renamed', { ...TWO, globalRegion: 'us-west-2', accessPointName: 'site-west' });
const destroy = site('removal policy DESTROY', { ...TWO, removalPolicy: RemovalPolicy.DESTROY });
const kmsPrefixed = site('SSE-KMS, stack prefix Site', { ...TWO, stackNamePrefix: 'Site', encryption: s3.BucketEncryption.KMS });
const kmsIdRenamed = site('SSE-KMS, construct id Website, stack prefix Site', { ...TWO, stackNamePrefix: 'Site', encryption: s3.BucketEncryption.KMS }, 'Website');
const mesh2 = mesh('mesh of 2', [US, EU]);
const mesh3 = mesh('mesh of 3', [US, EU, AP]);
const meshByPosition = mesh('mesh of 3, not one bucket per Region', [US, EU, AP], false);
const site3 = activeActiveSite('active-active-site', [US, EU, AP]);
const objectLockNew = site('Object Lock, as a second bucket', { ...TWO, objectLockEnabled: true }, 'Locked');

export const TRANSITIONS: TransitionRow[] = [
  {
    change: 'add a Region',
    from: twoWay,
    to: twoWay3,
    expect: 'deploys safely',
    sees: 'a new Regional stack; a new access point (new alias, ARN and host name) replaces the old one; replication to and from the new Region. Existing objects are not copied to the new bucket (S3 Batch Replication does that)',
  },
  {
    change: 'remove a Region',
    from: twoWay3,
    to: twoWay,
    expect: 'deploys safely',
    sees: "a new access point over the remaining Regions; the removed Region's stack stays deployed with its bucket (retained, with its objects) until you `cdk destroy` it",
  },
  {
    change: 'reorder the Regions (same primary)',
    from: twoWay3,
    to: site('two-way, 3 Regions reordered', { regions: [US, AP, EU] }),
    expect: 'deploys safely',
    sees: 'nothing changes: resources are keyed by Region, not by position',
  },
  {
    change: 'change the primary (one-way)',
    from: oneWay,
    to: oneWayEu,
    expect: 'deploys safely',
    sees: 'replication now runs from eu-west-1; routing follows the new primary',
  },
  {
    change: 'two-way → one-way',
    from: twoWay,
    to: oneWay,
    expect: 'deploys safely',
    sees: 'the primary keeps replicating (its configuration is handed over, never deleted); the other buckets stop replicating; routing becomes active-passive',
  },
  {
    change: 'one-way → two-way',
    from: oneWay,
    to: twoWay,
    expect: 'deploys safely',
    sees: 'every bucket replicates to every other; routing becomes active-active',
  },
  { change: 'two-way → none', from: twoWay, to: none, expect: 'deploys safely', sees: 'replication stops (the configurations are deleted); the buckets keep their objects' },
  { change: 'none → two-way', from: none, to: twoWay, expect: 'deploys safely', sees: 'replication starts for new objects; existing objects need S3 Batch Replication' },
  { change: 'one-way → none', from: oneWay, to: none, expect: 'deploys safely', sees: 'replication from the primary stops' },
  { change: 'none → one-way', from: none, to: oneWay, expect: 'deploys safely', sees: 'the primary starts replicating new objects' },
  { change: 'RTC on (two-way)', from: twoWay, to: twoWayRtc, expect: 'deploys safely', sees: 'Replication Time Control and metrics on every rule; replication alarms and alarm topics appear' },
  { change: 'RTC off (two-way)', from: twoWayRtc, to: twoWay, expect: 'deploys safely', sees: 'the alarms and topics leave (the topic keys are retained)' },
  { change: 'RTC on (one-way)', from: oneWay, to: oneWayRtc, expect: 'deploys safely', sees: "RTC on the primary's rules; alarms in the primary's Region" },
  { change: 'metrics on', from: twoWay, to: twoWayMetrics, expect: 'deploys safely', sees: 'replication metrics, alarms and alarm topics' },
  { change: 'metrics off', from: twoWayMetrics, to: twoWay, expect: 'deploys safely', sees: 'the alarms and topics leave' },
  {
    change: 'KMS on',
    from: twoWay,
    to: kms,
    expect: 'deploys safely',
    sees: 'a key and alias per Region; new objects are encrypted with it, existing ones keep SSE-S3',
  },
  { change: 'KMS off', from: kms, to: twoWay, expect: 'deploys safely', sees: 'new objects use SSE-S3; the keys are retained, so objects encrypted with them stay readable' },
  {
    change: 'Object Lock on',
    from: twoWay,
    to: objectLockNew,
    expect: 'runbook',
    steps: [
      { what: 'add a second `MultiRegionBucket` (a new construct id) with `objectLockEnabled: true`', to: { name: 'both buckets, Object Lock on the new one', build: (app) => { twoWay.build(app); objectLockNew.build(app); } } },
      { what: 'copy the objects into the new buckets (S3 Batch Operations) and move clients to the new access point alias' },
      { what: 'remove the old `MultiRegionBucket`; its stacks stay deployed with their retained buckets until you `cdk destroy` them', to: objectLockNew },
    ],
    sees: 'Object Lock can only be turned on when a bucket is created (changing it replaces the bucket with an empty one), so the data moves to new buckets',
  },
  { change: 'CloudFront added', from: twoWay, to: cloudFront, expect: 'deploys safely', sees: 'a distribution over the access point; its domain is an output' },
  { change: 'CloudFront removed', from: cloudFront, to: twoWay, expect: 'deploys safely', sees: 'the distribution is deleted; its log bucket is retained' },
  {
    change: 'CloudFront origin switched to Regional failover',
    from: cloudFront,
    to: cloudFrontFailover,
    expect: 'deploys safely',
    sees: 'the same distribution (same domain) now reads the primary bucket and fails over to the next Region',
  },
  {
    change: 'active-active → active-passive',
    from: twoWay,
    to: activePassive,
    expect: 'deploys safely',
    sees: 'the routes are submitted (about two minutes) and read back into an output',
  },
  { change: 'fail over (active Region switched)', from: activePassive, to: activePassiveEu, expect: 'deploys safely', sees: 'only the global stack changes: the routes flip' },
  {
    change: 'active-passive → active-active',
    from: activePassive,
    to: twoWay,
    expect: 'deploys safely',
    sees: 'every Region active again',
  },
  { change: 'WAF added', from: cloudFront, to: cloudFrontWaf, expect: 'deploys safely', sees: 'a web ACL in us-east-1 attached to the same distribution' },
  { change: 'domain added', from: cloudFront, to: cloudFrontDomain, expect: 'deploys safely', sees: 'the same distribution answers for the domain (point the DNS name at it)' },
  {
    change: 'access point renamed',
    from: named,
    to: renamed,
    expect: 'deploys safely',
    sees: 'a new access point (new alias); the old one is deleted. Move clients that use the old alias',
  },
  {
    change: 'construct id renamed (same stack prefix)',
    from: prefixed,
    to: idRenamed,
    expect: 'deploys safely',
    sees: 'the same stacks; resources keyed by meaning keep their names',
  },
  {
    change: 'construct id renamed (same stack prefix, SSE-KMS)',
    from: kmsPrefixed,
    to: kmsIdRenamed,
    expect: 'deploys safely',
    sees: 'the same stacks; the keys and their aliases (`alias/<prefix>-<region>`) stay',
  },
  {
    change: 'stack prefix changed',
    from: prefixed,
    to: newPrefix,
    expect: 'runbook',
    steps: [
      { what: 'deploy with the new `stackNamePrefix`: new stacks with new buckets and a new access point next to the old ones', to: newPrefix },
      { what: 'copy the objects (S3 Batch Operations), move clients, then `cdk destroy` the old stacks (their buckets are retained)' },
    ],
    sees: 'CloudFormation cannot rename a stack: new stacks are created and the old ones stay deployed',
  },
  {
    change: '`globalRegion` moved',
    from: twoWay,
    to: westGlobal,
    expect: 'runbook',
    steps: [
      { what: 'deploy with the new `globalRegion` and a new `accessPointName` (an access point name is unique in the account)', to: westGlobal },
      { what: 'move clients to the new alias, then `cdk destroy` the old global stack' },
    ],
    sees: 'a stack in another Region is a new stack: the old global stack stays until you destroy it',
  },
  { change: 'bucket added to a `ReplicationMesh`', from: mesh2, to: mesh3, expect: 'deploys safely', sees: 'the new bucket joins the mesh' },
  { change: 'bucket removed from a `ReplicationMesh`', from: mesh3, to: mesh2, expect: 'deploys safely', sees: 'the removed bucket stops replicating; the others stop replicating to it' },
  { change: '`ReplicationMesh` members reordered', from: mesh3, to: mesh('mesh of 3, reordered', [AP, US, EU]), expect: 'deploys safely', sees: 'nothing changes' },
  {
    change: '`ReplicationMesh` members reordered (`oneBucketPerRegion: false`)',
    from: meshByPosition,
    to: mesh('mesh of 3, not one bucket per Region, reordered', [AP, US, EU], false),
    expect: 'deploys safely',
    sees: 'nothing changes: each configuration is keyed by its bucket, not its position',
  },
  {
    change: 'second `MultiRegionBucket` in shared stacks',
    from: shared('shared stacks, one bucket', ['Site']),
    to: shared('shared stacks, two buckets', ['Site', 'Media']),
    expect: 'deploys safely',
    sees: 'the second bucket joins the same stacks; the first is untouched',
  },
  { change: '`removalPolicy` RETAIN → DESTROY', from: twoWay, to: destroy, expect: 'deploys safely', sees: 'only the deletion policies change; nothing is deleted now' },
  {
    change: '`active-active-site`: add a Region',
    from: site3,
    to: activeActiveSite('active-active-site + us-west-2', [US, EU, AP, 'us-west-2']),
    expect: 'deploys safely',
    sees: 'a new stack `ActiveActiveSite-us-west-2`; a new access point replaces the old one (new alias: the `ActiveActiveSiteAccessPointAlias` output changes); the distribution is updated in the same deploy to read through the new alias (same domain); replication and alarms for the new pairs',
  },
  {
    change: '`active-active-site`: remove a Region',
    from: site3,
    to: activeActiveSite('active-active-site - ap-southeast-2', [US, EU]),
    expect: 'deploys safely',
    sees: 'a new access point over us-east-1 and eu-west-1 (new alias), the distribution follows it; `ActiveActiveSite-ap-southeast-2` stays deployed with its bucket and objects (retained) until you `cdk destroy` it',
  },
];
