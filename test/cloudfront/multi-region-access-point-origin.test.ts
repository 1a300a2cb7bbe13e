import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  MultiRegionAccessPoint,
  MultiRegionAccessPointOrigin,
  MultiRegionAccessPointOriginProps,
  RegionalBucket,
  SecureDistribution,
} from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { checkDeployOrder } from '../util/deploy-order';
import { ANONYMOUS, formatMatrix, matches, MatrixRow, simulate } from '../util/iam-simulation';
import { expectNagClean } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT, testStack } from '../util/stacks';
import { cliWarnings } from '../util/toolkit';

const REGIONS = ['eu-west-1', 'eu-central-1', 'ap-southeast-2'];

/** Three Regional bucket stacks, and a us-east-1 stack with the access point and the distribution. */
function siteApp(props?: MultiRegionAccessPointOriginProps, allowedMethods?: cloudfront.AllowedMethods) {
  const app = new App();
  const buckets = REGIONS.map((region) => {
    const stack = new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } });
    const data = new RegionalBucket(stack, 'Data');
    Validations.of(stack).acknowledge(...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((p) => ({
      id: `${p}-S3BucketReplicationEnabled`, reason: 'Replication is not under test here.',
    })));
    return data.bucket;
  });
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { multiRegionAccessPointName: 'site', buckets });
  const cdn = new SecureDistribution(global, 'Cdn', {
    origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, props),
    defaultBehavior: { allowedMethods },
  });
  return { app, global, accessPoint, cdn };
}

