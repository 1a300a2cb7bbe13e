import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { MultiRegionAccessPoint, MultiRegionAccessPointOrigin, MultiRegionAccessPointRoutes, RegionalBucket, Routing, SecureDistribution } from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { checkDeployOrder } from '../util/deploy-order';
import { Decision, formatMatrix, matches, MatrixRow, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ENCRYPTION_CONTEXT, withSurrogate } from '../util/kms-encryption-context';
import { expectNagClean, nagFindings } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';
import { cliWarnings } from '../util/toolkit';

/**
 * A Multi-Region Access Point of one account (ACCOUNT) over a bucket of its own (us-east-1) and a
 * bucket of another account (OWNER, eu-west-1, SSE-KMS with a key of OWNER), with a distribution
 * in front and a writer role of ACCOUNT. Whatever OWNER must allow is added in OWNER's stacks,
 * naming ACCOUNT as a literal; nothing crosses accounts through CloudFormation.
 */
const OWNER = '222222222222';
const STRANGER = '333333333333';

function crossAccountApp(props: { ownerKms?: boolean; writer?: boolean } = {}) {
  const app = new App();
  const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Data', { bucketName: 'data-us-east-1-ours' });
  const ownerStack = new Stack(app, 'OwnerEu', { env: { account: OWNER, region: 'eu-west-1' } });
  const theirs = new RegionalBucket(ownerStack, 'Data', {
    bucketName: 'data-eu-west-1-theirs',
    encryption: props.ownerKms === false ? s3.BucketEncryption.S3_MANAGED : s3.BucketEncryption.KMS,
  });
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', {
    multiRegionAccessPointName: 'shared-across-accounts',
    buckets: [ours.bucket, theirs.bucket],
    routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
  });
  if (props.writer !== false) {
    // The user's own role: its policy (and its cdk-nag findings) are the user's.
    const writer = new iam.Role(global, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    accessPoint.grants.readWrite(writer);
  }
  new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) });
  return { app, global, ownerStack, accessPoint, ours, theirs };
}

const statementsOf = (template: Template, type: string, path: string[]) => Object.values(template.findResources(type))
  .flatMap((r) => path.reduce((v: any, k) => v[k], r.Properties).Statement as any[]);

