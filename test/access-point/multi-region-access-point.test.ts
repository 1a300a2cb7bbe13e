import { App, Aws, Stack, Token, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MultiRegionAccessPoint, MultiRegionAccessPointGrants, MultiRegionAccessPointProps, RegionalBucket, Routing } from '../../src';
import { expectNagClean } from '../util/nag';
import { ACCOUNT } from '../util/stacks';
import { cliWarnings } from '../util/toolkit';

const OTHER_ACCOUNT = '222222222222';
const env = (region: string, account = ACCOUNT) => ({ account, region });

/** An app with the access point's stack in us-east-1 and a plain versioned bucket per Region in it. */
function accessPointStack(regions = ['us-east-1', 'eu-west-1'], props: Partial<MultiRegionAccessPointProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Global', { env: env('us-east-1') });
  const buckets = regions.map((region, i) =>
    s3.Bucket.fromBucketAttributes(stack, `Bucket${i}`, { bucketName: `data-${region}`, region }),
  );
  const accessPoint = new MultiRegionAccessPoint(stack, 'AccessPoint', { buckets, ...props });
  return { app, stack, buckets, accessPoint };
}

/** Regional stacks with a RegionalBucket each, and the access point in a us-east-1 stack. */
function regionalApp(regions = ['eu-west-1', 'ap-southeast-2'], props: Partial<MultiRegionAccessPointProps> = {}) {
  const app = new App();
  const regional = regions.map((region) => {
    const stack = new Stack(app, `Data-${region}`, { env: env(region) });
    return { stack, data: new RegionalBucket(stack, 'Data') };
  });
  const stack = new Stack(app, 'Global', { env: env('us-east-1') });
  const accessPoint = new MultiRegionAccessPoint(stack, 'AccessPoint', { buckets: regional.map((r) => r.data.bucket), ...props });
  for (const r of regional) {
    Validations.of(r.stack).acknowledge(
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
        id: `${pack}-S3BucketReplicationEnabled`,
        reason: 'Test: replication is the job of the replication constructs, not of the access point.',
      })),
    );
  }
  return { app, stack, regional, accessPoint };
}

const multiRegionAccessPointArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${ACCOUNT}:accesspoint/`, { 'Fn::GetAtt': [Match.anyValue(), 'Alias'] }]],
};

describe('MultiRegionAccessPoint defaults', () => {
  test('matches the snapshot', () => {
    const { stack } = regionalApp();
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });

  test('one AWS::S3::MultiRegionAccessPoint with every bucket, Block Public Access on, a generated name', () => {
    const { stack } = accessPointStack();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::MultiRegionAccessPoint', 1);
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Name: Match.stringLikeRegexp('^global-accesspoint-66b1a60b-[0-9a-f]{8}$'),
      // Sorted by Region, whatever the order of 'buckets'.
      Regions: [{ Bucket: 'data-eu-west-1' }, { Bucket: 'data-us-east-1' }],
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  test('the main resource has the construct ID Resource', () => {
    const { accessPoint } = accessPointStack();
    expect(accessPoint.node.defaultChild).toBeInstanceOf(s3.CfnMultiRegionAccessPoint);
    expect(accessPoint.node.defaultChild!.node.id).toBe('Resource');
  });

  test('creates no policy, no routes and no custom resource until asked', () => {
    const { stack, accessPoint } = accessPointStack();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::MultiRegionAccessPointPolicy', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(accessPoint.routes).toBeUndefined();
  });

  test('the generated name is deterministic, lowercase and within the name rules', () => {
    const nameOf = () => {
      const { stack, accessPoint } = accessPointStack();
      return stack.resolve((accessPoint.node.defaultChild as s3.CfnMultiRegionAccessPoint).name);
    };
    expect(nameOf()).toBe(nameOf());
    const app = new App();
    const stack = new Stack(app, 'AVeryLongStackNameThatGoesOnAndOnForeverAndEver', { env: env('us-east-1') });
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'B', { bucketName: 'bbb', region: 'us-east-1' });
    const ap = new MultiRegionAccessPoint(stack, 'AnAccessPointWithAnEvenLongerConstructIdThanTheStack', { buckets: [bucket] });
    const name = stack.resolve((ap.node.defaultChild as s3.CfnMultiRegionAccessPoint).name);
    expect(name).toMatch(/^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/);
    expect(name.length).toBeLessThanOrEqual(50);
  });

  test('attributes: name (Ref), alias (GetAtt Alias), ARN, host name, object ARNs and Regions', () => {
    const { stack, accessPoint } = accessPointStack();
    const logicalId = stack.getLogicalId(accessPoint.node.defaultChild as s3.CfnMultiRegionAccessPoint);
    expect(stack.resolve(accessPoint.multiRegionAccessPointName)).toEqual({ Ref: logicalId });
    expect(stack.resolve(accessPoint.multiRegionAccessPointAlias)).toEqual({ 'Fn::GetAtt': [logicalId, 'Alias'] });
    expect(stack.resolve(accessPoint.multiRegionAccessPointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${ACCOUNT}:accesspoint/`, { 'Fn::GetAtt': [logicalId, 'Alias'] }]],
    });
    expect(stack.resolve(accessPoint.multiRegionAccessPointDomainName)).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId, 'Alias'] }, '.accesspoint.s3-global.amazonaws.com']],
    });
    expect(stack.resolve(accessPoint.arnForObjects('reports/*'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${ACCOUNT}:accesspoint/`, { 'Fn::GetAtt': [logicalId, 'Alias'] }, '/object/reports/*']],
    });
    expect(accessPoint.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(stack.resolve(accessPoint.multiRegionAccessPointRef.multiRegionAccessPointName)).toEqual({ Ref: logicalId });
  });

  test('the generated name changes with the set of buckets, so the replacement of the access point can proceed', () => {
    const nameOf = (regions: string[]) => accessPointStack(regions).stack.resolve(
      (accessPointStack(regions).accessPoint.node.defaultChild as s3.CfnMultiRegionAccessPoint).name,
    );
    const two = nameOf(['us-east-1', 'eu-west-1']);
    const three = nameOf(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    const other = nameOf(['us-east-1', 'ap-southeast-2']);
    expect(new Set([two, three, other]).size).toBe(3);
    for (const name of [two, three, other]) {
      expect(name).toMatch(/^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/);
      // The construct path part stays, only the bucket-set part changes.
      expect(name).toMatch(/^global-accesspoint-66b1a60b-[0-9a-f]{8}$/);
    }
  });

  test('a bucket of the same Region with another name is another set (another name)', () => {
    const app = new App();
    const stack = new Stack(app, 'Global', { env: env('us-east-1') });
    const nameWith = (id: string, bucketName: string) => stack.resolve((new MultiRegionAccessPoint(stack, 'AccessPoint', {
      buckets: [s3.Bucket.fromBucketAttributes(stack, `${id}B`, { bucketName, region: 'eu-west-1' })],
    }).node.defaultChild as s3.CfnMultiRegionAccessPoint).name);
    const first = nameWith('First', 'data-a');
    stack.node.tryRemoveChild('AccessPoint');
    expect(nameWith('Second', 'data-b')).not.toEqual(first);
  });

  test('reordering the buckets changes nothing in the template', () => {
    const before = Template.fromStack(accessPointStack(['us-east-1', 'eu-west-1', 'ap-southeast-2'], { routing: Routing.activeActive() }).stack).toJSON();
    const after = Template.fromStack(accessPointStack(['ap-southeast-2', 'us-east-1', 'eu-west-1'], { routing: Routing.activeActive() }).stack).toJSON();
    // The imported buckets' construct IDs follow the order in this fixture; the template names only the buckets.
    expect(after.Resources).toEqual(before.Resources);
  });

  test('with buckets of other stacks, the name is computed from their generated names', () => {
    const names = (regions: string[]) => {
      const { stack, accessPoint } = regionalApp(regions);
      return stack.resolve((accessPoint.node.defaultChild as s3.CfnMultiRegionAccessPoint).name);
    };
    expect(names(['eu-west-1', 'ap-southeast-2'])).toEqual(names(['ap-southeast-2', 'eu-west-1']));
    expect(names(['eu-west-1', 'ap-southeast-2'])).not.toEqual(names(['eu-west-1', 'ap-southeast-2', 'us-west-2']));
  });

  test('the policy and the routes name the access point by reference, so they follow a replacement', () => {
    const { stack, accessPoint } = accessPointStack(undefined, { routing: Routing.activeActive() });
    accessPoint.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: ['s3:GetObject'], resources: [accessPoint.arnForObjects('*')],
    }));
    const logicalId = stack.getLogicalId(accessPoint.node.defaultChild as s3.CfnMultiRegionAccessPoint);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', { MrapName: { Ref: logicalId } });
    const routes = template.findResources('Custom::MultiRegionAccessPointRoutes');
    expect(JSON.stringify(routes)).toContain(`"Fn::GetAtt":["${logicalId}","Alias"]`);
  });

  test('an explicit name is used as is', () => {
    const { stack } = accessPointStack(undefined, { multiRegionAccessPointName: 'my-data' });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', { Name: 'my-data' });
  });

  test('a bucket of another account is named with its account ID', () => {
    const app = new App();
    const stack = new Stack(app, 'Global', { env: env('us-east-1') });
    const other = new Stack(app, 'Other', { env: env('eu-west-1', OTHER_ACCOUNT) });
    const theirs = new s3.Bucket(other, 'Theirs', { bucketName: 'theirs', versioned: true });
    const ours = s3.Bucket.fromBucketAttributes(stack, 'Ours', { bucketName: 'ours', region: 'us-east-1' });
    new MultiRegionAccessPoint(stack, 'AccessPoint', { buckets: [ours, theirs] });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Regions: [{ Bucket: 'theirs', BucketAccountId: OTHER_ACCOUNT }, { Bucket: 'ours', BucketAccountId: Match.absent() }],
    });
    // The delegation in the other account names the access point's account.
    Template.fromStack(other).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } } })]) },
    });
  });

  test('weaker Block Public Access settings are passed on, with a warning', async () => {
    const { app, stack } = accessPointStack(undefined, {
      blockPublicAccess: new s3.BlockPublicAccess({
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: false,
      }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      PublicAccessBlockConfiguration: { RestrictPublicBuckets: false },
    });
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:accessPointPublicAccessNotBlocked');
    expect(warnings.map((w) => [w.paths, w.message])).toEqual([[['Global/AccessPoint'], expect.stringMatching(/Block Public Access is not fully on/)]]);
  });
});

describe('MultiRegionAccessPoint policy', () => {
  test('addToResourcePolicy creates the policy on first use, with the statements added later too', () => {
    const { stack, accessPoint } = accessPointStack();
    const partner = new iam.ArnPrincipal(`arn:aws:iam::${OTHER_ACCOUNT}:role/partner`);
    const first = accessPoint.addToResourcePolicy(new iam.PolicyStatement({ principals: [partner], actions: ['s3:GetObject'], resources: [accessPoint.arnForObjects('a/*')] }));
    accessPoint.addToResourcePolicy(new iam.PolicyStatement({ principals: [partner], actions: ['s3:PutObject'], resources: [accessPoint.arnForObjects('b/*')] }));
    expect(first.statementAdded).toBe(true);
    expect(first.policyDependable).toBe(accessPoint.node.findChild('Policy'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::MultiRegionAccessPointPolicy', 1);
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      MrapName: { Ref: stack.getLogicalId(accessPoint.node.defaultChild as s3.CfnMultiRegionAccessPoint) },
      Policy: {
        Version: '2012-10-17',
        Statement: [
          Match.objectLike({ Action: 's3:GetObject', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner` } }),
          Match.objectLike({ Action: 's3:PutObject' }),
        ],
      },
    });
  });

  test('an initial policy document is used and extended', () => {
    const policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: ['s3:GetObject'], resources: ['*'] })],
    });
    const { stack, accessPoint } = accessPointStack(undefined, { policy });
    accessPoint.grants.read(new iam.AccountPrincipal('333333333333'));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: { Statement: [Match.objectLike({ Resource: '*' }), Match.objectLike({ Action: Match.arrayWith(['s3:GetObject', 's3:ListBucket']) })] },
    });
  });

  test('an empty initial policy or a statement without principals fails synthesis', () => {
    const empty = accessPointStack(undefined, { policy: new iam.PolicyDocument() });
    expect(() => empty.app.synth()).toThrow(/'policy' must contain at least one statement, got an empty policy document/);
    const noPrincipal = accessPointStack();
    noPrincipal.accessPoint.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(() => noPrincipal.app.synth()).toThrow(/at least one IAM principal/);
  });
});

