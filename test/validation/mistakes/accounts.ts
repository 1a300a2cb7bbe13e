import { App, Aws, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BucketReplication,
  DistributionOrigin,
  MultiRegionAccessPoint,
  MultiRegionBucket,
  MultiRegionBucketProps,
  RegionalBucket,
  ReplicationMesh,
} from '../../../src';
import { ACCOUNT } from '../../util/stacks';
import type { Mistake } from '../mistakes';

/**
 * The mistakes of putting buckets in several accounts (issue 23): the `accounts` prop of
 * `MultiRegionBucket` and the stacks it makes per account, and buckets of other accounts in the
 * building blocks (`MultiRegionAccessPoint`, `ReplicationMesh`, `BucketReplication`).
 */

const OTHER_ACCOUNT = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const env = (region: string, account = ACCOUNT) => ({ account, region });

function site(props: Partial<MultiRegionBucketProps>): () => MultiRegionBucket {
  return () => new MultiRegionBucket(new App(), 'Site', { regions: REGIONS, account: ACCOUNT, ...props });
}

/** A site, then a stack of the user's defined after it (returns the App: the check runs when it is complete). */
function siteThenStack(props: Partial<MultiRegionBucketProps>, stack: (app: App) => Stack): () => App {
  return () => {
    const app = new App();
    new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, ...props });
    stack(app);
    return app;
  };
}

/** A RegionalBucket of this app in `account` and `region`, in a stack of its own. */
function bucketOf(app: App, id: string, account: string, region: string, accountIsToken = false): s3.IBucket {
  const stack = new Stack(app, id, { env: accountIsToken ? { region } : env(region, account) });
  return new RegionalBucket(stack, 'Data', { bucketName: `${id.toLowerCase()}-${region}` }).bucket;
}

/** An access point in a stack of account ACCOUNT over a bucket of ACCOUNT (us-east-1) and one of OTHER_ACCOUNT (eu-west-1). */
function accessPointAcrossAccounts(props: { delegateBucketAccessControl?: boolean; imported?: boolean }): () => MultiRegionAccessPoint {
  return () => {
    const app = new App();
    const global = new Stack(app, 'Global', { env: env('us-east-1') });
    const ours = bucketOf(app, 'Ours', ACCOUNT, 'us-east-1');
    const theirs = props.imported
      ? s3.Bucket.fromBucketAttributes(global, 'Theirs', { bucketName: 'theirs-eu-west-1', account: OTHER_ACCOUNT, region: 'eu-west-1' })
      : bucketOf(app, 'Theirs', OTHER_ACCOUNT, 'eu-west-1');
    return new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [ours, theirs], delegateBucketAccessControl: props.delegateBucketAccessControl });
  };
}

