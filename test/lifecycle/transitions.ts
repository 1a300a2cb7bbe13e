/**
 * The transition table: changes users make to a deployed setup, each a pair of configurations and
 * what one `cdk deploy --all` from the first to the second must do. `transitions.test.ts` runs the
 * checker on every row; `report.ts` renders the table into the README ("Changing a deployed setup").
 */
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StackSelector } from './checker';
import { Configuration } from './synth';
import {
  Backfill, DistributionOrigin, DistributionWebAcl, ExistingBucket, ExistingBucketProps, ExistingBucketVersioning,
  MultiRegionAccessPointGrants, MultiRegionBucket, MultiRegionBucketProps, RegionalBucket, ReplicationMesh, Replication, Routing,
} from '../../src';
import { ACCOUNT } from '../util/stacks';

/** What a row must come to. */
export type Expectation = 'deploys safely' | 'refused at synth time' | 'runbook' | 'not yet safe';

/**
 * One step of a runbook: a deploy to a configuration (checked), the deletion of deployed stacks
 * (checked), or something done by hand (described).
 */
export interface RunbookStep {
  readonly what: string;
  /** The configuration this step deploys; none for a step done outside `cdk deploy`. */
  readonly to?: Configuration;
  /** The deployed stacks this step deletes (`aws cloudformation delete-stack`, or `cdk destroy` while in the app). */
  readonly destroy?: StackSelector[];
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
  /**
   * For 'not yet safe' (an open defect of the library, issue 13): the finding kinds the checker
   * must still report. The test fails once the library is fixed, so the row is moved to 'deploys safely'.
   */
  readonly defect?: string[];
}

const US = 'us-east-1';
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';

type Props = Omit<MultiRegionBucketProps, 'account'>;

/** A `MultiRegionBucket` with id `Site` (or `id`) in a fresh app. */
function site(name: string, props: Props, id = 'Site'): Configuration {
  return { name, build: (app) => { new MultiRegionBucket(app, id, { account: ACCOUNT, ...props }); } };
}

const TWO: Props = { regions: [US, EU] };
const THREE: Props = { regions: [US, EU, AP] };
const RTC = { replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES };

/** The props of examples/active-active-site (its `app.ts`) over `regions`; `test/lifecycle` checks they synthesize the example. */
export function activeActiveSiteProps(regions: string[]): MultiRegionBucketProps {
  return {
    regions,
    account: ACCOUNT,
    replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
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
const twoWayRtc = site('two-way, RTC', { ...TWO, replication: Replication.twoWay(RTC) });
const usActive = Routing.activePassive({ activeRegions: [US] });
const twoWayRtcActivePassive = site('two-way, RTC, us-east-1 active', { ...TWO, replication: Replication.twoWay(RTC), routing: usActive });
const twoWayRtcFailover = site('two-way, RTC, failover', { ...TWO, replication: Replication.twoWay(RTC), routing: usActive, failover: {} });
const threeFailoverEu = site('three Regions, failover to eu-west-1', { ...THREE, replication: Replication.twoWay(RTC), routing: usActive, failover: { standbyRegions: [EU, AP] } });
const threeFailoverAp = site('three Regions, failover to ap-southeast-2', { ...THREE, replication: Replication.twoWay(RTC), routing: usActive, failover: { standbyRegions: [AP, EU] } });
const twoWayMetrics = site('two-way, metrics', { ...TWO, replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
const twoWayRtcNoDashboard = site('two-way, RTC, no dashboard', { ...TWO, replication: Replication.twoWay(RTC), monitoring: { dashboard: false } });
const twoWayRtcThresholds = site('two-way, RTC, own thresholds', {
  ...TWO,
  replication: Replication.twoWay(RTC),
  monitoring: { replicationLatencyThreshold: Duration.minutes(30), replicationFailureThreshold: 10, replicationFailureEvaluationPeriods: 2 },
});
const twoWayRtcNoAlarms = site('two-way, RTC, no alarms', { ...TWO, replication: Replication.twoWay(RTC), monitoring: { replicationAlarms: false } });
const oneWay = site('one-way', { ...TWO, replication: Replication.oneWay() });
const oneWayRtc = site('one-way, RTC', { ...TWO, replication: Replication.oneWay(RTC) });
const oneWayEu = site('one-way, primary eu-west-1', { ...TWO, replication: Replication.oneWay(), primaryRegion: EU });
const none = site('no replication', { ...TWO, replication: Replication.none() });
const kms = site('two-way, SSE-KMS', { ...TWO, encryption: s3.BucketEncryption.KMS });
const cloudFront = site('two-way, CloudFront', { ...TWO, distribution: {} });
const cloudFrontFailover = site('two-way, CloudFront Regional failover', { ...TWO, distribution: { origin: DistributionOrigin.regionalFailover() } });
const cloudFrontWaf = site('two-way, CloudFront with WAF', { ...TWO, distribution: { webAcl: DistributionWebAcl.awsManagedRules() } });
/**
 * A distribution with the domain www.example.com (`domain: false`: without it), over `props`;
 * `keepExport`: the certificate stack keeps exporting its ARN (`Stack.exportValue`) for a stack
 * that is no longer in the app but still imports it.
 */
function withDomain(name: string, props: Props, domain = true, keepExport = false): Configuration {
  return {
    name,
    build: (app) => {
      // As a user would: the certificate is made in a stack of its own in us-east-1 (CloudFront's
      // Region), and the global stack imports its ARN.
      const certificates = new Stack(app, 'Certificates', { env: { account: ACCOUNT, region: US } });
      const certificate = new acm.Certificate(certificates, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
      if (keepExport) certificates.exportValue(certificate.certificateArn);
      const distribution = domain ? { domainNames: ['www.example.com'], certificate } : {};
      new MultiRegionBucket(app, 'Site', { account: ACCOUNT, ...props, distribution });
    },
  };
}
const cloudFrontDomain = withDomain('two-way, CloudFront with a domain', TWO);
const activePassive = site('active-passive, us-east-1 active', { ...TWO, routing: Routing.activePassive({ activeRegions: [US] }) });
const allActive = site('two-way, every Region active (routes written)', { ...TWO, routing: Routing.activeActive() });
const activePassiveEu = site('active-passive, eu-west-1 active', { ...TWO, routing: Routing.activePassive({ activeRegions: [EU] }) });
const named = site('access point named site-a', { ...TWO, multiRegionAccessPointName: 'site-a' });
const renamed = site('access point named site-b', { ...TWO, multiRegionAccessPointName: 'site-b' });
const prefixed = site('stack prefix Site', { ...TWO, stackNamePrefix: 'Site' });
const idRenamed = site('construct id Website, stack prefix Site', { ...TWO, stackNamePrefix: 'Site' }, 'Website');
const newPrefix = site('stack prefix Web', { ...TWO, stackNamePrefix: 'Web' });
const westGlobal = site('global stack in us-west-2, access point renamed', { ...TWO, globalRegion: 'us-west-2', multiRegionAccessPointName: 'site-west' });
const WEST: Props = { ...TWO, globalRegion: 'us-west-2', multiRegionAccessPointName: 'site-west' };
/** As westGlobal and westGlobalAccessPoint, with CloudFront and the domain. */
export const westGlobalDomain = withDomain('CloudFront with a domain, global stack in us-west-2, access point renamed', WEST);
const westGlobalDomainAccessPoint = withDomain('CloudFront without the domain, global stack in us-west-2 with the access point only (no replication, no dashboard)', {
  ...WEST, replication: Replication.none(), monitoring: { dashboard: false },
}, false, true);
/** The new global stack next to the old one: its access point only (names in the account are the old stack's until it is deleted). */
const westGlobalAccessPoint = site('global stack in us-west-2 with the access point only (no replication, no dashboard)', {
  ...TWO, globalRegion: 'us-west-2', multiRegionAccessPointName: 'site-west', replication: Replication.none(), monitoring: { dashboard: false },
});
const destroy = site('removal policy DESTROY', { ...TWO, removalPolicy: RemovalPolicy.DESTROY });
const kmsPrefixed = site('SSE-KMS, stack prefix Site', { ...TWO, stackNamePrefix: 'Site', encryption: s3.BucketEncryption.KMS });
const kmsIdRenamed = site('SSE-KMS, construct id Website, stack prefix Site', { ...TWO, stackNamePrefix: 'Site', encryption: s3.BucketEncryption.KMS }, 'Website');
const mesh2 = mesh('mesh of 2', [US, EU]);
const mesh3 = mesh('mesh of 3', [US, EU, AP]);
const sharedOne = shared('shared stacks, one bucket', ['Site']);
const sharedRenamed = shared('shared stacks, one bucket renamed', ['Website']);
const meshByPosition = mesh('mesh of 3, not one bucket per Region', [US, EU, AP], false);
const site3 = activeActiveSite('active-active-site', [US, EU, AP]);
/** The third Region added with backfill (passive until activated), then activated. */
export const twoWay3Backfill = site('two-way, 3 Regions, ap-southeast-2 backfilled (passive)', { ...THREE, backfill: Backfill.existingObjects({ regions: [AP] }) });
export const twoWay3Activated = site('two-way, 3 Regions, every Region active (routes written)', { ...THREE, routing: Routing.activeActive() });

/** An existing bucket in us-east-1, as `aws s3api` describes one created before 2023 and never changed (docs/adr/0034). */
const EXISTING: ExistingBucketProps = {
  bucketName: 'acme-assets',
  region: US,
  versioning: ExistingBucketVersioning.NEVER_ENABLED,
  encryption: s3.BucketEncryption.S3_MANAGED,
  objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
  lifecycleRules: [{ id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
};
/** What the existing bucket has become after the deploy that follows its import. */
const EXISTING_SECURED: ExistingBucketProps = {
  ...EXISTING,
  versioning: ExistingBucketVersioning.ENABLED,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};
const ADOPT: Props = { ...THREE, bucketNameBase: 'acme-assets' };
const ADOPT_BACKFILL = Backfill.existingObjects({ regions: [EU, AP] });
/** What `cdk import` deployed: the existing bucket alone in its Regional stack (the other stacks are not deployed yet: the checker sees them as they will be). */
export const adoptImporting = site('existing bucket, the cdk import step', {
  ...ADOPT, existingBuckets: [ExistingBucket.imported({ ...EXISTING, importing: true })], backfill: ADOPT_BACKFILL,
});
export const adoptImported = site('existing bucket imported, 2 new Regions backfilled (passive)', {
  ...ADOPT, existingBuckets: [ExistingBucket.imported(EXISTING)], backfill: ADOPT_BACKFILL,
});
const adoptActivated = site('existing bucket imported, every Region active', {
  ...ADOPT, existingBuckets: [ExistingBucket.imported(EXISTING_SECURED)], routing: Routing.activeActive(),
});
const adoptReferenced = site('existing bucket referenced, 2 new Regions backfilled (passive)', {
  ...ADOPT, existingBuckets: [ExistingBucket.referenced(EXISTING_SECURED)], backfill: ADOPT_BACKFILL,
});
const adoptReleased = site('existing bucket no longer managed (referenced), every Region active', {
  ...ADOPT, existingBuckets: [ExistingBucket.referenced(EXISTING_SECURED)], routing: Routing.activeActive(),
});
/** Nothing of the app deployed: the existing bucket is outside CloudFormation. */
const nothingDeployed: Configuration = { name: 'nothing deployed (the bucket exists outside the app)', build: () => undefined };
const objectLockNew = site('Object Lock, as a second bucket', { ...TWO, objectLockEnabled: true }, 'Locked');
/** Another account: a backup account, or the new owner of a Region's bucket. */
const BACKUP = '333333333333';
const backupAccount = site('two-way, 3 Regions, ap-southeast-2 in a backup account', { ...THREE, accounts: { [AP]: BACKUP } });
const backupAccountBackfill = site('two-way, 3 Regions, ap-southeast-2 in a backup account, backfilled (passive)', {
  ...THREE, accounts: { [AP]: BACKUP }, backfill: Backfill.existingObjects({ regions: [AP] }),
});
const backupAccountActivated = site('two-way, 3 Regions, ap-southeast-2 in a backup account, every Region active (routes written)', {
  ...THREE, accounts: { [AP]: BACKUP }, routing: Routing.activeActive(),
});
const euMovedBackfill = site('two-way, eu-west-1 in account 333333333333, backfilled (passive)', {
  ...TWO, accounts: { [EU]: BACKUP }, backfill: Backfill.existingObjects({ regions: [EU] }),
});
const euMovedActivated = site('two-way, eu-west-1 in account 333333333333, every Region active (routes written)', {
  ...TWO, accounts: { [EU]: BACKUP }, routing: Routing.activeActive(),
});
const euMoved = site('two-way, eu-west-1 in account 333333333333', { ...TWO, accounts: { [EU]: BACKUP } });

/** A change that must be one safe `cdk deploy --all`. */
function safe(change: string, from: Configuration, to: Configuration, sees: string): TransitionRow {
  return { change, from, to, expect: 'deploys safely', sees };
}

// ---- issue 23: changes that leave state behind, and the props of the last round (grants, monitoring, backfill, accounts) ----

const kmsDestroy = site('SSE-KMS, removal policy DESTROY', { ...TWO, encryption: s3.BucketEncryption.KMS, removalPolicy: RemovalPolicy.DESTROY });
const named3 = site('bucket names acme-assets-<region>', { ...TWO, bucketNameBase: 'acme-assets' });
const renamedNew = site('bucket names acme-media-<region>, as a second setup', { ...TWO, bucketNameBase: 'acme-media' }, 'Media');

/**
 * A `MultiRegionBucket` over `props` whose global stack is one of the user's (`globalStack`), with
 * a role of the user's in it, granted through `grant` when given (a role in the stack of the
 * access point: no value crosses stacks, so the rows hold under every flag set, test/flags).
 */
function withGrant(name: string, props: Props, grant?: (grants: MultiRegionAccessPointGrants, role: iam.IGrantable) => void): Configuration {
  return {
    name,
    build: (app) => {
      const users = new Stack(app, 'Users', { env: { account: ACCOUNT, region: US } });
      const role = new iam.Role(users, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      const site_ = new MultiRegionBucket(app, 'Site', { account: ACCOUNT, globalStack: users, ...props });
      grant?.(site_.grants, role);
    },
  };
}
const noGrant = withGrant('two-way, a role of the user, no grant', TWO);
const readGrant = withGrant('two-way, read granted to a role of the user', TWO, (g, role) => g.read(role, 'reports/latest.csv'));
const readWriteGrant = withGrant('two-way, read and write granted to a role of the user', TWO, (g, role) => g.readWrite(role, 'reports/latest.csv'));
const readGrantPassive = withGrant('active-passive, read granted to a role of the user', { ...TWO, routing: Routing.activePassive({ activeRegions: [US] }) }, (g, role) => g.read(role, 'reports/latest.csv'));
const readGrantBackup = withGrant('two-way, 3 Regions, ap-southeast-2 in a backup account, read granted to a role of the user', { ...THREE, accounts: { [AP]: BACKUP } }, (g, role) => g.read(role, 'reports/latest.csv'));
const noGrantBackup = withGrant('two-way, 3 Regions, ap-southeast-2 in a backup account, a role of the user, no grant', { ...THREE, accounts: { [AP]: BACKUP } });

const rtcNoTopics = site('two-way, RTC, no alarm topics', { ...TWO, replication: Replication.twoWay(RTC), alarmTopics: false });
const backupRtc = site('two-way RTC, 3 Regions, ap-southeast-2 in a backup account', { ...THREE, accounts: { [AP]: BACKUP }, replication: Replication.twoWay(RTC) });
const backupRtcNoDashboard = site('two-way RTC, 3 Regions, ap-southeast-2 in a backup account, no dashboard', {
  ...THREE, accounts: { [AP]: BACKUP }, replication: Replication.twoWay(RTC), monitoring: { dashboard: false },
});

const passive2 = Routing.activePassive({ activeRegions: [US] });
const twoWay3BackfillPassive = site('two-way, 3 Regions, ap-southeast-2 backfilled, active-passive (us-east-1 active)', { ...THREE, backfill: Backfill.existingObjects({ regions: [AP] }), routing: passive2 });
const twoWay3Passive = site('two-way, 3 Regions, active-passive (us-east-1 active)', { ...THREE, routing: passive2 });
const FOUR: Props = { regions: [US, EU, AP, 'us-west-2'] };
const twoWay4Backfill = site('two-way, 4 Regions, ap-southeast-2 and us-west-2 backfilled (passive)', { ...FOUR, backfill: Backfill.existingObjects({ regions: [AP, 'us-west-2'] }) });

const backupOneWay = site('one-way, 3 Regions, ap-southeast-2 in a backup account', { ...THREE, accounts: { [AP]: BACKUP }, replication: Replication.oneWay() });
const backupNone = site('no replication, 3 Regions, ap-southeast-2 in a backup account', { ...THREE, accounts: { [AP]: BACKUP }, replication: Replication.none() });
const backupPassive = site('two-way, 3 Regions, ap-southeast-2 in a backup account, active-passive (us-east-1 active)', { ...THREE, accounts: { [AP]: BACKUP }, routing: passive2 });

/** The rows of issue 23, grouped so that merges with other rows are easy. */
const STATE_LEFT_BEHIND: TransitionRow[] = [
  safe('KMS off with removal policy DESTROY', kmsDestroy, destroy,
    'new objects use SSE-S3; the keys leave the template retained (a key created for a bucket is retained whatever `removalPolicy`: its objects need it), so objects encrypted with them stay readable; schedule their deletion once no object needs them'),
  safe('`removalPolicy` RETAIN → DESTROY with SSE-KMS', kms, kmsDestroy,
    'the buckets\' deletion policies change; the keys stay retained'),
  {
    change: '`bucketNameBase` set or changed',
    from: named3,
    to: renamedNew,
    expect: 'runbook',
    steps: [
      { what: 'add a second `MultiRegionBucket` (a new construct id) with the new `bucketNameBase`', to: { name: 'both setups, the new names on the new one', build: (app) => { named3.build(app); renamedNew.build(app); } } },
      { what: 'copy the objects into the new buckets (S3 Batch Operations) and move clients to the new access point alias' },
      { what: 'remove the old `MultiRegionBucket`; its stacks stay deployed with their retained buckets', to: renamedNew },
      {
        what: 'delete the old stacks, which left the app: `aws cloudformation delete-stack --stack-name Site-global --region us-east-1`, then `Site-us-east-1` and `Site-eu-west-1` in their Regions; their buckets are retained with their objects',
        destroy: [{ stackName: 'Site-global', region: US }, { stackName: 'Site-us-east-1', region: US }, { stackName: 'Site-eu-west-1', region: EU }],
      },
    ],
    sees: 'bucket names are create-only: changing `bucketNameBase` in place would replace every bucket with a new, empty one (the old ones retained with their objects, out of the app), so the data moves to a second setup, as for Object Lock. A synth cannot tell a change from a first choice (ADR 0042)',
  },
  safe('grant read to a role of yours', noGrant, readGrant,
    'the role\'s policy gets the access point\'s object actions on the key it names'),
  safe('grant changed (read → read and write)', readGrant, readWriteGrant,
    'the role\'s policy is updated in place'),
  safe('grant removed', readGrant, noGrant,
    'the statements leave the role\'s policy'),
  safe('grant, then active-passive routing', readGrant, readGrantPassive,
    'the routes are submitted; the grant is unchanged (it names the access point, not a Region)'),
  safe('grant with a backup account', noGrantBackup, readGrantBackup,
    'the role can read through the access point, including the backup account\'s bucket (its policy delegates to the access point)'),
  safe('alarm topics off (alarms stay)', twoWayRtc, rtcNoTopics,
    'the alarms stay and no longer notify; the topics leave (their keys retained)'),
  safe('alarm topics on again', rtcNoTopics, twoWayRtc,
    'new topics (new ARNs): subscribe again'),
  safe('RTC on with a backup account', backupAccount, backupRtc,
    'RTC on every rule; alarms where S3 publishes each metric (a pair across accounts gets only the failure alarm)'),
  safe('dashboard off with a backup account', backupRtc, backupRtcNoDashboard,
    'the dashboard leaves the global stack; the alarms stay'),
  safe('add a Region with backfill under active-passive routing', activePassive, twoWay3BackfillPassive,
    'as "add a Region with backfill"; the new Region joins passive, us-east-1 stays the only active Region'),
  safe('activate with active-passive routing kept', twoWay3BackfillPassive, twoWay3Passive,
    'the jobs leave; the routes stay as declared (the new Region passive, as `routing` says)'),
  safe('backfill a second new Region while the first fills', twoWay3Backfill, twoWay4Backfill,
    'the first Region\'s jobs are kept (not started again); jobs for the second start; both stay passive'),
  safe('two-way → one-way with a backup account', backupAccount, backupOneWay,
    'the backup bucket stops replicating: `Site-ap-southeast-2-replication` stays in the app with only a placeholder, so the deploy removes its replication resources, whose Delete removes the bucket\'s replication configuration; left deployed, it would go on replicating into buckets whose policies no longer admit its role'),
  safe('two-way → none with a backup account', backupAccount, backupNone,
    'replication stops everywhere; the backup account\'s replication stack keeps only its placeholder (as above)'),
  safe('none → two-way with a backup account', backupNone, backupAccount,
    'the backup account\'s replication stack gets its resources again'),
  safe('active-passive routing with a backup account', backupAccount, backupPassive,
    'the routes are submitted by the global stack\'s account, which owns the access point'),
  safe('back to active-active with a backup account', backupPassive, backupAccount,
    'the routes resource leaves and its Delete makes every Region active'),
];

export const TRANSITIONS: TransitionRow[] = [
  safe('add a Region', twoWay, twoWay3,
    'a new Regional stack; a new access point (new alias, ARN and host name) replaces the old one; replication to and from the new Region. Existing objects are not copied to the new bucket, and it serves requests at once: use `backfill` (next row)'),
  safe('add a Region with backfill', twoWay, twoWay3Backfill,
    'as "add a Region", and each existing bucket starts one S3 Batch Replication job that copies its objects into the new bucket (job ID and `describe-job` command are outputs of the global stack; a failed job raises an alarm in its Region); the new Region joins the access point passive (traffic dial 0)'),
  safe('activate a backfilled Region (jobs Complete)', twoWay3Backfill, twoWay3Activated,
    'remove `backfill` and set `routing: Routing.activeActive()` in one deploy: the routes are updated (about two minutes) and the new Region takes traffic; the job resources and Batch Operations roles leave the template (a Delete makes no call; the jobs are finished), and so do the alarm topics `backfill` turned on (keys retained) unless metrics or `alarmTopics` keep them'),
  safe('activate a backfilled Region by removing `backfill` alone (jobs Complete)', twoWay3Backfill, twoWay3,
    'the routes resource leaves the template and its Delete sets every Region active again (S3\'s default, what the app now declares; ADR 0037); the job resources leave without a call'),
  safe('remove a Region', twoWay3, twoWay,
    "a new access point over the remaining Regions; the removed Region's stack stays deployed with its bucket (retained, with its objects) until you delete it (the CDK CLI cannot select a stack that left the app): `aws cloudformation delete-stack --stack-name Site-ap-southeast-2 --region ap-southeast-2`"),
  safe('reorder the Regions (same primary)', twoWay3, site('two-way, 3 Regions reordered', { regions: [US, AP, EU] }),
    'nothing changes: resources are keyed by Region, not by position'),
  safe('change the primary (one-way)', oneWay, oneWayEu,
    'replication now runs from eu-west-1; routing follows the new primary'),
  safe('two-way → one-way', twoWay, oneWay,
    'the primary keeps replicating (its configuration is handed over, never deleted); the other buckets stop replicating; routing becomes active-passive'),
  safe('one-way → two-way', oneWay, twoWay,
    'every bucket replicates to every other; the routes resource of one-way\'s active-passive routing leaves, and its Delete makes every Region active (ADR 0037)'),
  safe('two-way → none', twoWay, none,
    'replication stops (the configurations are deleted); the buckets keep their objects'),
  safe('none → two-way', none, twoWay,
    'replication starts for new objects; existing objects need S3 Batch Replication'),
  safe('one-way → none', oneWay, none,
    'replication from the primary stops; the routes resource leaves and its Delete makes every Region active'),
  safe('none → one-way', none, oneWay,
    'the primary starts replicating new objects'),
  safe('RTC on (two-way)', twoWay, twoWayRtc,
    'Replication Time Control and metrics on every rule; replication alarms and alarm topics appear'),
  safe('RTC off (two-way)', twoWayRtc, twoWay,
    'the alarms and topics leave (the topic keys are retained)'),
  safe('RTC on (one-way)', oneWay, oneWayRtc,
    "RTC on the primary's rules; failure alarms in the primary's Region, a latency alarm and an alarm topic in each replica's Region (where S3 publishes the latency)"),
  safe('metrics on', twoWay, twoWayMetrics,
    'replication metrics, alarms and alarm topics'),
  safe('metrics off', twoWayMetrics, twoWay,
    'the alarms and topics leave'),
  safe('dashboard off', twoWayRtc, twoWayRtcNoDashboard,
    'the dashboard leaves the global stack; the alarms, topics and outputs stay (place `dashboardWidgets()` on a dashboard of yours)'),
  safe('dashboard on', twoWayRtcNoDashboard, twoWayRtc,
    'the dashboard is created again, with the same name'),
  safe('alarm thresholds changed', twoWayRtc, twoWayRtcThresholds,
    'the alarms are updated in place (same names, same topics)'),
  safe('replication alarms off', twoWayRtc, twoWayRtcNoAlarms,
    'the alarms and alarm topics leave (the topic keys are retained); the dashboard keeps the replication graphs'),
  safe('failover on', twoWayRtcActivePassive, twoWayRtcFailover,
    'the failover routine (state machine, its role and log group), the `FailedOver` alarm and the start commands appear in the global stack, the backlog alarm in us-east-1; the routes are unchanged (us-east-1 active): a deploy never switches them (docs/adr/0035)'),
  safe('failover off', twoWayRtcFailover, twoWayRtcActivePassive,
    'the routine and its alarms leave (its log group is retained); the routes stay as they are at that moment: if the routine had failed over, fail back first (`StartFailbackCommand`), or the access point stays on the standby'),
  safe('failover: standby order changed', threeFailoverEu, threeFailoverAp,
    'the routine\'s definition is updated in place (a failover now prefers ap-southeast-2); the routes and the alarms are unchanged'),
  safe('KMS on', twoWay, kms,
    'a key and alias per Region; new objects are encrypted with it, existing ones keep SSE-S3'),
  safe('KMS off', kms, twoWay,
    'new objects use SSE-S3; the keys are retained, so objects encrypted with them stay readable'),
  {
    change: 'Object Lock on',
    from: twoWay,
    to: objectLockNew,
    expect: 'runbook',
    steps: [
      { what: 'add a second `MultiRegionBucket` (a new construct id) with `objectLockEnabled: true`', to: { name: 'both buckets, Object Lock on the new one', build: (app) => { twoWay.build(app); objectLockNew.build(app); } } },
      { what: 'copy the objects into the new buckets (S3 Batch Operations) and move clients to the new access point alias' },
      { what: 'remove the old `MultiRegionBucket`; its stacks stay deployed with their retained buckets', to: objectLockNew },
      {
        what: 'delete the old stacks, which left the app: `aws cloudformation delete-stack --stack-name Site-global --region us-east-1`, then `Site-us-east-1` and `Site-eu-west-1` in their Regions; their buckets are retained with their objects',
        destroy: [{ stackName: 'Site-global', region: US }, { stackName: 'Site-us-east-1', region: US }, { stackName: 'Site-eu-west-1', region: EU }],
      },
    ],
    sees: 'Object Lock can only be turned on when a bucket is created (changing it replaces the bucket with an empty one), so the data moves to new buckets',
  },
  safe('CloudFront added', twoWay, cloudFront,
    'a distribution over the access point; its domain is an output'),
  safe('CloudFront removed', cloudFront, twoWay,
    'the distribution is deleted; its log bucket is retained'),
  safe('CloudFront origin switched to Regional failover', cloudFront, cloudFrontFailover,
    'the same distribution (same domain) now reads the primary bucket and fails over to the next Region'),
  safe('active-active → active-passive', twoWay, activePassive,
    'the routes are submitted (about two minutes) and read back into an output'),
  safe('fail over (active Region switched)', activePassive, activePassiveEu,
    'only the global stack changes: the routes flip'),
  safe('active-passive → active-active (`routing` removed)', activePassive, twoWay,
    'every Region active again: the routes resource leaves and its Delete submits S3\'s default'),
  safe('active-passive → active-active (`Routing.activeActive()`)', activePassive, allActive,
    'every Region active again: the routes are updated'),
  safe('WAF added', cloudFront, cloudFrontWaf,
    'a web ACL in us-east-1 attached to the same distribution'),
  safe('domain added', cloudFront, cloudFrontDomain,
    'the same distribution answers for the domain (point the DNS name at it)'),
  safe('access point renamed', named, renamed,
    'a new access point (new alias); the old one is deleted. Move clients that use the old alias'),
  {
    change: 'construct id renamed (same stack prefix)',
    from: prefixed,
    to: idRenamed,
    expect: 'deploys safely',
    sees: "in the stacks `MultiRegionBucket` creates, ids and names are keyed by meaning, not by the construct id: the same buckets (same names), replication, alarms and distribution. The access point's default name comes from its construct path, so a new access point replaces it (new alias; the distribution follows) unless you set `multiRegionAccessPointName`; the stack outputs are renamed after the construct id",
  },
  {
    change: 'construct id renamed (same stack prefix, SSE-KMS)',
    from: kmsPrefixed,
    to: kmsIdRenamed,
    expect: 'deploys safely',
    sees: 'as above, and the same keys and aliases (`alias/<stack name>`)',
  },
  {
    change: 'stack prefix changed',
    from: prefixed,
    to: newPrefix,
    expect: 'runbook',
    steps: [
      { what: 'deploy with the new `stackNamePrefix`: new stacks with new buckets and a new access point next to the old ones', to: newPrefix },
      { what: 'copy the objects (S3 Batch Operations) and move clients to the new access point alias' },
      {
        what: 'delete the old stacks, which left the app: `aws cloudformation delete-stack --stack-name Site-global --region us-east-1`, then `Site-us-east-1` and `Site-eu-west-1` in their Regions; their buckets are retained with their objects',
        destroy: [{ stackName: 'Site-global', region: US }, { stackName: 'Site-us-east-1', region: US }, { stackName: 'Site-eu-west-1', region: EU }],
      },
    ],
    sees: 'CloudFormation cannot rename a stack: new stacks are created and the old ones stay deployed',
  },
  {
    change: '`globalRegion` moved',
    from: twoWay,
    to: westGlobal,
    expect: 'runbook',
    steps: [
      {
        what: 'deploy with the new `globalRegion`, a new `multiRegionAccessPointName`, `replication: Replication.none()` and `monitoring: { dashboard: false }`: '
          + 'a new global stack with a new access point over the same buckets next to the old one, which keeps replicating (the replication roles and the dashboard have names unique in the account, which the old stack still holds; '
          + "and the old stack's replication resources delete the buckets' configurations when it is deleted, so the new stack must not configure them before)",
        to: westGlobalAccessPoint,
      },
      { what: 'move clients to the new access point alias (an output of the new global stack)' },
      {
        what: 'delete the old global stack: `aws cloudformation delete-stack --stack-name Site-global --region us-east-1` (in the app, `Site/global` is now the new stack, in us-west-2): its access point, dashboard, replication roles and the buckets\' replication configurations go; replication stops',
        destroy: [{ stackName: 'Site-global', region: US }],
      },
      { what: 'deploy without `replication` and `monitoring` (the defaults again): the new global stack configures replication and creates the dashboard', to: westGlobal },
      { what: 'objects written between the delete and this deploy were not replicated: copy them with S3 Batch Replication from each bucket (`aws s3control create-job` whose generated manifest is filtered with `ObjectReplicationStatuses: ["NONE"]` and `CreatedAfter` the delete)' },
    ],
    sees: 'a stack in another Region is a new stack, and the names it needs (replication roles, access point, dashboard) are unique in the account, not in the Region: the new access point comes first, clients move, the old stack is deleted, then replication is configured again (a window of minutes without replication, which S3 Batch Replication closes)',
  },
  {
    change: '`globalRegion` moved, with CloudFront and a domain',
    from: cloudFrontDomain,
    to: westGlobalDomain,
    expect: 'runbook',
    steps: [
      {
        what: 'as in the runbook above, and with `distribution` but without `domainNames`: a second distribution, on its own `*.cloudfront.net` name (an alternate domain name belongs to one distribution, of any account); '
          + 'keep the certificate\'s export for the old global stack, which still imports it: `certificates.exportValue(certificate.certificateArn)` in the certificate\'s stack',
        to: westGlobalDomainAccessPoint,
      },
      { what: 'move clients to the new access point alias; move the domain to the new distribution without downtime with `aws cloudfront associate-alias --target-distribution-id <new distribution ID> --alias www.example.com` (after its prerequisites: the certificate, and a DNS TXT record `_www.example.com` naming the new distribution\'s domain), then point the DNS name at the new distribution' },
      {
        what: 'delete the old global stack: `aws cloudformation delete-stack --stack-name Site-global --region us-east-1`; replication stops',
        destroy: [{ stackName: 'Site-global', region: US }],
      },
      { what: 'deploy with `domainNames`, without `replication`, `monitoring` and the `exportValue` line: the new distribution keeps the domain (now in its template), replication is configured, the dashboard created', to: westGlobalDomain },
      { what: 'copy the objects written between the delete and this deploy with S3 Batch Replication, as above' },
    ],
    sees: 'as above; the distribution is also a new one (new ID and `*.cloudfront.net` name), and the domain moves to it with `associate-alias`',
  },
  safe('bucket added to a `ReplicationMesh`', mesh2, mesh3,
    'the new bucket joins the mesh'),
  safe('bucket removed from a `ReplicationMesh`', mesh3, mesh2,
    'the removed bucket stops replicating; the others stop replicating to it'),
  safe('`ReplicationMesh` members reordered', mesh3, mesh('mesh of 3, reordered', [AP, US, EU]),
    'nothing changes'),
  {
    change: '`ReplicationMesh` members reordered (`oneBucketPerRegion: false`)',
    from: meshByPosition,
    to: mesh('mesh of 3, not one bucket per Region, reordered', [AP, US, EU], false),
    expect: 'deploys safely',
    sees: 'each replication configuration is keyed by its bucket (a hash of its name), so a reorder keeps every custom resource; only the order of destinations inside a configuration changes (an update in place)',
  },
  {
    change: 'construct id renamed (shared stacks)',
    from: sharedOne,
    to: sharedRenamed,
    expect: 'runbook',
    steps: [
      { what: 'add the `MultiRegionBucket` with the new construct id next to the old one (new buckets and a new access point in the same stacks)', to: shared('shared stacks, old and renamed bucket', ['Site', 'Website']) },
      { what: 'copy the objects into the new buckets (S3 Batch Operations) and move clients to the new access point alias' },
      { what: 'remove the old `MultiRegionBucket`; its buckets are retained with their objects until you empty and delete them', to: sharedRenamed },
    ],
    sees: 'in stacks you pass (`regionalStacks`, `globalStack`), which other constructs may share, the construct id keeps every id and name unique, so a rename means new resources. `cdk refactor` (a preview, `--unstable=refactor`) cannot do it: it refuses a change that also modifies resources, and the bucket names, key aliases and access point name follow the construct id',
  },
  {
    change: 'second `MultiRegionBucket` in shared stacks',
    from: sharedOne,
    to: shared('shared stacks, two buckets', ['Site', 'Media']),
    expect: 'deploys safely',
    sees: 'the second bucket joins the same stacks; the first is untouched',
  },
  safe('add a backup account (a new Region in another account)', twoWay, backupAccount,
    'a new Regional stack in the backup account (bootstrap it with `cdk bootstrap --trust <deploying account>` first) and `Site-ap-southeast-2-replication` there (the replication of its bucket, with a role of its account); the other buckets\' configurations name the new bucket and its account, and its bucket policy admits exactly their roles; a new access point (new alias) replaces the old one. Existing objects are not copied and the Region serves at once: use `backfill` (next row)'),
  safe('add a backup account with backfill', twoWay, backupAccountBackfill,
    'as above, and each existing bucket starts one S3 Batch Replication job (in its own account) into the backup bucket, which joins the access point passive; then remove `backfill` and make it active, as for any backfilled Region'),
  safe('activate the backup account\'s Region (jobs Complete)', backupAccountBackfill, backupAccountActivated,
    'the routes are updated and the backup Region takes traffic; the job resources leave the template'),
  {
    change: 'remove the backup account\'s Region',
    from: backupAccount,
    to: twoWay,
    expect: 'runbook',
    steps: [
      { what: 'remove the Region (and its `accounts` entry): a new access point over the remaining Regions; the other buckets stop replicating to it; its two stacks stay deployed in the backup account', to: twoWay },
      {
        what: 'delete them with the backup account\'s credentials: `aws cloudformation delete-stack --stack-name Site-ap-southeast-2-replication --region ap-southeast-2`, then `aws cloudformation delete-stack --stack-name Site-ap-southeast-2 --region ap-southeast-2`: its bucket\'s replication configuration is deleted, the bucket is retained with its objects',
        destroy: [{ stackName: 'Site-ap-southeast-2-replication', region: AP, account: BACKUP }, { stackName: 'Site-ap-southeast-2', region: AP, account: BACKUP }],
      },
    ],
    sees: 'a stack belongs to its account and Region: the backup account\'s stacks leave the app but stay deployed until you delete them with that account\'s credentials',
  },
  {
    change: "move a Region's bucket to another account",
    from: twoWay,
    to: euMoved,
    expect: 'runbook',
    steps: [
      { what: 'set `accounts: { \'eu-west-1\': <new account> }` with `backfill: Backfill.existingObjects({ regions: [\'eu-west-1\'] })`: a new stack and a new, empty bucket in the new account (a stack and a bucket name belong to an account); the us-east-1 bucket copies its objects into it (S3 Batch Replication) while the new Region stays passive; a new access point over the new bucket', to: euMovedBackfill },
      { what: 'once every job is `Complete`, remove `backfill` and make the Region active (`routing: Routing.activeActive()`)', to: euMovedActivated },
      { what: 'drop the explicit `routing`', to: euMoved },
      {
        what: 'the old `Site-eu-west-1` stack stays deployed in the old account with its retained bucket (no longer replicated to): delete it with that account\'s credentials, `aws cloudformation delete-stack --stack-name Site-eu-west-1 --region eu-west-1` (in the app, `Site/eu-west-1` is now the new stack), then empty and delete the bucket when you no longer need the old copy',
        destroy: [{ stackName: 'Site-eu-west-1', region: EU, account: ACCOUNT }],
      },
    ],
    sees: 'CloudFormation cannot move a stack or a bucket between accounts: the new account gets a new stack and bucket, filled from the other Regions, and the old ones stay until you remove them; clients move to the new access point alias (the distribution follows it)',
  },
  safe('adopt an existing bucket by import: the deploy after `cdk import`', adoptImporting, adoptImported,
    'after `cdk import Site/us-east-1 -c importing=true` (the stack holds the bucket alone, as declared, retained), the same bucket (same logical ID, updated in place) gets versioning, Block Public Access, the TLS-only policy, `BucketOwnerEnforced`, access logs and replication, each listed by `cdk synth` (`adoptedBucketChanges`); its lifecycle rules stay; the new Regions are created and filled from it by one S3 Batch Replication job, passive'),
  safe('adopt an existing bucket by reference', nothingDeployed, adoptReferenced,
    'no bucket in the us-east-1 stack: the app names acme-assets and puts its replication configuration; the new Regions are created and filled from it, passive; `cdk synth` prints the TLS-only statements and the delegation statement to add to its policy'),
  safe('activate the new Regions of an adopted bucket (jobs Complete)', adoptImported, adoptActivated,
    'remove `backfill` and set `routing: Routing.activeActive()` in one deploy, as for any backfilled Region; declare what the existing bucket has become (versioning `ENABLED`, `BUCKET_OWNER_ENFORCED`): nothing changes on it'),
  {
    change: 'stop managing an adopted bucket (keep it and its data)',
    from: adoptActivated,
    to: adoptReleased,
    expect: 'runbook',
    steps: [
      { what: 'declare it `ExistingBucket.referenced()` with what it has (versioning `ENABLED`, `BUCKET_OWNER_ENFORCED`) and `cdk deploy --all`: the bucket and its policy leave the stack, both retained, so CloudFormation leaves them and the objects as they are; the access-log bucket is retained too', to: adoptReleased },
    ],
    sees: 'the bucket keeps its name, objects, versioning, Block Public Access, policy and logging; it still replicates and serves the access point, now as a bucket the app only names (`cdk synth` prints the statements its policy must keep)',
  },
  safe('`removalPolicy` RETAIN → DESTROY', twoWay, destroy,
    'only the deletion policies change; nothing is deleted now'),
  safe('`active-active-site`: add a Region', site3, activeActiveSite('active-active-site + us-west-2', [US, EU, AP, 'us-west-2']),
    'a new stack `ActiveActiveSite-us-west-2`; a new access point replaces the old one (new alias: the `ActiveActiveSiteAccessPointAlias` output changes); the distribution is updated in the same deploy to read through the new alias (same domain); replication and alarms for the new pairs'),
  safe('`active-active-site`: remove a Region', site3, activeActiveSite('active-active-site - ap-southeast-2', [US, EU]),
    'a new access point over us-east-1 and eu-west-1 (new alias), the distribution follows it; `ActiveActiveSite-ap-southeast-2` stays deployed with its bucket and objects (retained) until you delete it: `aws cloudformation delete-stack --stack-name ActiveActiveSite-ap-southeast-2 --region ap-southeast-2`'),
  ...STATE_LEFT_BEHIND,
];