describe('MultiRegionAccessPoint grants', () => {
  test('grants is one MultiRegionAccessPointGrants per access point; fromMultiRegionAccessPoint grants the same', () => {
    const { stack, accessPoint } = accessPointStack();
    expect(accessPoint.grants).toBeInstanceOf(MultiRegionAccessPointGrants);
    expect(accessPoint.grants).toBe(accessPoint.grants);
    const viaProperty = new iam.Role(stack, 'A', { assumedBy: new iam.AccountRootPrincipal() });
    const viaFactory = new iam.Role(stack, 'B', { assumedBy: new iam.AccountRootPrincipal() });
    accessPoint.grants.read(viaProperty);
    MultiRegionAccessPointGrants.fromMultiRegionAccessPoint(accessPoint).read(viaFactory);
    const statementsOf = (role: string) => Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statementsOf('"A')).toEqual(statementsOf('"B'));
  });

  test('actions grants the given actions on the access point and every object; another account also in the access point policy', () => {
    const { stack, accessPoint } = accessPointStack();
    const auditor = new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
    const own = accessPoint.grants.actions(auditor, 's3:GetObjectAcl', 's3:RestoreObject', 's3:GetObjectAcl');
    expect(own.resourceStatement).toBeUndefined();
    const partner = iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/legal`);
    const theirs = accessPoint.grants.actions(partner, 's3:PutObjectLegalHold');
    expect(theirs.resourceStatement).toBeDefined();
    const objects = { 'Fn::Join': ['', [...multiRegionAccessPointArn['Fn::Join'][1], '/object/*']] };
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObjectAcl', 's3:RestoreObject'], Resource: [multiRegionAccessPointArn, objects] }] },
    });
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/legal` }, Action: 's3:PutObjectLegalHold', Resource: [multiRegionAccessPointArn, objects] }] },
    });
  });

  test('actions with SSE-KMS buckets: the key actions the S3 actions need, plus the kms: actions given, on each key only', () => {
    const app = new App();
    const data = ['eu-west-1', 'ap-southeast-2'].map((region) => new RegionalBucket(new Stack(app, `Data-${region}`, { env: env(region) }), 'Data', { encryption: s3.BucketEncryption.KMS }));
    const stack = new Stack(app, 'Global', { env: env('us-east-1') });
    const accessPoint = new MultiRegionAccessPoint(stack, 'AccessPoint', { buckets: data.map((d) => d.bucket) });
    const grantees = {
      acl: (r: iam.IRole) => accessPoint.grants.actions(r, 's3:GetObjectAcl'),
      get: (r: iam.IRole) => accessPoint.grants.actions(r, 's3:GetObject'),
      // (s3:Put* is refused: it also matches s3:PutMultiRegionAccessPointPolicy.)
      put: (r: iam.IRole) => accessPoint.grants.actions(r, 's3:PutObject*', 'kms:ReEncrypt*'),
    };
    const roles = Object.fromEntries(Object.entries(grantees).map(([name, grant]) => {
      const role = new iam.Role(stack, `Role-${name}`, { assumedBy: new iam.AccountRootPrincipal() });
      grant(role);
      return [name, stack.getLogicalId(role.node.defaultChild as iam.CfnRole)];
    }));
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    const statementsOf = (name: string) => policies
      .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roles[name] }]))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const keyActionsOf = (statements: any[]) => statements.filter((st) => [st.Action].flat().some((a: string) => a.startsWith('kms:'))).map((st) => st.Action);
    // Not object content: no key.
    expect(keyActionsOf(statementsOf('acl'))).toEqual([]);
    // Reads object content: decrypt with each bucket's key.
    expect(keyActionsOf(statementsOf('get'))).toEqual(['kms:Decrypt', 'kms:Decrypt']);
    // A pattern that matches PutObject writes: encrypt too; the given kms: action is added.
    const writer = statementsOf('put');
    expect(keyActionsOf(writer)).toEqual([0, 1].map(() => ['kms:ReEncrypt*', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt']));
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      expect(writer).toContainEqual(expect.objectContaining({
        Resource: `arn:aws:kms:${region}:${ACCOUNT}:key/*`,
        Condition: expect.objectContaining({ StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } }),
      }));
    }
    // The S3 statement carries no kms: action.
    expect(writer).toContainEqual(expect.objectContaining({ Action: 's3:PutObject*' }));
  });

  test('same-account principals get an identity policy only, on the access point and its objects', () => {
    const { stack, accessPoint } = accessPointStack();
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const grant = accessPoint.grants.read(role);
    expect(grant.success).toBe(true);
    expect(grant.resourceStatement).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::MultiRegionAccessPointPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:GetObjectTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:ListBucket'],
            Resource: [multiRegionAccessPointArn, { 'Fn::Join': ['', [...multiRegionAccessPointArn['Fn::Join'][1], '/object/*']] }],
          },
        ],
      },
    });
  });

  test('principals of other accounts also get a statement in the access point policy', () => {
    const { stack, accessPoint } = accessPointStack();
    const partner = iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${OTHER_ACCOUNT}:role/partner`);
    const grant = accessPoint.grants.write(partner, 'uploads/*');
    expect(grant.resourceStatement).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/partner` },
            Action: [
              's3:PutObject',
              's3:AbortMultipartUpload',
              's3:ListMultipartUploadParts',
              's3:PutObjectTagging',
              's3:DeleteObjectTagging',
              's3:DeleteObject',
              's3:ListBucketMultipartUploads',
            ],
            Resource: [multiRegionAccessPointArn, { 'Fn::Join': ['', [...multiRegionAccessPointArn['Fn::Join'][1], '/object/uploads/*']] }],
          },
        ],
      },
    });
  });

  test('a service principal is granted in the access point policy, with the source condition it was given', () => {
    const { stack, accessPoint } = accessPointStack();
    const distribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/EDFDVBD6EXAMPLE`;
    accessPoint.grants.read(new iam.ServicePrincipal('cloudfront.amazonaws.com').withConditions({ StringEquals: { 'AWS:SourceArn': distribution } }));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: { Statement: [Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': distribution } } })] },
    });
  });

  test('grants.readWrite grants read and write; no grant includes CopyObject-only or version actions', () => {
    const { stack, accessPoint } = accessPointStack();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    accessPoint.grants.readWrite(role);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const actions: string[] = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => s.Action));
    expect(actions.sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:DeleteObjectTagging',
      's3:GetObject',
      's3:GetObjectLegalHold',
      's3:GetObjectRetention',
      's3:GetObjectTagging',
      's3:ListBucket',
      's3:ListBucketMultipartUploads',
      's3:ListMultipartUploadParts',
      's3:PutObject',
      's3:PutObjectTagging',
    ]);
    expect(actions.some((a) => /Version|\*|Acl/.test(a))).toBe(false);
  });

  test('grants.manage grants the control plane of this access point, and account-wide listing', () => {
    const { stack, accessPoint } = accessPointStack();
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    accessPoint.grants.manage(operator);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::MultiRegionAccessPointPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              's3:GetMultiRegionAccessPoint',
              's3:GetMultiRegionAccessPointPolicy',
              's3:GetMultiRegionAccessPointPolicyStatus',
              's3:GetMultiRegionAccessPointRoutes',
              's3:SubmitMultiRegionAccessPointRoutes',
            ],
            Resource: multiRegionAccessPointArn,
          },
          { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: 's3:DescribeMultiRegionAccessPointOperation',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:us-west-2:${ACCOUNT}:async-request/mrap/*`]] },
          },
        ],
      },
    });
  });
});