const rows: Array<Omit<Mistake, 'group'>> = [
  // The accounts prop.
  { name: 'an account for a Region written in uppercase', property: 'accounts', value: "must name Regions of 'regions' (us-east-1, eu-west-1, ap-southeast-2), got 'EU-WEST-1'", build: site({ accounts: { 'EU-WEST-1': OTHER_ACCOUNT } }) },
  { name: 'an account ID with the hyphens the console shows', property: 'accounts.eu-west-1', value: "must be a 12-digit AWS account ID, got '2222-2222-2222'", build: site({ accounts: { 'eu-west-1': '2222-2222-2222' } }) },
  { name: 'an account ID pasted with a space', property: 'accounts.eu-west-1', value: "got ' 222222222222'", build: site({ accounts: { 'eu-west-1': ` ${OTHER_ACCOUNT}` } }) },
  { name: 'an account ID of 13 digits', property: 'accounts.ap-southeast-2', value: "got '2222222222222'", build: site({ accounts: { 'ap-southeast-2': '2222222222222' } }) },
  { name: 'an account keyed by the Region of the stack (a token)', property: 'accounts', value: 'got a token', build: site({ accounts: { [Aws.REGION]: OTHER_ACCOUNT } }) },
  {
    name: 'the Regional failover origin with the primary Region in another account',
    property: 'distribution.origin',
    value: `must read buckets of account ${ACCOUNT} (the distribution's, in the global stack), got us-east-1 (account ${OTHER_ACCOUNT})`,
    build: site({ accounts: { 'us-east-1': OTHER_ACCOUNT }, distribution: { origin: DistributionOrigin.regionalFailover() } }),
  },
  // Stacks the user defines after the construct, with the names of the stacks it makes.
  {
    name: 'a stack of yours, defined after the site, named like its global stack',
    property: 'stackNamePrefix',
    value: 'got Site-global for stack Site/global, also the name of stack Web',
    phase: 'synth',
    build: siteThenStack({}, (app) => new Stack(app, 'Web', { stackName: 'Site-global', env: env('us-east-1') })),
  },
  {
    name: 'a stack of yours, defined after the site, named like a Regional stack',
    property: 'stackNamePrefix',
    value: `no other stack of account ${ACCOUNT} in eu-west-1 has, got Site-eu-west-1 for stack Site/eu-west-1, also the name of stack Api`,
    phase: 'synth',
    build: siteThenStack({}, (app) => new Stack(app, 'Api', { stackName: 'Site-eu-west-1', env: env('eu-west-1') })),
  },
  {
    name: 'a stack of yours in the other account, defined after the site, named like its replication stack',
    property: 'stackNamePrefix',
    value: `no other stack of account ${OTHER_ACCOUNT} in eu-west-1 has, got Site-eu-west-1-replication for stack Site/eu-west-1-replication`,
    phase: 'synth',
    build: siteThenStack({ accounts: { 'eu-west-1': OTHER_ACCOUNT } }, (app) => new Stack(app, 'Replicate', { stackName: 'Site-eu-west-1-replication', env: env('eu-west-1', OTHER_ACCOUNT) })),
  },
  {
    name: 'a stack of yours in a Stage, defined after the site, named like its global stack',
    property: 'stackNamePrefix',
    value: '(by default the construct ID) must give stack names that no other stack of account 111111111111 in us-east-1 has, got Site-global for stack Site/global, also the name of stack Prod/Edge',
    phase: 'synth',
    build: siteThenStack({}, (app) => new Stack(new Stage(app, 'Prod'), 'Edge', { stackName: 'Site-global', env: env('us-east-1') })),
  },
  {
    name: 'a stack of yours in the other account, defined after the site, named like the Regional stack there',
    property: 'stackNamePrefix',
    value: `no other stack of account ${OTHER_ACCOUNT} in ap-southeast-2 has, got Web-ap-southeast-2 for stack Site/ap-southeast-2`,
    phase: 'synth',
    build: siteThenStack({ stackNamePrefix: 'Web', accounts: { 'ap-southeast-2': OTHER_ACCOUNT } },
      (app) => new Stack(app, 'Partner', { stackName: 'Web-ap-southeast-2', env: env('ap-southeast-2', OTHER_ACCOUNT) })),
  },
  // Buckets of other accounts in the building blocks.
  {
    name: 'an access point over a bucket of another account that does not delegate to it',
    property: 'delegateBucketAccessControl',
    value: `is false, and 'buckets[1]' Theirs/Data/Bucket belongs to account ${OTHER_ACCOUNT}, another than the access point's (${ACCOUNT})`,
    warning: 'cdk-multi-region-bucket:crossAccountBucketNotDelegated',
    build: accessPointAcrossAccounts({ delegateBucketAccessControl: false }),
  },
  {
    name: 'an access point over an imported bucket of another account that does not delegate to it',
    property: 'delegateBucketAccessControl',
    value: `is false, and 'buckets[1]' Global/Theirs belongs to account ${OTHER_ACCOUNT}`,
    warning: 'cdk-multi-region-bucket:crossAccountBucketNotDelegated',
    build: accessPointAcrossAccounts({ delegateBucketAccessControl: false, imported: true }),
  },
  {
    name: 'an access point over a bucket of a stack without an account',
    property: 'buckets[1]',
    value: 'must be in an account that can be compared with the access point\'s at synth time',
    build: () => {
      const app = new App();
      const buckets = [bucketOf(app, 'Ours', ACCOUNT, 'us-east-1'), bucketOf(app, 'Theirs', OTHER_ACCOUNT, 'eu-west-1', true)];
      return new MultiRegionAccessPoint(new Stack(app, 'Global', { env: env('us-east-1') }), 'AccessPoint', { buckets });
    },
  },
  {
    name: 'a mesh over buckets of two accounts in a stack without an account',
    property: 'buckets[0]',
    value: `must have a known account when the other side is in account ${ACCOUNT}`,
    build: () => {
      const app = new App();
      const buckets = [bucketOf(app, 'Ours', ACCOUNT, 'us-east-1'), bucketOf(app, 'Theirs', OTHER_ACCOUNT, 'eu-west-1')];
      return new ReplicationMesh(new Stack(app, 'Global', { env: { region: 'us-east-1' } }), 'Mesh', { buckets });
    },
  },
  {
    name: 'replication into a bucket of another account from a stack without an account',
    property: 'destinations[0].bucket',
    value: `must have a known account when the other side is in account ${OTHER_ACCOUNT}`,
    build: () => {
      const app = new App();
      const source = bucketOf(app, 'Ours', ACCOUNT, 'eu-west-1', true);
      const destination = bucketOf(app, 'Theirs', OTHER_ACCOUNT, 'us-east-1');
      return new BucketReplication(Stack.of(source), 'Replication', { source, destinations: [{ bucket: destination }] });
    },
  },
  {
    name: 'an imported access point of an account that is not an account ID',
    property: 'account',
    value: "must be a 12-digit AWS account ID, got '2222'",
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(new Stack(new App(), 'Ops', { env: env('us-east-1') }), 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', account: '2222' }),
  },
];

/** The mistakes of buckets in several accounts. */
export const ACCOUNTS_MISTAKES: Mistake[] = rows.map((row) => ({ ...row, group: 'buckets in several accounts' as const }));
