import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionalBucket, RegionalFailoverOrigin, RegionalFailoverOriginProps, SecureDistribution } from '../../src';
import { checkDeployOrder } from '../util/deploy-order';
import { ANONYMOUS, formatMatrix, matches, MatrixRow, simulate } from '../util/iam-simulation';
import { expectNagClean } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT, testStack } from '../util/stacks';
import { cliWarnings } from '../util/toolkit';

/** Regional stacks with a bucket each, and a us-east-1 stack with the distribution. */
function crossRegionApp(props?: RegionalFailoverOriginProps) {
  const app = new App();
  const regional = (region: string) => {
    const stack = new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } });
    const data = new RegionalBucket(stack, 'Data');
    Validations.of(stack).acknowledge(...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((p) => ({
      id: `${p}-S3BucketReplicationEnabled`, reason: 'Replication is not under test here.',
    })));
    return { stack, bucket: data.bucket };
  };
  const primary = regional('eu-west-1');
  const fallback = regional('eu-central-1');
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  new SecureDistribution(global, 'Cdn', { origin: RegionalFailoverOrigin.withOriginAccessControl(primary.bucket, fallback.bucket, props) });
  return { app, primary, fallback, global };
}

describe('RegionalFailoverOrigin', () => {
  test('an origin group over the two Regional REST endpoints, failing over on 403, 404 and 5xx', () => {
    const { global } = crossRegionApp();
    const template = Template.fromStack(global);
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(config.OriginGroups.Quantity).toBe(1);
    const group = config.OriginGroups.Items[0];
    expect(group.FailoverCriteria.StatusCodes.Items).toEqual([403, 404, 500, 502, 503, 504]);
    expect(group.Members.Items.map((m: any) => m.OriginId)).toEqual(config.Origins.map((o: any) => o.Id));
    expect(config.Origins).toHaveLength(2);
    expect(JSON.stringify(config.Origins[0].DomainName)).toMatch(/\.s3\.eu-west-1\./);
    expect(JSON.stringify(config.Origins[1].DomainName)).toMatch(/\.s3\.eu-central-1\./);
    for (const o of config.Origins) {
      expect(o.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
      expect(o.OriginAccessControlId).toBeDefined();
    }
  });

  test('each origin signs with SigV4 through an S3 Origin Access Control', () => {
    const { global } = crossRegionApp();
    const template = Template.fromStack(global);
    template.resourcePropertiesCountIs('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    }, 2);
  });

  test('cross-stack: the distribution deploys after the buckets, whose policies name no distribution, so there is no cycle', async () => {
    const { app, primary, fallback } = crossRegionApp();
    const assembly = app.synth();
    const stackDeps = (name: string) => assembly.getStackByName(name).dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets')).sort();
    expect(stackDeps('Global')).toEqual([fallback.stack.stackName, primary.stack.stackName].sort());
    expect(stackDeps(primary.stack.stackName)).toEqual([]);
    const report = checkDeployOrder(assembly);
    expect(report.problems).toEqual([]);
    expect(report.checked.filter((c) => c.stack === 'Global').map((c) => c.createdIn).sort()).toEqual(
      expect.arrayContaining([fallback.stack.stackName, primary.stack.stackName]),
    );
    expect(report.order.indexOf('Global')).toBe(2);
    Template.fromStack(primary.stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudFrontOriginAccessControlRead',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'AWS:SourceArn': Match.anyValue() },
          },
        })]),
      },
    });
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:regionalOriginAccountScoped');
    expect(warnings.map((w) => [w.paths, w.message])).toEqual([
      [['Global/Cdn/Resource/Origin1'], expect.stringMatching(/^The bucket Data-eu-west-1\/.*any CloudFront distribution of this account/)],
      [['Global/Cdn/Resource/Origin2'], expect.stringMatching(/^The bucket Data-eu-central-1\/.*any CloudFront distribution of this account/)],
    ]);
  });

  test('same stack: the bucket policy names exactly this distribution', async () => {
    const { app, stack } = testStack('us-east-1');
    const a = new s3.Bucket(stack, 'A', { versioned: true });
    const b = s3.Bucket.fromBucketAttributes(stack, 'B', { bucketName: 'fallback-bucket', region: 'us-west-2' });
    new SecureDistribution(stack, 'Cdn', { origin: RegionalFailoverOrigin.withOriginAccessControl(a, b) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Cdn') }])]) }) } },
        })]),
      },
    });
    // The imported fallback bucket's policy cannot be changed: the user is told.
    const warnings = await cliWarnings(app, 'cdk-multi-region-bucket:regionalOriginBucketPolicy');
    expect(warnings.map((w) => [w.paths, w.message])).toEqual([[['TestStack/Cdn/Resource/Origin2'], expect.stringMatching(/Cannot add to the policy of the imported bucket/)]]);
  });

  test('custom status codes and origin path', () => {
    const { global } = crossRegionApp({ fallbackStatusCodes: [500, 503], originPath: '/site' });
    const config = Object.values(Template.fromStack(global).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(config.OriginGroups.Items[0].FailoverCriteria.StatusCodes.Items).toEqual([500, 503]);
    expect(config.Origins.map((o: any) => o.OriginPath)).toEqual(['/site', '/site']);
  });

  test('takes every option of a CloudFront origin (cloudfront.OriginProps) for both buckets', () => {
    const { global } = crossRegionApp({ connectionAttempts: 1, connectionTimeout: Duration.seconds(4), customHeaders: { 'x-origin': 'failover' } });
    const config = Object.values(Template.fromStack(global).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    for (const origin of config.Origins) {
      expect(origin).toMatchObject({ ConnectionAttempts: 1, ConnectionTimeout: 4, OriginCustomHeaders: [{ HeaderName: 'x-origin', HeaderValue: 'failover' }], S3OriginConfig: { OriginAccessIdentity: '' } });
      expect(origin.OriginAccessControlId).toBeDefined();
    }
    expect(new Set(config.Origins.map((o: any) => o.Id)).size).toBe(2);
  });

  test('refuses one origin ID for both origins, and an Origin Access Control ID it would overwrite', () => {
    expect(() => crossRegionApp({ originId: 'site' })).toThrow(/'originId' cannot name both origins of a RegionalFailoverOrigin .*got 'site'/);
    expect(() => crossRegionApp({ originAccessControlId: 'E2OACEXAMPLE' })).toThrow(/'originAccessControlId' is not used by this origin, got 'E2OACEXAMPLE'/);
  });

  test('is clean under the four cdk-nag packs', () => {
    const { app } = crossRegionApp();
    expectNagClean(app);
  });

  describe('validation', () => {
    function withOrigin(origin: cloudfront.IOrigin) {
      const { stack } = testStack('us-east-1');
      return () => new SecureDistribution(stack, 'Cdn', { origin });
    }
    const { stack } = testStack('us-east-1', 'Buckets');
    const euWest = s3.Bucket.fromBucketAttributes(stack, 'W', { bucketName: 'w-bucket', region: 'eu-west-1' });
    const euWest2 = s3.Bucket.fromBucketAttributes(stack, 'W2', { bucketName: 'w2-bucket', region: 'eu-west-1' });
    const euCentral = s3.Bucket.fromBucketAttributes(stack, 'C', { bucketName: 'c-bucket', region: 'eu-central-1' });

    test('rejects the same bucket twice', () => {
      expect(withOrigin(RegionalFailoverOrigin.withOriginAccessControl(euWest, euWest))).toThrow(/'fallback' must be a different bucket from 'primary'/);
    });

    test('rejects two buckets in one Region', () => {
      expect(withOrigin(RegionalFailoverOrigin.withOriginAccessControl(euWest, euWest2))).toThrow(
        /'fallback' must be in another Region than 'primary' for Regional failover, got both in eu-west-1/,
      );
    });

    test('rejects status codes CloudFront cannot fail over on', () => {
      expect(withOrigin(RegionalFailoverOrigin.withOriginAccessControl(euWest, euCentral, { fallbackStatusCodes: [404, 418] }))).toThrow(
        /'fallbackStatusCodes' must be among 400, 403, 404, 416, 500, 502, 503, 504, got 418/,
      );
      expect(withOrigin(RegionalFailoverOrigin.withOriginAccessControl(euWest, euCentral, { fallbackStatusCodes: [] }))).toThrow(
        /'fallbackStatusCodes' must not be empty/,
      );
    });

    test('rejects a bucket whose Region cannot be known', () => {
      const agnostic = new Stack(new App(), 'Agnostic');
      const unknown = new s3.Bucket(agnostic, 'U');
      expect(withOrigin(RegionalFailoverOrigin.withOriginAccessControl(unknown, euCentral))).toThrow(/'primary' bucket .* must have a known Region/);
    });
  });
});

