import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MultiRegionAccessPoint, MultiRegionAccessPointOrigin, RegionalBucket, SecureDistribution } from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { Decision, matches, PolicyDocument } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

/**
 * The README's "From a VPC over AWS PrivateLink" recipe, under IAM simulation: a deny in the access
 * point policy, scoped to one role by `aws:PrincipalArn`, confines that role to one interface
 * endpoint (`aws:SourceVpce`) and leaves the distribution's reads alone. The statement below is
 * the README snippet's; `scoped: false` drops its `aws:PrincipalArn` condition to show why it is there.
 */
const ENDPOINT = 'vpce-0123456789abcdef0';

function recipe(scoped: boolean) {
  const app = new App();
  const eu = new RegionalBucket(new Stack(app, 'DataEu', { env: { account: ACCOUNT, region: 'eu-west-1' } }), 'Data');
  const us = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Data');
  const globalStack = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const accessPoint = new MultiRegionAccessPoint(globalStack, 'AccessPoint', { buckets: [eu.bucket, us.bucket] });
  new SecureDistribution(globalStack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint), enableLogging: false });
  const appRole = new iam.Role(globalStack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const endpointId = ENDPOINT;

  accessPoint.grants.read(appRole);
  // appRole may use the access point only through the endpoint.
  accessPoint.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:*'],
    resources: [accessPoint.multiRegionAccessPointArn, accessPoint.arnForObjects('*')],
    conditions: {
      ...(scoped ? { ArnEquals: { 'aws:PrincipalArn': appRole.roleArn } } : {}),
      StringNotEquals: { 'aws:SourceVpce': endpointId },
    },
  }));

  const assembly = ResolvedAssembly.fromApp(app);
  const ap = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPoint', 'AccessPoint');
  const mrapArn = `arn:aws:s3::${ACCOUNT}:accesspoint/${assembly.getAtt('Global', ap.logicalId, 'Alias')}`;
  const role = assembly.resource('Global', 'AWS::IAM::Role', 'AppRole');
  const roleIam: PolicyDocument[] = Object.values(assembly.resources('Global', 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.includes(assembly.ref('Global', role.logicalId)))
    .map((p) => p.Properties.PolicyDocument);
  const distribution = assembly.resource('Global', 'AWS::CloudFront::Distribution');
  return {
    mrapArn,
    mrapPolicy: assembly.resource('Global', 'AWS::S3::MultiRegionAccessPointPolicy').Properties.Policy as PolicyDocument,
    roleArn: assembly.getAtt('Global', role.logicalId, 'Arn') as string,
    roleIam,
    distributionArn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${assembly.ref('Global', distribution.logicalId)}`,
  };
}

function cases(r: ReturnType<typeof recipe>) {
  const through = { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': r.mrapArn, 's3:TlsVersion': '1.3' };
  const object = `${r.mrapArn}/object/report.pdf`;
  const asRole = { principal: r.roleArn, action: 's3:GetObject', resource: object, resourcePolicy: r.mrapPolicy, identityPolicies: r.roleIam };
  return {
    'the role reads through its endpoint': () => simulateThroughAccessPoint({ ...asRole, resourceAccount: ACCOUNT, context: { ...through, 'aws:SourceVpce': ENDPOINT } }),
    'the role reads from outside the VPC': () => simulateThroughAccessPoint({ ...asRole, resourceAccount: ACCOUNT, context: through }),
    'the role reads through another endpoint': () => simulateThroughAccessPoint({ ...asRole, resourceAccount: ACCOUNT, context: { ...through, 'aws:SourceVpce': 'vpce-0fedcba9876543210' } }),
    'the distribution reads': () => simulateThroughAccessPoint({
      principal: 'cloudfront.amazonaws.com',
      action: 's3:GetObject',
      resource: object,
      resourceAccount: ACCOUNT,
      resourcePolicy: r.mrapPolicy,
      context: { ...through, 'aws:SourceArn': r.distributionArn, 'aws:SourceAccount': ACCOUNT },
    }),
  };
}

describe("the README's PrivateLink recipe under IAM simulation", () => {
  const r = recipe(true);
  const run = cases(r);
  test.each<[keyof typeof run, Decision | 'Denied']>([
    ['the role reads through its endpoint', 'Allowed'],
    ['the role reads from outside the VPC', 'ExplicitlyDenied'],
    ['the role reads through another endpoint', 'ExplicitlyDenied'],
    ['the distribution reads', 'Allowed'],
  ])('%s: %s', async (name, expected) => {
    const actual = await run[name]();
    expect({ name, ok: matches(expected, actual), actual }).toEqual({ name, ok: true, actual });
  });

  test('the deny is in the access point policy, scoped to the role', () => {
    const deny = r.mrapPolicy.Statement.find((s: any) => s.Effect === 'Deny' && s.Condition?.StringNotEquals?.['aws:SourceVpce'] === ENDPOINT);
    expect(deny?.Condition?.ArnEquals?.['aws:PrincipalArn']).toBe(r.roleArn);
  });

  test('without the aws:PrincipalArn scope, the same deny shuts the distribution out (why the README scopes it)', async () => {
    expect(await cases(recipe(false))['the distribution reads']()).toBe('ExplicitlyDenied');
  });
});