describe('MultiRegionAccessPointOrigin', () => {
  test('the global stack matches the snapshot', () => {
    expect(Template.fromStack(siteApp().global).toJSON()).toMatchSnapshot();
  });

  test('signs SigV4A through an S3 Origin Access Control', () => {
    const template = Template.fromStack(siteApp().global);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4a' }),
    });
  });

  test('the origin is the access point global endpoint, as an S3 origin with the OAC and HTTPS-only viewers', () => {
    const template = Template.fromStack(siteApp().global);
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(config.Origins).toHaveLength(1);
    const [origin] = config.Origins;
    expect(origin.DomainName).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^AccessPoint/), 'Alias'] }, '.accesspoint.s3-global.amazonaws.com']] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });

  test('takes every option of a CloudFront origin (cloudfront.OriginProps) and keeps its own Origin Access Control', () => {
    const { global } = siteApp({ originPath: '/site', connectionAttempts: 2, connectionTimeout: Duration.seconds(5), customHeaders: { 'x-origin': 'mrap' }, originShieldRegion: 'us-east-1' });
    const [origin] = Object.values(Template.fromStack(global).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig.Origins;
    expect(origin).toMatchObject({
      OriginPath: '/site',
      ConnectionAttempts: 2,
      ConnectionTimeout: 5,
      OriginCustomHeaders: [{ HeaderName: 'x-origin', HeaderValue: 'mrap' }],
      OriginShield: { Enabled: true, OriginShieldRegion: 'us-east-1' },
    });
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
  });

  test('the access point policy lets exactly this distribution read objects', () => {
    const template = Template.fromStack(siteApp().global);
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudFrontOriginAccessControl',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Cdn') }])]) }) } },
        })]),
      },
    });
  });

  test('writes are opt-in', () => {
    const template = Template.fromStack(siteApp({
      originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.WRITE, cloudfront.AccessLevel.LIST],
    }, cloudfront.AllowedMethods.ALLOW_ALL).global);
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowCloudFrontOriginAccessControl', Action: ['s3:GetObject', 's3:PutObject'] }),
          Match.objectLike({ Sid: 'AllowCloudFrontOriginAccessControlList', Action: 's3:ListBucket' }),
        ]),
      },
    });
  });

  test('the stack graph is acyclic and ordered: buckets first, then the access point and distribution', () => {
    const { app } = siteApp();
    const report = checkDeployOrder(app.synth());
    expect(report.problems).toEqual([]);
    expect(report.order[report.order.length - 1]).toBe('Global');
    const globalNeeds = new Set(report.checked.filter((c) => c.stack === 'Global').map((c) => c.createdIn));
    expect([...globalNeeds].sort()).toEqual(REGIONS.map((r) => `Data-${r}`).sort());
    // The bucket stacks need nothing from the global stack: their policies delegate to the account.
    expect(report.checked.filter((c) => c.stack !== 'Global')).toEqual([]);
  });

  test('is clean under the four cdk-nag packs', () => {
    expectNagClean(siteApp().app);
  });

  describe('validation', () => {
    test('rejects an access point over a bucket in an opt-in Region, naming the alternative', () => {
      const { stack } = testStack('us-east-1');
      const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Ap', {
        multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap',
        regions: ['eu-west-1', 'af-south-1'],
      });
      expect(() => new SecureDistribution(stack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) })).toThrow(
        /'accessPoint' has buckets in opt-in Regions \(af-south-1\).*use RegionalFailoverOrigin.withOriginAccessControl\(primary, fallback\) instead/,
      );
    });

    test('rejects an access point in another stack than the distribution', () => {
      const app = new App();
      const data = new Stack(app, 'Data', { env: { account: ACCOUNT, region: 'eu-west-1' } });
      const bucket = new s3.Bucket(data, 'B', { versioned: true });
      const apStack = new Stack(app, 'Ap', { env: { account: ACCOUNT, region: 'us-east-1' } });
      const accessPoint = new MultiRegionAccessPoint(apStack, 'AccessPoint', { buckets: [bucket] });
      const cdnStack = new Stack(app, 'Cdn', { env: { account: ACCOUNT, region: 'us-east-1' } });
      expect(() => new SecureDistribution(cdnStack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) })).toThrow(
        /'accessPoint' must be in the distribution's stack Cdn, got one in Ap/,
      );
    });

    test('rejects an Origin Access Control ID it would overwrite, naming the property to use instead', () => {
      expect(() => siteApp({ originAccessControlId: 'E2OACEXAMPLE' })).toThrow(/'originAccessControlId' is not used by this origin, got 'E2OACEXAMPLE'; pass 'originAccessControl' instead/);
    });

    test('rejects empty access levels', () => {
      expect(() => siteApp({ originAccessLevels: [] })).toThrow(/'originAccessLevels' must not be empty/);
    });
    test('rejects running with an aws-cdk-lib older than 2.274.0, which cannot sign SigV4A (instead of silently signing SigV4)', () => {
      // aws-cdk-lib before 2.274.0 has no Signing.SIGV4A_ALWAYS: simulate it.
      const restore = jest.replaceProperty(cloudfront.Signing, 'SIGV4A_ALWAYS', undefined as unknown as cloudfront.Signing);
      try {
        expect(() => siteApp()).toThrow(
          /Global\/Cdn\/.*: a Multi-Region Access Point origin needs an Origin Access Control that signs SigV4A, and this app runs with an aws-cdk-lib older than 2\.274\.0.*upgrade aws-cdk-lib to 2\.274\.0 or later/,
        );
      } finally {
        restore.restore();
      }
      // With the real aws-cdk-lib the same app synthesizes a SigV4A Origin Access Control again.
      Template.fromStack(siteApp().global).hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({ SigningProtocol: 'sigv4a' }),
      });
    });

    test('a user-supplied Origin Access Control is not second-guessed (it may be an L1 that signs SigV4A)', () => {
      const restore = jest.replaceProperty(cloudfront.Signing, 'SIGV4A_ALWAYS', undefined as unknown as cloudfront.Signing);
      try {
        const { stack: global } = testStack('us-east-1');
        const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(global, 'Ap', { multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap', regions: ['eu-west-1'] });
        const oac = new cloudfront.CfnOriginAccessControl(global, 'Oac', {
          originAccessControlConfig: { name: 'sigv4a', originAccessControlOriginType: 's3', signingBehavior: 'always', signingProtocol: 'sigv4a' },
        });
        const originAccessControl = cloudfront.S3OriginAccessControl.fromOriginAccessControlId(global, 'OacRef', oac.attrId);
        new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, { originAccessControl }) });
        Template.fromStack(global).resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      } finally {
        restore.restore();
      }
    });
  });

  test('an imported access point gets a warning with the statement to add', async () => {
    const { app, stack } = testStack('us-east-1');
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Ap', { multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap', regions: ['eu-west-1'] });
    new SecureDistribution(stack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) });
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:accessPointPolicyNotUpdated');
    expect(warnings.map((w) => [w.paths, w.message])).toEqual([
      [['TestStack/Cdn/Resource/Origin1'], expect.stringMatching(/Cannot add to the policy of the imported Multi-Region Access Point.*cloudfront.amazonaws.com/)],
    ]);
  });
});