describe('a Multi-Region Access Point over a bucket of another account: templates', () => {
  const { global, ownerStack } = crossAccountApp();
  const globalTemplate = Template.fromStack(global);
  const ownerTemplate = Template.fromStack(ownerStack);

  test('the Region of the other account names its owner (BucketAccountId); the own Region does not', () => {
    globalTemplate.hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Regions: [
        { Bucket: 'data-eu-west-1-theirs', BucketAccountId: OWNER },
        { Bucket: 'data-us-east-1-ours', BucketAccountId: Match.absent() },
      ],
    });
  });

  test("the bucket owner's stack delegates to the access point's account, as a literal", () => {
    ownerTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
        })]),
      },
    });
  });

  test("the key owner's stack lets the grantee's account use the key, only through S3 in eu-west-1 for that bucket", () => {
    const statements = statementsOf(ownerTemplate, 'AWS::KMS::Key', ['KeyPolicy']);
    const granted = statements.filter((s) => JSON.stringify(s.Principal).includes(`:iam::${ACCOUNT}:root`));
    expect(granted).toEqual([expect.objectContaining({
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        StringLike: { [ENCRYPTION_CONTEXT]: [expect.stringContaining(':s3:::data-eu-west-1-theirs'), expect.stringContaining(':s3:::data-eu-west-1-theirs/*')] },
      },
    })]);
  });

  test("the key owner's stack lets CloudFront decrypt for the distributions of the access point's account, not its own", () => {
    const statements = statementsOf(ownerTemplate, 'AWS::KMS::Key', ['KeyPolicy']).filter((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(statements).toEqual([expect.objectContaining({
      Sid: 'AllowCloudFrontOriginAccessControlDecrypt',
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        // Literal: a statement of another account names no token of its own stack either.
        ArnLike: { 'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/*` },
      },
    })]);
  });

  test("the writer's own policy names the other account's keys of eu-west-1 by pattern, narrowed to S3 and the bucket", () => {
    const statements = statementsOf(globalTemplate, 'AWS::IAM::Policy', ['PolicyDocument']);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: `arn:aws:kms:eu-west-1:${OWNER}:key/*`,
      Condition: expect.objectContaining({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } }),
    }));
  });

  test('no template refers to a stack of another account (no export, no import, no stack output)', () => {
    for (const template of [globalTemplate, ownerTemplate]) {
      const text = JSON.stringify(template.toJSON());
      expect(text).not.toContain('Fn::ImportValue');
      expect(text).not.toContain('Fn::GetStackOutput');
    }
    expect(ownerTemplate.toJSON().Outputs ?? {}).toEqual({});
  });

  test("the global stack deploys after the owner's stack; the owner's stack waits for nothing", () => {
    expect(global.dependencies.map((s) => s.stackName)).toContain('OwnerEu');
    expect(ownerStack.dependencies).toEqual([]);
  });

  test('routes are the same as in one account: the access point account and each Region, no bucket or bucket account', () => {
    const routes = Object.values(globalTemplate.findResources('Custom::MultiRegionAccessPointRoutes'))[0];
    // The call is JSON with the access point's alias joined in; read it with the alias blanked.
    const create = routes.Properties.Create;
    const text = typeof create === 'string' ? create : create['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'ALIAS')).join('');
    const call = JSON.parse(text);
    expect(call.parameters.AccountId).toBe(ACCOUNT);
    expect(call.parameters.RouteUpdates).toEqual([
      { Region: 'eu-west-1', TrafficDialPercentage: 100 },
      { Region: 'us-east-1', TrafficDialPercentage: 0 },
    ]);
  });

  test('both accounts are clean under cdk-nag (without the user\'s own role)', () => {
    const withoutWriter = crossAccountApp({ writer: false });
    expectNagClean(withoutWriter.global);
    // Replication is not part of this app (the buckets are not kept in sync here); every other rule holds.
    const findings = nagFindings(withoutWriter.ownerStack).filter((f) => !f.rule.endsWith('S3BucketReplicationEnabled'));
    expect(findings).toEqual([]);
  });
});

describe('buckets and keys of another account that this app cannot change', () => {
  function importedApp() {
    const app = new App();
    const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const theirs = s3.Bucket.fromBucketAttributes(global, 'Theirs', {
      bucketName: 'theirs-eu',
      region: 'eu-west-1',
      account: OWNER,
      encryptionKey: kms.Key.fromKeyArn(global, 'TheirKey', `arn:aws:kms:eu-west-1:${OWNER}:key/11111111-2222-3333-4444-555555555555`),
    });
    const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Data', { bucketName: 'ours-us' });
    const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { multiRegionAccessPointName: 'imported-owner', buckets: [ours.bucket, theirs] });
    return { app, global, accessPoint };
  }

  test('the access point warns with the exact statement the bucket owner must add, naming this account', async () => {
    const { app } = importedApp();
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:crossAccountBucketDelegationNotAdded');
    expect(warnings.map((w) => w.paths)).toEqual([['Global/AccessPoint']]);
    const text = warnings[0].message;
    expect(text).toContain(`belongs to account ${OWNER}`);
    const statement = JSON.parse(text.slice(text.indexOf('{')));
    expect(statement).toEqual(expect.objectContaining({
      Principal: { AWS: '*' },
      Resource: ['arn:aws:s3:::theirs-eu', 'arn:aws:s3:::theirs-eu/*'],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
    }));
  });

  test('a grant warns with the exact key policy statement the key owner must add', async () => {
    const { app, global, accessPoint } = importedApp();
    accessPoint.grants.read(new iam.Role(global, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:crossAccountKeyPolicyNotUpdated');
    expect(warnings.map((w) => w.paths)).toEqual([['Global/AccessPoint']]);
    expect(warnings[0].message).toMatch(new RegExp(`grants\\.read\\(\\).*account ${OWNER}.*"kms:Decrypt".*s3\\.eu-west-1\\.amazonaws\\.com`));
  });

  test('a distribution warns that the imported key of another account must let CloudFront decrypt', async () => {
    const { app, global, accessPoint } = importedApp();
    new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) });
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:crossAccountKeyPolicyNotUpdated');
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(new RegExp(`of account ${OWNER}.*cloudfront.amazonaws.com.*"aws:SourceAccount":"${ACCOUNT}".*"arn:aws:cloudfront::${ACCOUNT}:distribution/\\*"`)),
    ]);
  });
});

