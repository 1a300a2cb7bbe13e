import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MultiRegionAccessPoint, RegionalBucket, Routing } from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { ANONYMOUS, Decision, formatMatrix, matches, MatrixRow, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

/**
 * Proves, with a real IAM evaluator over the synthesized and resolved templates, how a request
 * reaches data through a Multi-Region Access Point:
 * - directly, the bucket policy keeps anonymous callers and other accounts out and denies
 *   requests without TLS, whatever was granted on the access point;
 * - through the access point, the request is first evaluated against the access point policy
 *   (with the caller's IAM policy), which is the real gate;
 * - then, routed to a bucket, against that bucket's policy, whose delegating statement lets it in
 *   only when it arrived through an access point of this account (`s3:DataAccessPointAccount`).
 * A cross-account request needs both legs; a same-account request needs IAM on the access point.
 *
 * Bucket-leg cases give the caller an identity policy that allows everything: the caller's own
 * IAM was checked on the access point leg, so the bucket leg isolates the bucket policy's verdict.
 * Requests through an access point carry context keys the evaluator's service-reference filter
 * drops for these resources; `simulateThroughAccessPoint` explains the (narrow) workaround.
 * S3 Block Public Access is not simulated on the bucket leg: the evaluator's public-policy
 * classifier does not know that a fixed `s3:DataAccessPointAccount` makes a statement non-public
 * (AWS documents that it does); the template test checks that condition instead.
 */
const PARTNER_ACCOUNT = '222222222222';
const STRANGER_ACCOUNT = '333333333333';

const app = new App();
const dataStack = new Stack(app, 'Data', { env: { account: ACCOUNT, region: 'eu-west-1' } });
new RegionalBucket(dataStack, 'Data', { bucketName: 'data-eu-west-1-test' });
const otherStack = new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } });
const us = new RegionalBucket(otherStack, 'Data', { bucketName: 'data-us-east-1-test' });
const globalStack = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
const accessPoint = new MultiRegionAccessPoint(globalStack, 'AccessPoint', {
  multiRegionAccessPointName: 'shared-data',
  buckets: [(dataStack.node.findChild('Data') as RegionalBucket).bucket, us.bucket],
  routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
});
const partnerRole = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;
accessPoint.grants.read(iam.Role.fromRoleArn(globalStack, 'Partner', partnerRole, { mutable: false }));
const writer = new iam.Role(globalStack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
accessPoint.grants.write(writer);
const operator = new iam.Role(globalStack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
accessPoint.grants.manage(operator);
// grants.actions, for what the named grants do not cover: another account's legal team, an auditor of this account.
const legalRole = `arn:aws:iam::${PARTNER_ACCOUNT}:role/legal`;
accessPoint.grants.actions(iam.Role.fromRoleArn(globalStack, 'Legal', legalRole, { mutable: false }), 's3:PutObjectLegalHold');
const auditor = new iam.Role(globalStack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
accessPoint.grants.actions(auditor, 's3:GetObjectAcl');

const assembly = ResolvedAssembly.fromApp(app);
const mrapArn: string = assembly.resolve('Global', globalStack.resolve(accessPoint.multiRegionAccessPointArn));
const mrapPolicy: PolicyDocument = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPointPolicy').Properties.Policy;
const bucket = assembly.resource('Data', 'AWS::S3::Bucket', 'DataBucket');
const bucketArn = assembly.getAtt('Data', bucket.logicalId, 'Arn');
const bucketPolicy: PolicyDocument = assembly.bucketPolicyOf('Data', bucket.logicalId);

/** The identity policies the template attaches to a role of the Global stack. */
function identityPoliciesOf(roleLogicalIdPrefix: string): { arn: string; policies: PolicyDocument[] } {
  const role = assembly.resource('Global', 'AWS::IAM::Role', roleLogicalIdPrefix);
  const policies = Object.values(assembly.resources('Global', 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.includes(assembly.ref('Global', role.logicalId)))
    .map((p) => p.Properties.PolicyDocument);
  return { arn: assembly.getAtt('Global', role.logicalId, 'Arn'), policies };
}
const writerIam = identityPoliciesOf('Writer');
const operatorIam = identityPoliciesOf('Operator');
const providerIam = identityPoliciesOf('AwsSdkCallsRole');
const auditorIam = identityPoliciesOf('Auditor');

const appRole = `arn:aws:iam::${ACCOUNT}:role/app-without-grants`;
const strangerRole = `arn:aws:iam::${STRANGER_ACCOUNT}:role/stranger`;
const allowEverything: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
/** What the partner account's own administrator allows its role (outside this app). */
const partnerIam: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: [mrapArn, `${mrapArn}/object/*`] }],
};
const throughThisAccessPoint = { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': mrapArn, 's3:TlsVersion': '1.2' };

type Leg = 'bucket, direct' | 'access point' | 'bucket, via access point' | 'control plane';
type Case = Omit<SimulationCase, 'resourceAccount'> & { name: string; leg: Leg; expected: Decision | 'Denied' };

const cases: Case[] = [
  // Straight to the bucket: the access point grants open nothing here.
  { leg: 'bucket, direct', name: 'anonymous read', principal: ANONYMOUS, action: 's3:GetObject', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { leg: 'bucket, direct', name: 'anonymous list', principal: ANONYMOUS, action: 's3:ListBucket', resource: bucketArn, resourcePolicy: bucketPolicy, context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { leg: 'bucket, direct', name: 'partner, granted on the access point', principal: partnerRole, action: 's3:GetObject', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { leg: 'bucket, direct', name: 'other account with s3:*', principal: strangerRole, action: 's3:PutObject', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { leg: 'bucket, direct', name: 'same-account writer without TLS', principal: writerIam.arn, action: 's3:PutObject', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: { 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' },

  // Through the access point, first leg: the access point policy (and the caller's IAM) decide.
  { leg: 'access point', name: 'partner reads (granted)', principal: partnerRole, action: 's3:GetObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: [partnerIam], context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'access point', name: 'partner lists (granted)', principal: partnerRole, action: 's3:ListBucket', resource: mrapArn, resourcePolicy: mrapPolicy, identityPolicies: [partnerIam], context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'access point', name: 'partner writes (read-only grant)', principal: partnerRole, action: 's3:PutObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: [partnerIam], context: throughThisAccessPoint, expected: 'Denied' },
  { leg: 'access point', name: 'other account with s3:*, not granted', principal: strangerRole, action: 's3:GetObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Denied' },
  { leg: 'access point', name: 'same-account writer writes (IAM grant)', principal: writerIam.arn, action: 's3:PutObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: writerIam.policies, context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'access point', name: 'same-account writer reads (write-only grant)', principal: writerIam.arn, action: 's3:GetObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: writerIam.policies, context: throughThisAccessPoint, expected: 'Denied' },
  { leg: 'access point', name: 'partner legal team puts a legal hold (actions grant)', principal: legalRole, action: 's3:PutObjectLegalHold', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'access point', name: 'partner legal team reads (not in its actions grant)', principal: legalRole, action: 's3:GetObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Denied' },
  { leg: 'access point', name: 'same-account auditor reads an ACL (actions grant, IAM)', principal: auditorIam.arn, action: 's3:GetObjectAcl', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: auditorIam.policies, context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'access point', name: 'same-account auditor restores (not in its actions grant)', principal: auditorIam.arn, action: 's3:RestoreObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, identityPolicies: auditorIam.policies, context: throughThisAccessPoint, expected: 'Denied' },
  { leg: 'access point', name: 'same-account role without grants', principal: appRole, action: 's3:GetObject', resource: `${mrapArn}/object/k`, resourcePolicy: mrapPolicy, context: throughThisAccessPoint, expected: 'Denied' },

  // Through the access point, second leg: routed to the bucket, whose policy delegates.
  { leg: 'bucket, via access point', name: 'partner read, delegated', principal: partnerRole, action: 's3:GetObject', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'bucket, via access point', name: 'partner list, delegated', principal: partnerRole, action: 's3:ListBucket', resource: bucketArn, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'bucket, via access point', name: 'writer multipart upload, delegated', principal: writerIam.arn, action: 's3:ListBucketMultipartUploads', resource: bucketArn, resourcePolicy: bucketPolicy, context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'bucket, via access point', name: 'partner legal hold (actions grant), delegated', principal: legalRole, action: 's3:PutObjectLegalHold', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Allowed' },
  { leg: 'bucket, via access point', name: 'partner read without TLS', principal: partnerRole, action: 's3:GetObject', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: { ...throughThisAccessPoint, 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' },
  {
    leg: 'bucket, via access point',
    name: "through another account's access point",
    principal: strangerRole,
    action: 's3:GetObject',
    resource: `${bucketArn}/k`,
    resourcePolicy: bucketPolicy,
    identityPolicies: [allowEverything],
    context: { 's3:DataAccessPointAccount': STRANGER_ACCOUNT, 's3:DataAccessPointArn': `arn:aws:s3::${STRANGER_ACCOUNT}:accesspoint/theirs.mrap`, 's3:TlsVersion': '1.2' },
    expected: 'Denied',
  },
  { leg: 'bucket, via access point', name: 'copy-only or version action, not delegated', principal: partnerRole, action: 's3:GetObjectVersion', resource: `${bucketArn}/k`, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughThisAccessPoint, expected: 'Denied' },

  // Control plane: what the routes provider and an operator may do.
  { leg: 'control plane', name: 'routes provider submits routes', principal: providerIam.arn, action: 's3:SubmitMultiRegionAccessPointRoutes', resource: mrapArn, identityPolicies: providerIam.policies, expected: 'Allowed' },
  { leg: 'control plane', name: 'routes provider reads routes', principal: providerIam.arn, action: 's3:GetMultiRegionAccessPointRoutes', resource: mrapArn, identityPolicies: providerIam.policies, expected: 'Allowed' },
  { leg: 'control plane', name: 'routes provider, another access point', principal: providerIam.arn, action: 's3:SubmitMultiRegionAccessPointRoutes', resource: `arn:aws:s3::${ACCOUNT}:accesspoint/other.mrap`, identityPolicies: providerIam.policies, expected: 'Denied' },
  { leg: 'control plane', name: 'routes provider changes the policy', principal: providerIam.arn, action: 's3:PutMultiRegionAccessPointPolicy', resource: mrapArn, identityPolicies: providerIam.policies, expected: 'Denied' },
  { leg: 'control plane', name: 'operator fails over', principal: operatorIam.arn, action: 's3:SubmitMultiRegionAccessPointRoutes', resource: mrapArn, identityPolicies: operatorIam.policies, expected: 'Allowed' },
  { leg: 'control plane', name: 'operator lists buckets', principal: operatorIam.arn, action: 's3:ListAllMyBuckets', resource: '*', identityPolicies: operatorIam.policies, expected: 'Allowed' },
  { leg: 'control plane', name: 'operator deletes the access point', principal: operatorIam.arn, action: 's3:DeleteMultiRegionAccessPoint', resource: mrapArn, identityPolicies: operatorIam.policies, expected: 'Denied' },
];

/** Data requests through an access point carry its context keys; see simulateThroughAccessPoint. */
function evaluate(c: Case): Promise<Decision> {
  const viaAccessPoint = c.leg === 'access point' || c.leg === 'bucket, via access point';
  return viaAccessPoint ? simulateThroughAccessPoint({ ...c, resourceAccount: ACCOUNT }) : simulate({ ...c, resourceAccount: ACCOUNT });
}

describe('Multi-Region Access Point policies under IAM simulation', () => {
  const rows: MatrixRow[] = [];

  afterAll(() => {
    console.log(`Multi-Region Access Point simulation (${rows.length} cases)\n${formatMatrix(rows)}`);
  });

  test.each(cases.map((c) => [`${c.leg}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const actual = await evaluate(c);
    rows.push({ name: `${c.leg}: ${c.name}`, principal: c.principal, action: c.action, resource: c.resource, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});

describe('the access point simulation can fail, and agrees with the strict evaluator', () => {
  test('without the delegating statement, the bucket denies the partner routed through the access point', async () => {
    const withoutDelegation = {
      ...bucketPolicy,
      Statement: bucketPolicy.Statement.filter((s: any) => !s.Condition?.StringEquals?.['s3:DataAccessPointAccount']),
    };
    const decision = await simulateThroughAccessPoint({
      principal: partnerRole,
      action: 's3:GetObject',
      resource: `${bucketArn}/k`,
      resourceAccount: ACCOUNT,
      resourcePolicy: withoutDelegation,
      identityPolicies: [allowEverything],
      context: throughThisAccessPoint,
    });
    expect(decision).toBe('ImplicitlyDenied');
  });

  test.each([
    [ACCOUNT, 'Allowed'],
    [STRANGER_ACCOUNT, 'ImplicitlyDenied'],
  ])('strict and access point entry points agree where the service reference lists the keys (account %s)', async (account, expected) => {
    const c: SimulationCase = {
      principal: partnerRole,
      action: 's3:ListBucketMultipartUploads',
      resource: bucketArn,
      resourceAccount: ACCOUNT,
      resourcePolicy: bucketPolicy,
      identityPolicies: [allowEverything],
      context: { 's3:DataAccessPointAccount': account, 's3:TlsVersion': '1.2' },
    };
    expect(await simulate(c)).toBe(expected);
    expect(await simulateThroughAccessPoint(c)).toBe(expected);
  });

  test('the strict evaluator does drop the access point keys for s3:GetObject on a bucket object (why the workaround exists)', async () => {
    await expect(
      simulate({ principal: partnerRole, action: 's3:GetObject', resource: `${bucketArn}/k`, resourceAccount: ACCOUNT, resourcePolicy: bucketPolicy, context: throughThisAccessPoint }),
    ).rejects.toThrow(/ignored context keys s3:DataAccessPointAccount, s3:DataAccessPointArn/);
  });

  test('a key the service reference does not document for the action through an access point is refused', async () => {
    await expect(
      simulateThroughAccessPoint({
        principal: operatorIam.arn,
        action: 's3:ListAllMyBuckets',
        resource: '*',
        resourceAccount: ACCOUNT,
        identityPolicies: operatorIam.policies,
        context: { 's3:DataAccessPointAccount': ACCOUNT },
      }),
    ).rejects.toThrow(/s3:DataAccessPointAccount is not a context key of s3:ListAllMyBuckets through an access point/);
  });

  test('an invalid policy is refused, not evaluated', async () => {
    await expect(
      simulateThroughAccessPoint({
        principal: partnerRole,
        action: 's3:GetObject',
        resource: `${mrapArn}/object/k`,
        resourceAccount: ACCOUNT,
        resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Principal: '*', Action: 's3:GetObject', Resource: '*' }] },
        context: throughThisAccessPoint,
      }),
    ).rejects.toThrow(/do not validate/);
  });
});