describe('MultiRegionAccessPointOrigin under IAM simulation', () => {
  const { app } = siteApp();
  const assembly = ResolvedAssembly.fromApp(app);
  const ap = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPoint', 'AccessPoint');
  const mrapArn = `arn:aws:s3::${ACCOUNT}:accesspoint/${assembly.getAtt('Global', ap.logicalId, 'Alias')}`;
  const mrapPolicy = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPointPolicy').Properties.Policy;
  const distribution = assembly.resource('Global', 'AWS::CloudFront::Distribution');
  const ownArn = `arn:aws:cloudfront::${ACCOUNT}:distribution/${assembly.ref('Global', distribution.logicalId)}`;
  const through = { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': mrapArn, 's3:TlsVersion': '1.3' };
  const cases: Array<Omit<MatrixRow, 'actual'> & { context: Record<string, string> }> = [
    { name: 'this distribution reads', principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, expected: 'Allowed', context: { ...through, 'aws:SourceArn': ownArn, 'aws:SourceAccount': ACCOUNT } },
    { name: 'this distribution deletes', principal: 'cloudfront.amazonaws.com', action: 's3:DeleteObject', resource: `${mrapArn}/object/index.html`, expected: 'Denied', context: { ...through, 'aws:SourceArn': ownArn, 'aws:SourceAccount': ACCOUNT } },
    { name: 'this distribution writes', principal: 'cloudfront.amazonaws.com', action: 's3:PutObject', resource: `${mrapArn}/object/index.html`, expected: 'Denied', context: { ...through, 'aws:SourceArn': ownArn, 'aws:SourceAccount': ACCOUNT } },
    { name: 'another distribution of this account reads', principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, expected: 'Denied', context: { ...through, 'aws:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHER`, 'aws:SourceAccount': ACCOUNT } },
    { name: "another account's distribution reads", principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, expected: 'Denied', context: { ...through, 'aws:SourceArn': 'arn:aws:cloudfront::222222222222:distribution/EFOREIGN', 'aws:SourceAccount': '222222222222' } },
    { name: 'another account reads', principal: 'arn:aws:iam::222222222222:role/stranger', action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, expected: 'Denied', context: through },
    { name: 'anonymous reads', principal: ANONYMOUS, action: 's3:GetObject', resource: `${mrapArn}/object/index.html`, expected: 'Denied', context: through },
  ];
  const rows: MatrixRow[] = [];
  afterAll(() => console.log(`MultiRegionAccessPointOrigin: access point policy (${rows.length} cases)\n${formatMatrix(rows)}`));

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const actual = await simulateThroughAccessPoint({
      principal: c.principal,
      action: c.action,
      resource: c.resource,
      resourceAccount: ACCOUNT,
      resourcePolicy: mrapPolicy,
      identityPolicies: c.principal.startsWith('arn:') ? [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }] : undefined,
      context: c.context,
    });
    rows.push({ ...c, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});

describe('MultiRegionAccessPointOrigin: the bucket leg under IAM simulation', () => {
  const { app } = siteApp();
  const assembly = ResolvedAssembly.fromApp(app);
  const stackName = `Data-${REGIONS[0]}`;
  const bucket = assembly.resource(stackName, 'AWS::S3::Bucket', 'DataBucket');
  const bucketArn = assembly.getAtt(stackName, bucket.logicalId, 'Arn');
  const bucketPolicy = assembly.bucketPolicyOf(stackName, bucket.logicalId);
  const ap = assembly.resource('Global', 'AWS::S3::MultiRegionAccessPoint', 'AccessPoint');
  const mrapArn = `arn:aws:s3::${ACCOUNT}:accesspoint/${assembly.getAtt('Global', ap.logicalId, 'Alias')}`;
  const ownArn = `arn:aws:cloudfront::${ACCOUNT}:distribution/${assembly.ref('Global', assembly.resource('Global', 'AWS::CloudFront::Distribution').logicalId)}`;

  test('a read routed from the access point passes the bucket policy (delegation), and is then gated by the access point policy', async () => {
    expect(await simulateThroughAccessPoint({
      principal: 'cloudfront.amazonaws.com',
      action: 's3:GetObject',
      resource: `${bucketArn}/index.html`,
      resourceAccount: ACCOUNT,
      resourcePolicy: bucketPolicy,
      context: { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': mrapArn, 's3:TlsVersion': '1.3', 'aws:SourceArn': ownArn, 'aws:SourceAccount': ACCOUNT },
    })).toBe('Allowed');
  });

  test('the same distribution going to the bucket directly is not let in', async () => {
    expect(await simulate({
      principal: 'cloudfront.amazonaws.com',
      action: 's3:GetObject',
      resource: `${bucketArn}/index.html`,
      resourceAccount: ACCOUNT,
      resourcePolicy: bucketPolicy,
      context: { 's3:TlsVersion': '1.3', 'aws:SourceArn': ownArn, 'aws:SourceAccount': ACCOUNT },
    })).not.toBe('Allowed');
  });
});

describe('MultiRegionAccessPointOrigin with SSE-KMS buckets (the key permissions come from the origin, not the L3)', () => {
  function kmsSite(levels: cloudfront.AccessLevel[]) {
    const app = new App();
    const data = REGIONS.map((region) => new RegionalBucket(new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } }), 'Data', { encryption: s3.BucketEncryption.KMS }));
    const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { multiRegionAccessPointName: 'site', buckets: data.map((d) => d.bucket) });
    new SecureDistribution(global, 'Cdn', {
      origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, { originAccessLevels: levels }),
      defaultBehavior: { allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL },
    });
    const keyStatements = (region: string) => Object.values(Template.fromStack(Stack.of(data[REGIONS.indexOf(region)].bucket)).findResources('AWS::KMS::Key'))
      .flatMap((k) => k.Properties.KeyPolicy.Statement)
      .filter((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    return { accessPoint, keyStatements };
  }
  const accountScoped = {
    StringEquals: { 'aws:SourceAccount': ACCOUNT },
    ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudfront::${ACCOUNT}:distribution/*`]] } },
  };

  test('READ: every Regional key lets CloudFront decrypt, for distributions of this account (the key deploys first)', () => {
    const { keyStatements } = kmsSite([cloudfront.AccessLevel.READ]);
    for (const region of REGIONS) {
      expect(keyStatements(region)).toEqual([expect.objectContaining({ Sid: 'AllowCloudFrontOriginAccessControlDecrypt', Action: 'kms:Decrypt', Condition: accountScoped })]);
    }
  });

  test('WRITE: every Regional key also lets CloudFront encrypt and generate data keys, as aws-cdk S3BucketOrigin maps it; DELETE needs no key', () => {
    const { keyStatements } = kmsSite([cloudfront.AccessLevel.READ, cloudfront.AccessLevel.WRITE, cloudfront.AccessLevel.DELETE]);
    for (const region of REGIONS) {
      expect(keyStatements(region)).toEqual([
        expect.objectContaining({ Sid: 'AllowCloudFrontOriginAccessControlDecrypt', Action: 'kms:Decrypt' }),
        expect.objectContaining({ Sid: 'AllowCloudFrontOriginAccessControlEncrypt', Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Condition: accountScoped }),
      ]);
    }
  });

  test('the access point\'s own grants give a same-account role each key, through S3 in its Region, for its bucket only', () => {
    const { accessPoint } = kmsSite([cloudfront.AccessLevel.READ]);
    const stack = Stack.of(accessPoint);
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    accessPoint.grants.write(role);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    for (const region of REGIONS) {
      expect(statements).toContainEqual(expect.objectContaining({
        Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: `arn:aws:kms:${region}:${ACCOUNT}:key/*`,
        Condition: expect.objectContaining({ StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } }),
      }));
    }
  });
});