describe('a Multi-Region Access Point over a bucket of another account: IAM simulation', () => {
  const { app } = crossAccountApp();
  const assembly = ResolvedAssembly.fromApp(app);
  const ap = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPoint', 'AccessPoint');
  const mrapArn = `arn:aws:s3::${ACCOUNT}:accesspoint/${assembly.getAtt('Global', ap.logicalId, 'Alias')}`;
  const mrapPolicy: PolicyDocument = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPointPolicy').Properties.Policy;
  const bucket = assembly.resource('OwnerEu', 'AWS::S3::Bucket', 'DataBucket');
  const bucketArn = assembly.getAtt('OwnerEu', bucket.logicalId, 'Arn');
  const bucketPolicy: PolicyDocument = assembly.bucketPolicyOf('OwnerEu', bucket.logicalId);
  const key = assembly.resource('OwnerEu', 'AWS::KMS::Key');
  const keyArn = assembly.getAtt('OwnerEu', key.logicalId, 'Arn');
  const keyPolicy: PolicyDocument = key.Properties.KeyPolicy;
  const writerRole = assembly.resource('Global', 'AWS::IAM::Role', 'Writer');
  const writer = assembly.getAtt('Global', writerRole.logicalId, 'Arn');
  const writerIam = Object.values(assembly.resources('Global', 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.includes(assembly.ref('Global', writerRole.logicalId)))
    .map((p) => p.Properties.PolicyDocument as PolicyDocument);
  const distribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/${assembly.ref('Global', assembly.resource('Global', 'AWS::CloudFront::Distribution').logicalId)}`;

  const stranger = `arn:aws:iam::${STRANGER}:role/stranger`;
  const allowEverything: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'kms:*'], Resource: '*' }] };
  const tls = { 's3:TlsVersion': '1.3' };
  const throughThis = { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': mrapArn, ...tls };
  const throughStrangers = { 's3:DataAccessPointAccount': STRANGER, 's3:DataAccessPointArn': `arn:aws:s3::${STRANGER}:accesspoint/theirs.mrap`, ...tls };
  const viaS3 = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', [ENCRYPTION_CONTEXT]: `${bucketArn}/k` };
  const cf = (source: string) => ({ 'aws:SourceArn': source, 'aws:SourceAccount': source.split(':')[4] });
  const withoutStatement = (policy: PolicyDocument, which: (s: any) => boolean): PolicyDocument =>
    ({ ...policy, Statement: policy.Statement.filter((s) => !which(s)) });
  const delegation = (s: any) => s.Condition?.StringEquals?.['s3:DataAccessPointAccount'] !== undefined;
  const keyDelegation = (s: any) => JSON.stringify(s.Principal ?? '').includes(`:iam::${ACCOUNT}:root`);

  type Via = 'access point' | 'direct' | 'kms';
  type Case = Omit<SimulationCase, 'resourceAccount'> & { name: string; via: Via; resourceAccount: string; expected: Decision | 'Denied' };
  const cases: Case[] = [
    // A principal of the access point's account, through the access point: the access point leg (same account: IAM)...
    { via: 'access point', name: 'writer writes through the access point (its IAM grant)', principal: writer, action: 's3:PutObject', resource: `${mrapArn}/object/k`, resourceAccount: ACCOUNT, resourcePolicy: mrapPolicy, identityPolicies: writerIam, context: throughThis, expected: 'Allowed' },
    // ... then routed to the other account's bucket, whose policy delegates to this account's access points ...
    { via: 'access point', name: "writer's write routed to the other account's bucket", principal: writer, action: 's3:PutObject', resource: `${bucketArn}/k`, resourceAccount: OWNER, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughThis, expected: 'Allowed' },
    { via: 'access point', name: "writer's read routed to the other account's bucket", principal: writer, action: 's3:GetObject', resource: `${bucketArn}/k`, resourceAccount: OWNER, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughThis, expected: 'Allowed' },
    { via: 'access point', name: 'the same, without the delegating statement in the owner\'s bucket policy', principal: writer, action: 's3:GetObject', resource: `${bucketArn}/k`, resourceAccount: OWNER, resourcePolicy: withoutStatement(bucketPolicy, delegation), identityPolicies: [allowEverything], context: throughThis, expected: 'Denied' },
    // ... and S3 uses the owner's key for the writer: the key policy (owner) and the writer's IAM (this account).
    { via: 'kms', name: 'writer decrypts with the owner\'s key through S3', principal: writer, action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, identityPolicies: writerIam, context: viaS3, expected: 'Allowed' },
    { via: 'kms', name: 'writer generates a data key with the owner\'s key through S3', principal: writer, action: 'kms:GenerateDataKey', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, identityPolicies: writerIam, context: viaS3, expected: 'Allowed' },
    { via: 'kms', name: 'writer decrypts with the owner\'s key outside S3', principal: writer, action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, identityPolicies: writerIam, context: { [ENCRYPTION_CONTEXT]: `${bucketArn}/k` }, expected: 'Denied' },
    { via: 'kms', name: 'writer decrypts another bucket\'s objects with the owner\'s key', principal: writer, action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, identityPolicies: writerIam, context: { ...viaS3, [ENCRYPTION_CONTEXT]: 'arn:aws:s3:::another-bucket/k' }, expected: 'Denied' },
    { via: 'kms', name: 'the same, without the statement in the owner\'s key policy', principal: writer, action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: withoutStatement(keyPolicy, keyDelegation), identityPolicies: writerIam, context: viaS3, expected: 'Denied' },
    { via: 'kms', name: 'a third account decrypts with the owner\'s key through S3', principal: stranger, action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, identityPolicies: [allowEverything], context: viaS3, expected: 'Denied' },
    // A third account's access point over the same bucket gets nothing from the delegation.
    { via: 'access point', name: "a third account's access point routes to the owner's bucket", principal: stranger, action: 's3:GetObject', resource: `${bucketArn}/k`, resourceAccount: OWNER, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: throughStrangers, expected: 'Denied' },
    // Directly, not through the access point: the delegation admits nothing.
    { via: 'direct', name: "writer reads the owner's bucket directly", principal: writer, action: 's3:GetObject', resource: `${bucketArn}/k`, resourceAccount: OWNER, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: tls, expected: 'Denied' },
    { via: 'direct', name: "a third account reads the owner's bucket directly", principal: stranger, action: 's3:GetObject', resource: `${bucketArn}/k`, resourceAccount: OWNER, resourcePolicy: bucketPolicy, identityPolicies: [allowEverything], context: tls, expected: 'Denied' },
    // CloudFront through the access point to the other account's bucket and key.
    { via: 'access point', name: 'this distribution reads through the access point', principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, resourceAccount: ACCOUNT, resourcePolicy: mrapPolicy, context: { ...throughThis, ...cf(distribution) }, expected: 'Allowed' },
    { via: 'access point', name: "this distribution's read routed to the owner's bucket", principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${bucketArn}/index.html`, resourceAccount: OWNER, resourcePolicy: bucketPolicy, context: { ...throughThis, ...cf(distribution) }, expected: 'Allowed' },
    { via: 'kms', name: "this distribution decrypts with the owner's key through S3", principal: 'cloudfront.amazonaws.com', action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, context: { ...viaS3, ...cf(distribution) }, expected: 'Allowed' },
    { via: 'access point', name: 'another distribution of this account reads through the access point', principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, resourceAccount: ACCOUNT, resourcePolicy: mrapPolicy, context: { ...throughThis, ...cf(`arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHER`) }, expected: 'Denied' },
    { via: 'kms', name: "a distribution of the owner's account decrypts with the owner's key", principal: 'cloudfront.amazonaws.com', action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, context: { ...viaS3, ...cf(`arn:aws:cloudfront::${OWNER}:distribution/EOWNER`) }, expected: 'Denied' },
    { via: 'kms', name: "a third account's distribution decrypts with the owner's key", principal: 'cloudfront.amazonaws.com', action: 'kms:Decrypt', resource: keyArn, resourceAccount: OWNER, resourcePolicy: keyPolicy, context: { ...viaS3, ...cf(`arn:aws:cloudfront::${STRANGER}:distribution/EFOREIGN`) }, expected: 'Denied' },
  ];

  function evaluate(c: Case): Promise<Decision> {
    const { name: _n, via, expected: _e, ...request } = c;
    if (via === 'access point') return simulateThroughAccessPoint(request);
    return simulate(via === 'kms' ? withSurrogate(request) : request);
  }

  const rows: MatrixRow[] = [];
  afterAll(() => console.log(`Cross-account Multi-Region Access Point simulation (${rows.length} cases)\n${formatMatrix(rows)}`));

  test.each(cases.map((c) => [`${c.via}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const actual = await evaluate(c);
    rows.push({ name: `${c.via}: ${c.name}`, principal: c.principal, action: c.action, resource: c.resource, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});

describe('accounts that cannot be compared at synth time are refused', () => {
  test('a bucket of a literal account behind an access point of an environment-agnostic account', () => {
    const app = new App();
    const bucketStack = new Stack(app, 'Owner', { env: { account: OWNER, region: 'eu-west-1' } });
    const bucket = new RegionalBucket(bucketStack, 'Data', { bucketName: 'owned-eu' });
    const global = new Stack(app, 'Global', { env: { region: 'us-east-1' } });
    expect(() => new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [bucket.bucket] })).toThrow(
      /Global\/AccessPoint: 'buckets\[0\]' must be in an account that can be compared with the access point's at synth time .*got Owner\/Data\/Bucket in account 222222222222 and the access point in an account that is a token/,
    );
  });

  test('environment-agnostic stacks on both sides are one account: no BucketAccountId, no error', () => {
    const app = new App();
    const bucket = new RegionalBucket(new Stack(app, 'Data', { env: { region: 'eu-west-1' } }), 'Data', { bucketName: 'agnostic-eu' });
    const global = new Stack(app, 'Global', { env: { region: 'us-east-1' } });
    new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [bucket.bucket] });
    Template.fromStack(global).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', { Regions: [{ Bucket: 'agnostic-eu', BucketAccountId: Match.absent() }] });
  });

  test('a key of a literal account given to an access point of an environment-agnostic account', () => {
    const app = new App();
    const bucket = s3.Bucket.fromBucketAttributes(new Stack(app, 'Ref', { env: { region: 'eu-west-1' } }), 'B', { bucketName: 'agnostic-eu', region: 'eu-west-1' });
    const global = new Stack(app, 'Global', { env: { region: 'us-east-1' } });
    const key = kms.Key.fromKeyArn(global, 'Key', `arn:aws:kms:eu-west-1:${OWNER}:key/11111111-2222-3333-4444-555555555555`);
    expect(() => new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [bucket], encryptionKeys: [key] })).toThrow(
      /'encryptionKeys\[0\]' must be in an account that can be compared with the access point's at synth time/,
    );
  });
});

describe('same-account setups are unchanged', () => {
  test('a distribution over a same-account SSE-KMS bucket still scopes CloudFront to its own account', () => {
    const app = new App();
    const data = new RegionalBucket(new Stack(app, 'Data', { env: { account: ACCOUNT, region: 'eu-west-1' } }), 'Data', { encryption: s3.BucketEncryption.KMS });
    const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [data.bucket] });
    new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, { originAccessLevels: [cloudfront.AccessLevel.READ] }) });
    accessPoint.grants.read(new iam.Role(global, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    const statements = statementsOf(Template.fromStack(Stack.of(data.bucket)), 'AWS::KMS::Key', ['KeyPolicy']);
    // No statement for the reader (same account: IAM alone), one for CloudFront of this account.
    expect(statements.filter((s) => JSON.stringify(s).includes('kms:ViaService'))).toEqual([]);
    expect(statements.filter((s) => s.Principal?.Service === 'cloudfront.amazonaws.com').map((s) => s.Condition.StringEquals)).toEqual([{ 'aws:SourceAccount': ACCOUNT }]);
  });
});

/**
 * Grants and routes placed in stacks of other accounts (issue 22, item 8): the access point's ARN
 * holds the alias S3 generates at deploy time, so a stack of another account could only read it
 * from the access point's stack (Fn::GetStackOutput across accounts). Such a grant or route is
 * refused; what is left reads no value of another account, and routes in another stack of the
 * access point's account deploy after it.
 */
describe('no value crosses an account at deploy time: grants and routes in other stacks', () => {
  const PARTNER_ROLE = `arn:aws:iam::${STRANGER}:role/partner-reader`;

  /** The cross-account app, with the ways that need no value of another account. */
  function wayOutApp() {
    const built = crossAccountApp();
    const { app, accessPoint } = built;
    // The partner's account, narrowed to its role: the access point and key policies admit it and name nothing that must exist first.
    accessPoint.grants.read(new iam.AccountPrincipal(STRANGER).withConditions({ ArnEquals: { 'aws:PrincipalArn': PARTNER_ROLE } }));
    // The partner's own stack gives the role its identity statement, with the alias once deployed.
    const partner = new Stack(app, 'Partner', { env: { account: STRANGER, region: 'eu-west-1' } });
    const role = new iam.Role(partner, 'Reader', { roleName: 'partner-reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const deployed = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(partner, 'Shared', {
      multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap', account: ACCOUNT, regions: ['eu-west-1', 'us-east-1'],
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [deployed.arnForObjects('*')] }));
    // Failover from an operations stack of the access point's account, in a control-plane Region.
    const ops = new Stack(app, 'Ops', { env: { account: ACCOUNT, region: 'us-west-2' } });
    new MultiRegionAccessPointRoutes(ops, 'Failover', { accessPoint, routing: Routing.activePassive({ activeRegions: ['us-east-1'] }) });
    return { ...built, partner, ops };
  }

  /** Every read of another account's stack in the templates: a stack output, an export, or the other stack's name. */
  function crossAccountReads(assembly: CloudAssembly): string[] {
    const found: string[] = [];
    for (const stack of assembly.stacks) {
      const text = JSON.stringify(stack.template);
      for (const other of assembly.stacks.filter((o) => o.environment.account !== stack.environment.account)) {
        if (text.includes(`"StackName":"${other.stackName}"`) || text.includes(`"${other.stackName}:`)) found.push(`${stack.stackName} reads ${other.stackName}`);
      }
      for (const intrinsic of ['Fn::ImportValue', 'Fn::GetStackOutput']) {
        if (text.includes(intrinsic) && stack.environment.account !== ACCOUNT) found.push(`${stack.stackName}: ${intrinsic}`);
      }
    }
    return found;
  }

  test('no template of one account reads a stack of another account', () => {
    const assembly = wayOutApp().app.synth();
    expect(crossAccountReads(assembly)).toEqual([]);
    for (const name of ['OwnerEu', 'Partner']) {
      expect(JSON.stringify(assembly.getStackByName(name).template)).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
    }
  });

  test("the access point policy admits the partner's account, narrowed to its role by aws:PrincipalArn", () => {
    const { global } = wayOutApp();
    const statements = statementsOf(Template.fromStack(global), 'AWS::S3::MultiRegionAccessPointPolicy', ['Policy']);
    expect(statements.filter((s) => JSON.stringify(s.Principal).includes(`:iam::${STRANGER}:root`)
      && s.Condition?.ArnEquals?.['aws:PrincipalArn'] === PARTNER_ROLE)).toHaveLength(1);
  });

  test('a key of another account admits a role granted by its literal ARN through its account, narrowed by aws:PrincipalArn', () => {
    const { ownerStack, accessPoint, global } = crossAccountApp();
    accessPoint.grants.read(iam.Role.fromRoleArn(global, 'PartnerReader', PARTNER_ROLE));
    const statements = statementsOf(Template.fromStack(ownerStack), 'AWS::KMS::Key', ['KeyPolicy']);
    const granted = statements.filter((s) => s.Condition?.ArnEquals?.['aws:PrincipalArn'] === PARTNER_ROLE);
    expect(granted).toHaveLength(1);
    expect(granted[0].Action).toBe('kms:Decrypt');
    expect(JSON.stringify(granted[0].Principal)).toMatch(new RegExp(`^\\{"AWS":.*:iam::${STRANGER}:root"`));
  });

  test("routes in another stack of the access point's account deploy after the access point", () => {
    const { app } = wayOutApp();
    const assembly = app.synth();
    expect(assembly.getStackByName('Ops').dependencies.map((d) => d.id)).toContain('Global');
    const report = checkDeployOrder(assembly);
    expect(report.problems).toEqual([]);
    expect(report.order.indexOf('Ops')).toBeGreaterThan(report.order.indexOf('Global'));
  });

  test("a grant to a role of another account's stack is refused, with the way out", () => {
    const { app, accessPoint } = crossAccountApp();
    const partner = new Stack(app, 'Partner', { env: { account: STRANGER, region: 'eu-west-1' } });
    const role = new iam.Role(partner, 'Reader', { roleName: 'partner-reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => accessPoint.grants.read(role)).toThrow(new RegExp(`'grantee' of grants\\.read\\(\\) must be in a stack of account ${ACCOUNT}, the access point's, `
      + `got Partner/Reader in stack Partner of account ${STRANGER}: .*new iam\\.AccountPrincipal\\('${STRANGER}'\\)\\.withConditions\\(\\{ ArnEquals: \\{ 'aws:PrincipalArn': 'arn:aws:iam::${STRANGER}:role/<name>' \\} \\}\\)`));
    expect(() => accessPoint.grants.manage(role)).toThrow(new RegExp(`'grantee' of grants\\.manage\\(\\) must be in a stack of account ${ACCOUNT}.* `
      + `The control plane is used from the owning account: manage the access point from a role of account ${ACCOUNT}$`));
  });

  test('routes in a stack of another account are refused, with the way out', () => {
    const { app, accessPoint } = crossAccountApp();
    const ops = new Stack(app, 'Ops', { env: { account: OWNER, region: 'us-west-2' } });
    expect(() => new MultiRegionAccessPointRoutes(ops, 'Failover', { accessPoint, routing: Routing.activeActive() }))
      .toThrow(new RegExp(`'accessPoint' must be created in a stack of account ${OWNER}, the routes' stack's, got Global/AccessPoint in stack Global of account ${ACCOUNT}: `
        + `.*create the routes in a stack of account ${ACCOUNT}`));
  });

  test('an imported access point has a literal ARN: a grant or routes in any stack read nothing at deploy time', () => {
    const app = new App();
    const ops = new Stack(app, 'Ops', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops, 'Shared', { multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap', regions: ['eu-west-1', 'us-east-1'] });
    new MultiRegionAccessPointRoutes(ops, 'Failover', { accessPoint, routing: Routing.activeActive() });
    accessPoint.grants.read(new iam.Role(ops, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    expect(ops.dependencies).toEqual([]);
    expect(JSON.stringify(app.synth().getStackByName('Ops').template)).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
  });
});