describe('MultiRegionAccessPoint bucket delegation', () => {
  test('each bucket policy delegates to the access points of this account, in the bucket stack', () => {
    const { app, regional } = regionalApp();
    app.synth();
    for (const { stack } of regional) {
      Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: [
                's3:GetObject',
                's3:GetObjectTagging',
                's3:GetObjectRetention',
                's3:GetObjectLegalHold',
                's3:ListBucket',
                's3:PutObject',
                's3:AbortMultipartUpload',
                's3:ListMultipartUploadParts',
                's3:PutObjectTagging',
                's3:DeleteObjectTagging',
                's3:DeleteObject',
                's3:ListBucketMultipartUploads',
                's3:GetObjectAcl',
                's3:PutObjectAcl',
                's3:PutObjectRetention',
                's3:PutObjectLegalHold',
                's3:RestoreObject',
              ],
              Resource: [
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataBucket'), 'Arn'] },
                { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DataBucket'), 'Arn'] }, '/*']] },
              ],
              Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
            },
          ]),
        },
      });
    }
  });

  test('the delegation references nothing of the access point stack (no export, no import, no alias)', () => {
    const { app, regional } = regionalApp();
    const assembly = app.synth();
    for (const { stack } of regional) {
      const template = JSON.stringify(assembly.getStackByName(stack.stackName).template);
      expect(template).not.toMatch(/ImportValue|Alias|:accesspoint\//);
    }
  });

  test('the access point stack depends on every bucket stack, not the reverse', () => {
    const { stack, regional } = regionalApp();
    expect(stack.dependencies.map((s) => s.stackName).sort()).toEqual(regional.map((r) => r.stack.stackName).sort());
    for (const r of regional) expect(r.stack.dependencies).toEqual([]);
  });

  test('can be turned off', () => {
    const { regional } = regionalApp(undefined, { delegateBucketAccessControl: false });
    for (const { stack } of regional) {
      expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('s3:DataAccessPointAccount');
    }
  });

  test('an imported bucket cannot be changed: a warning says what to add', async () => {
    const { app } = accessPointStack();
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:bucketDelegationNotAdded');
    // One per imported bucket.
    expect(warnings.map((w) => [w.paths, w.message])).toEqual(['data-us-east-1', 'data-eu-west-1'].map(() => [
      ['Global/AccessPoint'], expect.stringMatching(/Cannot add the statement that delegates access control.*bucketDelegationStatement/),
    ]));
  });

  test('bucketDelegationStatement is usable on its own', () => {
    const app = new App();
    const stack = new Stack(app, 'Owner', { env: env('eu-west-1', OTHER_ACCOUNT) });
    const bucket = new s3.Bucket(stack, 'Shared', { versioned: true });
    bucket.addToResourcePolicy(MultiRegionAccessPoint.bucketDelegationStatement(bucket, ACCOUNT));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: '*' }, Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } } })] },
    });
  });

  test('the delegation is non-public by the rules of S3 Block Public Access: a fixed s3:DataAccessPointAccount on every wildcard-principal Allow', () => {
    const { app, regional } = regionalApp();
    const assembly = app.synth();
    for (const { stack } of regional) {
      const policies = Object.values<any>(assembly.getStackByName(stack.stackName).template.Resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy');
      for (const policy of policies) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          if (statement.Effect !== 'Allow' || JSON.stringify(statement.Principal) !== '{"AWS":"*"}') continue;
          const account = statement.Condition?.StringEquals?.['s3:DataAccessPointAccount'];
          expect(account).toMatch(/^\d{12}$/);
        }
      }
    }
  });
});

describe('MultiRegionAccessPoint imports', () => {
  test('an access point imported with its name gives the aws-cdk-lib reference', () => {
    const stack = new Stack(new App(), 'S', { env: env('eu-west-1') });
    const imported = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap', multiRegionAccessPointName: 'shared' });
    expect(imported.multiRegionAccessPointRef).toEqual({ multiRegionAccessPointName: 'shared' });
  });

  test('fromMultiRegionAccessPointArn parses alias and account, checks the ARN and cannot change the policy', () => {
    const stack = new Stack(new App(), 'S', { env: env('eu-west-1') });
    const imported = MultiRegionAccessPoint.fromMultiRegionAccessPointArn(stack, 'Imported', `arn:aws:s3::${OTHER_ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`);
    expect(stack.resolve(imported.multiRegionAccessPointAlias)).toBe('mfzwi23gnjvgw.mrap');
    expect(imported.multiRegionAccessPointArn).toBe(`arn:aws:s3::${OTHER_ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`);
    expect(imported.env.account).toBe(OTHER_ACCOUNT);
    expect(stack.resolve(imported.multiRegionAccessPointDomainName)).toBe('mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com');
    expect(imported.regions).toEqual([]);
    expect(() => imported.multiRegionAccessPointName).toThrow(/'multiRegionAccessPointName' is not known/);
    expect(() => imported.multiRegionAccessPointRef).toThrow(
      /'multiRegionAccessPointRef' needs the access point's name, .* import it with MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes\(scope, id, \{ multiRegionAccessPointAlias, multiRegionAccessPointName \}\)/,
    );
    expect(imported.addToResourcePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })).statementAdded).toBe(false);
  });

  test('fromMultiRegionAccessPointArn rejects what is not a Multi-Region Access Point ARN, and skips tokens', () => {
    const stack = new Stack(new App(), 'S', { env: env('eu-west-1') });
    for (const arn of [
      'arn:aws:s3:::bucket',
      `arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/regional`,
      `arn:aws:s3::${ACCOUNT}:accesspoint/no-suffix`,
      'mfzwi23gnjvgw.mrap',
    ]) {
      expect(() => MultiRegionAccessPoint.fromMultiRegionAccessPointArn(stack, arn, arn)).toThrow(
        `S: 'multiRegionAccessPointArn' must be arn:<partition>:s3::<account>:accesspoint/<alias>.mrap, got '${arn}'`,
      );
    }
    const fromToken = MultiRegionAccessPoint.fromMultiRegionAccessPointArn(stack, 'Token', Token.asString({ Ref: 'Arn' }));
    expect(stack.resolve(fromToken.multiRegionAccessPointAlias)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'Arn' }] }] }] }],
    });
  });

  test('fromMultiRegionAccessPointAttributes builds the ARN in the given or current account', () => {
    const stack = new Stack(new App(), 'S', { env: env('eu-west-1') });
    const mine = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Mine', {
      multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap',
      multiRegionAccessPointName: 'shared-data',
      regions: ['us-east-1', 'eu-west-1'],
    });
    expect(stack.resolve(mine.multiRegionAccessPointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`]],
    });
    expect(mine.multiRegionAccessPointName).toBe('shared-data');
    expect(mine.regions).toEqual(['us-east-1', 'eu-west-1']);
    const theirs = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Theirs', { multiRegionAccessPointAlias: 'abc.mrap', account: OTHER_ACCOUNT });
    expect(theirs.env.account).toBe(OTHER_ACCOUNT);
    expect(() =>
      MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Bad', { multiRegionAccessPointAlias: 'my-access-point' }),
    ).toThrow("S: 'multiRegionAccessPointAlias' must be the alias of a Multi-Region Access Point (<letters and digits>.mrap), got 'my-access-point'");
  });

  test('grants on an imported access point: identity policy in the same account, nothing to add to its policy', () => {
    const stack = new Stack(new App(), 'S', { env: env('eu-west-1') });
    const imported = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Mine', { multiRegionAccessPointAlias: 'abc.mrap' });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    imported.grants.read(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['s3:GetObject']) })] },
    });
  });
});

describe('MultiRegionAccessPoint validation', () => {
  // Well-formed Region names (new ones to this library, so they only warn).
  const regionsOf = (n: number) => Array.from({ length: n }, (_, i) => `xx-east-${i + 1}`);

  test.each([
    ['ab', "'multiRegionAccessPointName' must be 3 to 50 lowercase letters, numbers and hyphens, starting and ending with a letter or number, got 'ab'"],
    ['a'.repeat(51), `got '${'a'.repeat(51)}'`],
    ['My-Data', "got 'My-Data'"],
    ['-data', "got '-data'"],
    ['data-', "got 'data-'"],
    ['data_set', "got 'data_set'"],
  ])('name %s is rejected', (name, message) => {
    expect(() => accessPointStack(undefined, { multiRegionAccessPointName: name })).toThrow(message);
  });

  test('names at the limits and tokens are accepted', () => {
    expect(() => accessPointStack(undefined, { multiRegionAccessPointName: 'abc' })).not.toThrow();
    expect(() => accessPointStack(undefined, { multiRegionAccessPointName: `a${'-'.repeat(48)}z` })).not.toThrow();
    expect(() => accessPointStack(undefined, { multiRegionAccessPointName: Aws.STACK_NAME })).not.toThrow();
  });

  test('no bucket', () => {
    expect(() => accessPointStack([])).toThrow("Global/AccessPoint: 'buckets' must contain 1 to 17 buckets, one per Region, got 0");
  });

  test('more than 17 buckets', () => {
    expect(() => accessPointStack(regionsOf(18))).toThrow("'buckets' must contain 1 to 17 buckets, one per Region, got 18");
    expect(() => accessPointStack(regionsOf(17))).not.toThrow();
  });

  test('two buckets in one Region', () => {
    expect(() => accessPointStack(['us-east-1', 'eu-west-1', 'us-east-1'])).toThrow(
      "'buckets' must have at most one bucket per Region, got buckets[0] and buckets[2] in us-east-1",
    );
  });

  test('a bucket whose Region cannot be known', () => {
    const app = new App();
    const agnostic = new Stack(app, 'Agnostic');
    const bucket = new s3.Bucket(agnostic, 'Bucket', { versioned: true });
    const stack = new Stack(app, 'Global', { env: env('us-east-1') });
    expect(() => new MultiRegionAccessPoint(stack, 'AccessPoint', { buckets: [bucket] })).toThrow(
      "Global/AccessPoint: 'buckets[0]' must have a known Region (define it in a stack with an explicit Region, or import it with s3.Bucket.fromBucketAttributes and 'region'), got Agnostic/Bucket in an environment-agnostic stack",
    );
  });

  test('an unversioned bucket when replication is expected, or when it has replication rules', () => {
    const app = new App();
    const regional = new Stack(app, 'Regional', { env: env('eu-west-1') });
    const unversioned = new s3.Bucket(regional, 'Unversioned');
    const versioned = new s3.Bucket(regional, 'Versioned', { versioned: true });
    const stack = new Stack(app, 'Global', { env: env('us-east-1') });
    const east = new Stack(app, 'East', { env: env('us-east-1') });
    const replicated = new s3.CfnBucket(east, 'Replicated', {
      replicationConfiguration: { role: 'arn:aws:iam::111111111111:role/r', rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::x' } }] },
    });
    const replicatedBucket = s3.Bucket.fromCfnBucket(replicated);

    expect(() => new MultiRegionAccessPoint(stack, 'Expect', { buckets: [unversioned], expectReplication: true })).toThrow(
      "Global/Expect: 'buckets[0]' must be versioned because 'expectReplication' is true, got Regional/Unversioned with versioning off",
    );
    expect(() => new MultiRegionAccessPoint(stack, 'Rules', { buckets: [replicatedBucket, versioned] })).toThrow(
      "Global/Rules: 'buckets[0]' must be versioned because the bucket has replication rules, got East/Replicated/@FromCfnBucket with versioning off",
    );
    // Without replication, versioning is not required; with it, versioned buckets pass.
    expect(() => new MultiRegionAccessPoint(stack, 'NoReplication', { buckets: [unversioned] })).not.toThrow();
    expect(() => new MultiRegionAccessPoint(stack, 'Versioned', { buckets: [versioned], expectReplication: true })).not.toThrow();
  });

  test('versioning of an imported bucket is unknowable and not checked', () => {
    expect(() => accessPointStack(undefined, { expectReplication: true })).not.toThrow();
  });

  test('a control-plane Region without routing', () => {
    expect(() => accessPointStack(undefined, { routingControlPlaneRegion: 'eu-west-1' })).toThrow(
      "Global/AccessPoint: 'routingControlPlaneRegion' is set to 'eu-west-1' but 'routing' is not",
    );
  });

  test('routing errors name the routing property', () => {
    expect(() => accessPointStack(undefined, { routing: Routing.activePassive({ activeRegions: [] }) })).toThrow(
      "Global/AccessPoint/Routes: 'routing' must leave at least one Region active, got all passive (us-east-1, eu-west-1)",
    );
  });
});

describe('MultiRegionAccessPoint cdk-nag', () => {
  test('the access point stack and the bucket stacks are clean, with a policy and routes', () => {
    const { app, accessPoint } = regionalApp(['eu-west-1', 'ap-southeast-2'], {
      routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
    });
    accessPoint.grants.read(new iam.AccountPrincipal(OTHER_ACCOUNT));
    expectNagClean(app);
  });
});
