import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  Backfill,
  BucketReplication,
  DistributionOrigin,
  ExistingBucket,
  ExistingBucketProps,
  ExistingBucketVersioning,
  MultiRegionAccessPoint,
  MultiRegionAccessPointOrigin,
  MultiRegionBucket,
  RegionalBucket,
  RegionalFailoverOrigin,
  Replication,
  SecureDistribution,
} from '../../src';
import { ACCOUNT } from '../util/stacks';

/**
 * The catalogue of the library's warnings: one configuration per warning id that raises it, and
 * the construct path `cdk synth` names for it. `warnings.test.ts` checks that the ids here are
 * exactly the ids in src/, that each configuration's warning is in what the toolkit prints, and that
 * the README lists the same ids.
 */

export const ROOT = path.join(__dirname, '..', '..');

/** A key ARN of `account` in `region` (imported keys: the app cannot change their policies). */
const keyArn = (account: string, region: string) => `arn:aws:kms:${region}:${account}:key/11111111-2222-3333-4444-555555555555`;
const OWNER = '222222222222';

export interface WarningCase {
  /** The app whose synthesis raises the warning. */
  readonly build: () => App;
  /** The construct path `cdk synth` prints the warning at (a construct inside a stack). */
  readonly path: string;
}

const env = (region: string, account = ACCOUNT) => ({ account, region });

/** An access point over a bucket of this app (us-east-1) and an imported one (eu-west-1). */
function overImportedBucket(account: string, withKey: boolean) {
  const app = new App();
  const global = new Stack(app, 'Global', { env: env('us-east-1') });
  const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: env('us-east-1') }), 'Data', { bucketName: 'ours-us-east-1' });
  const theirs = s3.Bucket.fromBucketAttributes(global, 'Theirs', {
    bucketName: 'theirs-eu-west-1',
    region: 'eu-west-1',
    account,
    encryptionKey: withKey ? kms.Key.fromKeyArn(global, 'TheirKey', keyArn(account, 'eu-west-1')) : undefined,
  });
  const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { multiRegionAccessPointName: 'imported-bucket', buckets: [ours.bucket, theirs] });
  return { app, global, accessPoint };
}

/** A bucket in eu-west-1 replicating into an imported bucket of another account. */
function replicationIntoImported(withKey: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: env('eu-west-1') });
  const source = new RegionalBucket(stack, 'Data', { bucketName: 'workload-eu-west-1', encryption: withKey ? s3.BucketEncryption.KMS : undefined });
  const backup = s3.Bucket.fromBucketAttributes(stack, 'Backup', { bucketName: 'backup-us-east-1', account: OWNER, region: 'us-east-1' });
  const kmsKey = withKey ? kms.Key.fromKeyArn(stack, 'BackupKey', keyArn(OWNER, 'us-east-1')) : undefined;
  new BucketReplication(stack, 'Replication', { source: source.bucket, destinations: [{ bucket: backup, kmsKey }] });
  return app;
}

const EXISTING = existingBucket();

const site = (props: Partial<ConstructorParameters<typeof MultiRegionBucket>[2]> = {}) => () => {
  const app = new App();
  new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT, ...props });
  return app;
};

