import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MultiRegionAccessPoint, MultiRegionAccessPointGrants, RegionalBucket } from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { PolicyDocument } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';
import { cliWarnings } from '../util/toolkit';

/**
 * The grants surface refuses or warns about grants that open the access point or allow nothing
 * (issue 23). Where the refusal or the warning is about who is let in, the claim is proven with the
 * IAM evaluator, not by reading the policy: what the refused grant would have let in, what the
 * accepted one lets in, and that the statement a warning prints is what the grantee lacks.
 */
const PARTNER = '222222222222';
const STRANGER = '333333333333';

function accessPointApp(grant: (grants: MultiRegionAccessPointGrants, global: Stack) => void) {
  const app = new App();
  const buckets = ['us-east-1', 'eu-west-1'].map((region) => new RegionalBucket(new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } }), 'Data').bucket);
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { buckets });
  grant(accessPoint.grants, global);
  return { app, accessPoint };
}

function resolved(app: App) {
  const assembly = ResolvedAssembly.fromApp(app);
  const ap = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPoint', 'AccessPoint');
  const arn = `arn:aws:s3::${ACCOUNT}:accesspoint/${assembly.getAtt('Global', ap.logicalId, 'Alias')}`;
  const policy: PolicyDocument = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPointPolicy').Properties.Policy;
  return { arn, policy };
}

const through = (arn: string) => ({ 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': arn, 's3:TlsVersion': '1.3' });
const fromDistribution = (arn: string) => ({ 'aws:SourceArn': arn, 'aws:SourceAccount': arn.split(':')[4] });

describe('a service principal must be tied to a source', () => {
  const ours = `arn:aws:cloudfront::${ACCOUNT}:distribution/EOURS`;
  const theirs = `arn:aws:cloudfront::${STRANGER}:distribution/ETHEIRS`;

  test('without a source condition the grant is refused; the statement it would have added lets any account\'s distribution read', async () => {
    expect(() => accessPointApp((grants) => grants.read(new iam.ServicePrincipal('cloudfront.amazonaws.com'))))
      .toThrow(/'grantee' of grants.read\(\) must tie a service principal to your own resources/);
    // What the refused grant would have put into the access point policy (built by hand, as the library no longer does).
    const { app } = accessPointApp((grants) => grants.read(new iam.ServicePrincipal('cloudfront.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceArn': ours } })));
    const { arn, policy } = resolved(app);
    const open: PolicyDocument = { ...policy, Statement: policy.Statement.map(({ Condition: _condition, ...rest }: any) => rest) };
    const request = { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${arn}/object/index.html`, resourceAccount: ACCOUNT };
    expect(await simulateThroughAccessPoint({ ...request, resourcePolicy: open, context: { ...through(arn), ...fromDistribution(theirs) } })).toBe('Allowed');
  });

  test('with aws:SourceArn, only that distribution reads through the access point', async () => {
    const { app } = accessPointApp((grants) => grants.read(new iam.ServicePrincipal('cloudfront.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceArn': ours } })));
    const { arn, policy } = resolved(app);
    const request = { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${arn}/object/index.html`, resourceAccount: ACCOUNT, resourcePolicy: policy };
    expect(await simulateThroughAccessPoint({ ...request, context: { ...through(arn), ...fromDistribution(ours) } })).toBe('Allowed');
    expect(await simulateThroughAccessPoint({ ...request, context: { ...through(arn), ...fromDistribution(theirs) } })).not.toBe('Allowed');
    expect(await simulateThroughAccessPoint({ ...request, context: { ...through(arn), ...fromDistribution(`arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHER`) } })).not.toBe('Allowed');
  });
});

describe('a role of another account that this app cannot attach a policy to', () => {
  const partnerRole = `arn:aws:iam::${PARTNER}:role/partner-reader`;
  const build = () => accessPointApp((grants, global) => grants.read(iam.Role.fromRoleArn(global, 'Partner', partnerRole))).app;

  test('the access point policy admits it, yet without its own policy it is denied; with the printed statement it reads', async () => {
    const [warning] = await cliWarnings(build, 'cdk-multi-region-bucket:granteePolicyNotAdded');
    expect(warning.paths).toEqual(['Global/AccessPoint']);
    const { arn, policy } = resolved(build());
    // The printed statement, with the placeholder for the access point's ARN replaced as its message says.
    const printed = /attaches this statement to it: (\{.*?\})(?: Replace|$)/.exec(warning.message)?.[1];
    expect(printed).toBeDefined();
    const placeholders = [...warning.message.matchAll(/Replace (<[a-z0-9-]+>) with/g)].map((m) => m[1]);
    const statement = JSON.parse(placeholders.reduce((text, p) => text.split(p).join(arn.split('/')[1]), printed!));
    const request = { principal: partnerRole, action: 's3:GetObject', resource: `${arn}/object/report.csv`, resourceAccount: ACCOUNT, resourcePolicy: policy, context: through(arn) };
    expect(await simulateThroughAccessPoint({ ...request, identityPolicies: [] })).not.toBe('Allowed');
    expect(await simulateThroughAccessPoint({ ...request, identityPolicies: [{ Version: '2012-10-17', Statement: [statement] }] })).toBe('Allowed');
    // A third account's role with the same statement is still denied: the access point policy names the partner's role.
    const stranger = { ...request, principal: `arn:aws:iam::${STRANGER}:role/partner-reader`, identityPolicies: [{ Version: '2012-10-17', Statement: [statement] }] };
    expect(await simulateThroughAccessPoint(stranger)).not.toBe('Allowed');
  });
});