describe('RegionalFailoverOrigin bucket policy under IAM simulation', () => {
  const { app, primary } = crossRegionApp();
  const assembly = ResolvedAssembly.fromApp(app);
  const stackName = primary.stack.stackName;
  const bucket = assembly.resource(stackName, 'AWS::S3::Bucket', 'DataBucket');
  const bucketArn = assembly.getAtt(stackName, bucket.logicalId, 'Arn');
  const policy = assembly.bucketPolicyOf(stackName, bucket.logicalId);
  const ownDistribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/EOWN`;
  const foreignDistribution = 'arn:aws:cloudfront::222222222222:distribution/EFOREIGN';
  const cases: Array<Omit<MatrixRow, 'actual'> & { context: Record<string, string> }> = [
    { name: 'a distribution of this account reads', principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${bucketArn}/index.html`, expected: 'Allowed', context: { 'aws:SourceArn': ownDistribution, 'aws:SourceAccount': ACCOUNT } },
    { name: 'a distribution of this account deletes', principal: 'cloudfront.amazonaws.com', action: 's3:DeleteObject', resource: `${bucketArn}/index.html`, expected: 'Denied', context: { 'aws:SourceArn': ownDistribution, 'aws:SourceAccount': ACCOUNT } },
    { name: 'a distribution of this account writes', principal: 'cloudfront.amazonaws.com', action: 's3:PutObject', resource: `${bucketArn}/index.html`, expected: 'Denied', context: { 'aws:SourceArn': ownDistribution, 'aws:SourceAccount': ACCOUNT } },
    { name: "another account's distribution reads", principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${bucketArn}/index.html`, expected: 'Denied', context: { 'aws:SourceArn': foreignDistribution, 'aws:SourceAccount': '222222222222' } },
    { name: 'anonymous reads', principal: ANONYMOUS, action: 's3:GetObject', resource: `${bucketArn}/index.html`, expected: 'Denied', context: {} },
  ];
  const rows: MatrixRow[] = [];
  afterAll(() => console.log(`RegionalFailoverOrigin bucket policy (${rows.length} cases)\n${formatMatrix(rows)}`));

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const actual = await simulate({
      principal: c.principal,
      action: c.action,
      resource: c.resource,
      resourceAccount: ACCOUNT,
      resourcePolicy: policy,
      context: { 's3:TlsVersion': '1.3', ...c.context },
    });
    rows.push({ ...c, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});