/** One configuration per warning id. */
export const WARNING_CASES: Record<string, WarningCase> = {
  'cdk-multi-region-bucket:unknownRegion': {
    // A warning about a Region goes on that Region's stack.
    build: site({ regions: ['us-east-1', 'eu-east-3'] }),
    path: 'Site/eu-east-3',
  },
  'cdk-multi-region-bucket:alarmTopicsWithoutAlarms': {
    build: site({ alarmTopics: true }),
    path: 'Site/global',
  },
  'cdk-multi-region-bucket:failureAlarmMissesIsolatedFailures': {
    build: site({
      replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
      monitoring: { replicationFailureEvaluationPeriods: 3 },
    }),
    path: 'Site/global',
  },
  'cdk-multi-region-bucket:archiveReplicasBehindActiveRouting': {
    build: site({ replication: Replication.twoWay({ storageClass: s3.StorageClass.DEEP_ARCHIVE }) }),
    path: 'Site/global',
  },
  'cdk-multi-region-bucket:activeRoutingWithoutReplication': {
    build: site({ replication: Replication.none() }),
    path: 'Site/global',
  },
  'cdk-multi-region-bucket:crossAccountReplicationBucketPolicy': {
    build: () => replicationIntoImported(false),
    path: 'Workload/Replication',
  },
  'cdk-multi-region-bucket:crossAccountReplicationKeyPolicy': {
    build: () => replicationIntoImported(true),
    path: 'Workload/Replication',
  },
  'cdk-multi-region-bucket:accessPointPublicAccessNotBlocked': {
    build: () => {
      const app = new App();
      const global = new Stack(app, 'Global', { env: env('us-east-1') });
      const buckets = ['us-east-1', 'eu-west-1']
        .map((region) => s3.Bucket.fromBucketAttributes(global, `Data-${region}`, { bucketName: `data-${region}`, region }));
      new MultiRegionAccessPoint(global, 'AccessPoint', {
        buckets,
        delegateBucketAccessControl: false,
        blockPublicAccess: new s3.BlockPublicAccess({
          blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false,
        }),
      });
      return app;
    },
    path: 'Global/AccessPoint',
  },
  'cdk-multi-region-bucket:bucketDelegationNotAdded': {
    build: () => overImportedBucket(ACCOUNT, false).app,
    path: 'Global/AccessPoint',
  },
  'cdk-multi-region-bucket:crossAccountBucketDelegationNotAdded': {
    build: () => overImportedBucket(OWNER, false).app,
    path: 'Global/AccessPoint',
  },
  'cdk-multi-region-bucket:crossAccountKeyPolicyNotUpdated': {
    build: () => {
      const { app, global, accessPoint } = overImportedBucket(OWNER, true);
      accessPoint.grants.read(new iam.Role(global, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
      return app;
    },
    path: 'Global/AccessPoint',
  },
  'cdk-multi-region-bucket:granteePolicyNotAdded': {
    build: () => {
      const { app, global, accessPoint } = overImportedBucket(ACCOUNT, false);
      accessPoint.grants.read(iam.Role.fromRoleArn(global, 'Partner', `arn:aws:iam::${OWNER}:role/partner-reader`));
      return app;
    },
    path: 'Global/AccessPoint',
  },
  'cdk-multi-region-bucket:accessPointKeyPolicyNotUpdated': {
    build: () => {
      const { app, global, accessPoint } = overImportedBucket(ACCOUNT, true);
      new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) });
      return app;
    },
    path: 'Global/Cdn/Resource/Origin1',
  },
  'cdk-multi-region-bucket:accessPointPolicyNotUpdated': {
    build: () => {
      const app = new App();
      const stack = new Stack(app, 'Global', { env: env('us-east-1') });
      const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Ap', { multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap', regions: ['eu-west-1'] });
      new SecureDistribution(stack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) });
      return app;
    },
    path: 'Global/Cdn/Resource/Origin1',
  },
  'cdk-multi-region-bucket:regionalOriginBucketPolicy': {
    build: () => failoverOrigin({ importFallback: true }),
    path: 'Global/Cdn/Resource/Origin2',
  },
  'cdk-multi-region-bucket:regionalOriginAccountScoped': {
    build: () => failoverOrigin({ importFallback: false }),
    path: 'Global/Cdn/Resource/Origin1',
  },
  'cdk-multi-region-bucket:regionalOriginKeyPolicy': {
    build: () => failoverOrigin({ importFallback: true, fallbackKey: true }),
    path: 'Global/Cdn/Resource/Origin2',
  },
  'cdk-multi-region-bucket:adoptedBucketChanges': {
    // The cdk import step: what the deploy after it will change, on the bucket's Regional stack.
    build: site({ existingBuckets: [ExistingBucket.imported({ ...EXISTING, importing: true })] }),
    path: 'Site/us-east-1/Bucket/Bucket',
  },
  'cdk-multi-region-bucket:referencedBucketNotSecured': {
    build: site({ existingBuckets: [ExistingBucket.referenced(EXISTING)] }),
    path: 'Site/us-east-1/Bucket',
  },
  'cdk-multi-region-bucket:adoptedLifecycleArchives': {
    build: site({
      existingBuckets: [ExistingBucket.imported({
        ...EXISTING,
        lifecycleRules: [{ id: 'Archive', transitions: [{ storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(180) }] }],
      })],
    }),
    path: 'Site/us-east-1/Bucket/Bucket',
  },
  'cdk-multi-region-bucket:adoptedBucketKeyPolicy': {
    build: site({
      encryption: s3.BucketEncryption.KMS,
      existingBuckets: [ExistingBucket.imported({ ...EXISTING, encryption: s3.BucketEncryption.KMS, encryptionKeyArn: keyArn(ACCOUNT, 'us-east-1') })],
    }),
    path: 'Site/us-east-1/Bucket/Bucket',
  },
  'cdk-multi-region-bucket:failoverRoutineInActiveRegion': {
    // The global stack defaults to us-east-1, the active Region of this failover.
    build: site({ replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), failover: {} }),
    path: 'Site/global',
  },
  'cdk-multi-region-bucket:backfillIntoFailoverFallback': {
    // A warning about a Region goes on that Region's stack: the fallback being filled.
    build: site({ backfill: Backfill.existingObjects({ regions: ['eu-west-1'] }), distribution: { origin: DistributionOrigin.regionalFailover() } }),
    path: 'Site/eu-west-1',
  },
  'cdk-multi-region-bucket:backfillRegionOfSeveralBuckets': {
    build: () => {
      const app = new App();
      const source = new RegionalBucket(new Stack(app, 'Source', { env: env('eu-west-1') }), 'Data', { bucketName: 'source-eu-west-1' }).bucket;
      const us = new Stack(app, 'Replicas', { env: env('us-east-1') });
      const destinations = ['First', 'Second'].map((id) => ({ bucket: new RegionalBucket(us, id, { bucketName: `${id.toLowerCase()}-us-east-1` }).bucket }));
      new BucketReplication(source.stack, 'Replication', { source, destinations, backfill: Backfill.existingObjects({ regions: ['us-east-1'] }) });
      return app;
    },
    path: 'Source/Replication',
  },
  'cdk-multi-region-bucket:crossAccountBucketNotDelegated': {
    build: () => {
      const app = new App();
      const buckets = [env('us-east-1'), env('eu-west-1', OWNER)]
        .map((e, i) => new RegionalBucket(new Stack(app, `Data${i}`, { env: e }), 'Data', { bucketName: `data${i}-${e.region}` }).bucket);
      new MultiRegionAccessPoint(new Stack(app, 'Global', { env: env('us-east-1') }), 'AccessPoint', { buckets, delegateBucketAccessControl: false });
      return app;
    },
    path: 'Global/AccessPoint',
  },
};

