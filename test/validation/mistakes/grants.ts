import { App, Resource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws_s3 as s3Refs } from 'aws-cdk-lib/interfaces';
import { IMultiRegionAccessPoint, MultiRegionAccessPoint, MultiRegionAccessPointGrants, MultiRegionBucket, MultiRegionBucketProps, RegionalBucket } from '../../../src';
import { stackIn } from '../../replication/fixtures';
import { ACCOUNT } from '../../util/stacks';
import type { Mistake } from '../mistakes';

/**
 * The mistakes of the grants surface (issue 23): `MultiRegionAccessPointGrants` (its factory, `read`,
 * `write`, `readWrite`, `actions`, `manage`), as `MultiRegionBucket.grants` and
 * `MultiRegionAccessPoint.grants`, by what the user was trying to do: a grant that would allow
 * nothing, one that would fail the deploy or open the access point, one whose grantee the policy
 * cannot name, and actions that no request through the access point uses.
 */

const OTHER_ACCOUNT = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1'];

/** A site, then the grant that is the mistake. */
function siteThen(props: Partial<MultiRegionBucketProps>, then: (site: MultiRegionBucket, app: App) => unknown): () => unknown {
  return () => {
    const app = new App();
    return then(new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, ...props }), app);
  };
}

/** A role of the site's global stack (where a grant can name the access point). */
const roleOf = (site: MultiRegionBucket, id = 'Reader') => new iam.Role(site.globalStack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

/** An access point over two RegionalBuckets, as a user builds one without the L3. */
function accessPointThen(props: { blockPublicAccess?: s3.BlockPublicAccess }, then: (ap: MultiRegionAccessPoint) => unknown): () => unknown {
  return () => {
    const app = new App();
    const buckets = REGIONS.map((r) => new RegionalBucket(stackIn(app, `Data-${r}`, r), 'Data').bucket);
    return then(new MultiRegionAccessPoint(stackIn(app, 'Global', 'us-east-1'), 'AccessPoint', { buckets, ...props }));
  };
}

function importedAccessPoint(): { stack: Stack; accessPoint: IMultiRegionAccessPoint } {
  const stack = stackIn(new App(), 'Ops', 'us-east-1');
  return { stack, accessPoint: MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap' }) };
}

/**
 * A user's own implementation of `IMultiRegionAccessPoint` for an access point another team owns:
 * its policy is not this app's, so it takes no statement (as the interface documents).
 */
class TheirAccessPoint extends Resource implements IMultiRegionAccessPoint {
  public readonly multiRegionAccessPointName = 'their-access-point';
  public readonly multiRegionAccessPointAlias = 'abc123.mrap';
  public readonly multiRegionAccessPointArn = `arn:aws:s3::${ACCOUNT}:accesspoint/abc123.mrap`;
  public readonly multiRegionAccessPointDomainName = 'abc123.mrap.accesspoint.s3-global.amazonaws.com';
  public readonly regions: string[] = [];
  public readonly grants = MultiRegionAccessPointGrants.fromMultiRegionAccessPoint(this);

  public get multiRegionAccessPointRef(): s3Refs.MultiRegionAccessPointReference {
    return { multiRegionAccessPointName: this.multiRegionAccessPointName };
  }

  public arnForObjects(keyPattern: string): string {
    return `${this.multiRegionAccessPointArn}/object/${keyPattern}`;
  }

  public addToResourcePolicy(_statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return { statementAdded: false };
  }
}

const cloudFront = new iam.ServicePrincipal('cloudfront.amazonaws.com');

/** Block Public Access with public policies blocked, but access to public access points not restricted. */
const PUBLIC_BUCKETS_NOT_RESTRICTED = new s3.BlockPublicAccess({
  blockPublicPolicy: true, restrictPublicBuckets: false, blockPublicAcls: true, ignorePublicAcls: true,
});

export const GRANT_MISTAKES: Mistake[] = [
  // ---- a grant that would allow nothing
  {
    name: 'the grants factory on an imported access point, to another account',
    property: 'grantee',
    value: `of grants.read() must be a principal of account ${ACCOUNT}, which owns the imported access point, got one of account ${OTHER_ACCOUNT}`,
    build: () => MultiRegionAccessPointGrants.fromMultiRegionAccessPoint(importedAccessPoint().accessPoint)
      .read(new iam.AccountPrincipal(OTHER_ACCOUNT)),
  },
  {
    name: 'the grants factory on an imported access point, to a service',
    property: 'grantee',
    value: 'of grants.write() must be a principal that can take an identity policy (a role, user or group), got ServicePrincipal(lambda.amazonaws.com)',
    build: () => MultiRegionAccessPointGrants.fromMultiRegionAccessPoint(importedAccessPoint().accessPoint)
      .write(new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': ACCOUNT } })),
  },
  {
    name: 'the grants factory on an own implementation whose policy is not the app\'s, to another account',
    property: 'grantee',
    value: `of grants.read() needs a statement in the access point policy (it is of account ${OTHER_ACCOUNT}, not ${ACCOUNT}), got AccountPrincipal(${OTHER_ACCOUNT}), but Ops/Theirs took none`,
    build: () => new TheirAccessPoint(stackIn(new App(), 'Ops', 'us-east-1'), 'Theirs').grants.read(new iam.AccountPrincipal(OTHER_ACCOUNT)),
  },
  {
    name: 'a role imported by ARN from another account (its own policy is not the app\'s)',
    property: 'grantee',
    value: `of grants.read() is Site/global/Partner, which takes no policy from this app (an ArnPrincipal, or a role imported from another account or with mutable: false), and a request from account ${OTHER_ACCOUNT}`,
    warning: 'cdk-multi-region-bucket:granteePolicyNotAdded',
    build: siteThen({}, (s) => s.grants.read(iam.Role.fromRoleArn(s.globalStack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/partner-reader`)) && s),
  },
  {
    name: 'an ArnPrincipal of a role of another account',
    property: 'grantee',
    value: `of grants.write() is ArnPrincipal(arn:aws:iam::${OTHER_ACCOUNT}:role/partner-writer), which takes no policy from this app`,
    warning: 'cdk-multi-region-bucket:granteePolicyNotAdded',
    build: siteThen({}, (s) => s.grants.write(new iam.ArnPrincipal(`arn:aws:iam::${OTHER_ACCOUNT}:role/partner-writer`)) && s),
  },
  {
    name: 'a role of this account imported with mutable: false, over SSE-KMS buckets',
    property: 'grantee',
    value: `of grants.read() is Site/global/Reader, which takes no policy from this app (an ArnPrincipal, or a role imported from another account or with mutable: false), and within account ${ACCOUNT}`,
    warning: 'cdk-multi-region-bucket:granteePolicyNotAdded',
    build: siteThen({ encryption: s3.BucketEncryption.KMS }, (s) =>
      s.grants.read(iam.Role.fromRoleArn(s.globalStack, 'Reader', `arn:aws:iam::${ACCOUNT}:role/reader`, { mutable: false })) && s),
  },
  {
    name: 'managing the access point from another account',
    property: 'grantee',
    value: `of grants.manage() must be a principal of account ${ACCOUNT}, which owns the access point, got AccountPrincipal(${OTHER_ACCOUNT}) of account ${OTHER_ACCOUNT}`,
    build: siteThen({}, (s) => s.grants.manage(new iam.AccountPrincipal(OTHER_ACCOUNT))),
  },
  {
    name: 'managing the access point from a role imported from another account',
    property: 'grantee',
    value: `of grants.manage() must be a principal of account ${ACCOUNT}, which owns the access point, got Site/global/Operator of account ${OTHER_ACCOUNT}`,
    build: siteThen({}, (s) => s.grants.manage(iam.Role.fromRoleArn(s.globalStack, 'Operator', `arn:aws:iam::${OTHER_ACCOUNT}:role/operator`))),
  },
  {
    name: 'managing the access point from a service',
    property: 'grantee',
    value: 'of grants.manage() must be a principal that can take an identity policy (a role, user or group of this app), got ServicePrincipal(lambda.amazonaws.com)',
    build: siteThen({}, (s) => s.grants.manage(new iam.ServicePrincipal('lambda.amazonaws.com'))),
  },
  // ---- a grant that would fail the deploy or open the access point
  {
    name: 'reading for everyone while Block Public Access is on (the default)',
    property: 'grantee',
    value: 'of grants.read() must not be everyone while the access point\'s Block Public Access blocks public policies, got AnyPrincipal()',
    build: siteThen({}, (s) => s.grants.read(new iam.AnyPrincipal())),
  },
  {
    name: 'reading for everyone on an access point that blocks public policies only',
    property: 'grantee',
    value: 'of grants.readWrite() must not be everyone while the access point\'s Block Public Access blocks public policies',
    build: accessPointThen({ blockPublicAccess: PUBLIC_BUCKETS_NOT_RESTRICTED }, (ap) => ap.grants.readWrite(new iam.StarPrincipal())),
  },
  {
    name: 'reading for CloudFront with no source condition (any distribution of any account)',
    property: 'grantee',
    value: 'of grants.read() must tie a service principal to your own resources with a condition on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths, got ServicePrincipal(cloudfront.amazonaws.com) with no condition',
    build: siteThen({}, (s) => s.grants.read(cloudFront)),
  },
  {
    name: 'writing for a service with a condition that does not name the source',
    property: 'grantee',
    value: 'got ServicePrincipal(logging.s3.amazonaws.com) with conditions on aws:securetransport only',
    build: accessPointThen({}, (ap) => ap.grants.write(new iam.ServicePrincipal('logging.s3.amazonaws.com').withConditions({ Bool: { 'aws:SecureTransport': 'true' } }))),
  },
  // ---- a grantee whose policy cannot name the access point
  {
    name: 'a role in the site\'s own Regional stack (the access point needs that stack first)',
    property: 'grantee',
    value: 'of grants.read() must be in a stack deployed after the access point\'s stack Site-global, got Site/eu-west-1/Reader in stack Site-eu-west-1, which Site-global depends on',
    build: siteThen({}, (s) => s.grants.read(new iam.Role(s.stackIn('eu-west-1'), 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }))),
  },
  {
    name: 'a role in an environment-agnostic stack',
    property: 'grantee',
    value: 'of grants.write() must be in a stack with an explicit account and Region, got App/Writer in the environment-agnostic stack App',
    build: siteThen({}, (s, app) => s.grants.write(new iam.Role(new Stack(app, 'App'), 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }))),
  },
  {
    name: 'an operator role in the stack of a bucket behind the access point',
    property: 'grantee',
    value: 'of grants.manage() must be in a stack deployed after the access point\'s stack Global, got Data-eu-west-1/Operator in stack Data-eu-west-1',
    build: accessPointThen({}, (ap) => ap.grants.manage(new iam.Role(Stack.of(ap).dependencies.find((d) => d.stackName === 'Data-eu-west-1')!, 'Operator', {
      assumedBy: new iam.AccountRootPrincipal(),
    }))),
  },
  // ---- actions and keys that no request through the access point uses
  {
    name: 'reading object versions through the access point',
    property: 'actions',
    value: "got 's3:GetObjectVersion', which no request through the access point uses",
    build: siteThen({}, (s) => s.grants.actions(roleOf(s), 's3:GetObjectVersion')),
  },
  {
    name: 'a bucket action on the access point',
    property: 'actions',
    value: "got 's3:PutBucketPolicy', which no request through the access point uses",
    build: siteThen({}, (s) => s.grants.actions(roleOf(s), 's3:GetObject', 's3:PutBucketPolicy')),
  },
  {
    name: 'every S3 action on the access point',
    property: 'actions',
    value: "got 's3:*', which also matches its control-plane actions (s3:CreateMultiRegionAccessPoint, s3:DeleteMultiRegionAccessPoint, s3:PutMultiRegionAccessPointPolicy",
    build: siteThen({}, (s) => s.grants.actions(roleOf(s), 's3:*')),
  },
  {
    name: 'every Get action on the access point',
    property: 'actions',
    value: "got 's3:Get*', which also matches its control-plane actions (s3:GetMultiRegionAccessPoint,",
    build: accessPointThen({}, (ap) => ap.grants.actions(new iam.Role(Stack.of(ap), 'Reader', { assumedBy: new iam.AccountRootPrincipal() }), 's3:Get*')),
  },
  {
    name: 'failing over through grants.actions() instead of grants.manage()',
    property: 'actions',
    value: "got 's3:SubmitMultiRegionAccessPointRoutes', an action of its control plane; grant it with grants.manage()",
    build: siteThen({}, (s) => s.grants.actions(roleOf(s, 'Operator'), 's3:SubmitMultiRegionAccessPointRoutes')),
  },
  {
    name: 'a key pattern that is an ARN',
    property: 'objectsKeyPattern',
    value: "got 'arn:aws:s3:::site-us-east-1/reports/*', an ARN",
    build: siteThen({}, (s) => s.grants.read(roleOf(s), 'arn:aws:s3:::site-us-east-1/reports/*')),
  },
  {
    name: 'an empty key pattern',
    property: 'objectsKeyPattern',
    value: "got '': the grant would name no object",
    build: siteThen({}, (s) => s.grants.write(roleOf(s), '')),
  },
].map((row) => ({ ...row, group: 'encryption and grants' as const }));