/** An existing bucket in us-east-1, as `aws s3api` describes one that is ready to be referenced. */
function existingBucket(): ExistingBucketProps {
  return {
    bucketName: 'acme-assets',
    region: 'us-east-1',
    versioning: ExistingBucketVersioning.ENABLED,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  };
}

/** A distribution in us-east-1 over a bucket in eu-west-1 (another stack) and a fallback in eu-central-1. */
function failoverOrigin(options: { importFallback: boolean; fallbackKey?: boolean }): App {
  const app = new App();
  const global = new Stack(app, 'Global', { env: env('us-east-1') });
  const primary = new RegionalBucket(new Stack(app, 'DataEu', { env: env('eu-west-1') }), 'Data').bucket;
  const fallback = options.importFallback
    ? s3.Bucket.fromBucketAttributes(global, 'Fallback', {
      bucketName: 'fallback-eu-central-1',
      region: 'eu-central-1',
      encryptionKey: options.fallbackKey ? kms.Key.fromKeyArn(global, 'FallbackKey', keyArn(ACCOUNT, 'eu-central-1')) : undefined,
    })
    : new RegionalBucket(new Stack(app, 'DataCentral', { env: env('eu-central-1') }), 'Data').bucket;
  new SecureDistribution(global, 'Cdn', { origin: RegionalFailoverOrigin.withOriginAccessControl(primary, fallback) });
  return app;
}

/** Every warning id the library can raise: each `'cdk-multi-region-bucket:<name>'` literal in src/. */
export function warningIdsInSource(dir = path.join(ROOT, 'src')): string[] {
  const ids = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      warningIdsInSource(file).forEach((id) => ids.add(id));
    } else if (entry.name.endsWith('.ts')) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'(cdk-multi-region-bucket:[A-Za-z]+)'/g)) ids.add(match[1]);
    }
  }
  return [...ids].sort();
}

/** The source files of src/ that call `Annotations.of(...)` (only the warning helper may). */
export function filesAnnotatingDirectly(dir = path.join(ROOT, 'src')): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesAnnotatingDirectly(file));
    else if (entry.name.endsWith('.ts') && /\bAnnotations\s*\.\s*of\s*\(/.test(fs.readFileSync(file, 'utf8'))) files.push(path.relative(ROOT, file));
  }
  return files.sort();
}
