import { App, CfnOutput, CfnWaitConditionHandle, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DistributionOrigin, MultiRegionAccessPoint, MultiRegionBucket, MultiRegionBucketProps, Replication, ReplicationMode, Routing, SecureDistribution } from '../../src';
import { checkDeployOrder, routeCallRegions, ROUTE_CONTROL_PLANE_REGIONS } from '../util/deploy-order';
import { expectNagClean, nagFindings } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function site(props: Partial<MultiRegionBucketProps> = {}): { app: App; site: MultiRegionBucket } {
  const app = new App();
  return { app, site: new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, ...props }) };
}

/** The physical name of the bucket of `region`, as its own template has it. */
const literalName = (s: MultiRegionBucket, region: string): string =>
  s.stackIn(region).resolve((s.bucketIn(region).bucket.node.defaultChild as s3.CfnBucket).bucketName);

const lambdas = (stack: Stack) => Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function')).length;

describe('MultiRegionBucket defaults (two-way, active-active)', () => {
  const { app, site: s } = site();
  const assembly = app.synth();

  test('creates one stack per Region and a global stack, named deterministically', () => {
    expect(s.stacks.map((st) => `${st.stackName}@${st.region}`)).toEqual([
      'Site-us-east-1@us-east-1', 'Site-eu-west-1@eu-west-1', 'Site-ap-southeast-2@ap-southeast-2', 'Site-global@us-east-1',
    ]);
    expect(s.primaryRegion).toBe('us-east-1');
    expect(s.replication.mode).toBe(ReplicationMode.TWO_WAY);
  });

  test('the Regional stacks match the snapshot (global stack too)', () => {
    expect(Template.fromStack(s.stackIn('eu-west-1')).toJSON()).toMatchSnapshot();
    expect(Template.fromStack(s.globalStack).toJSON()).toMatchSnapshot();
  });

  test('each Regional stack holds a versioned, secure, retained bucket and nothing that runs code', () => {
    for (const region of REGIONS) {
      const template = Template.fromStack(s.stackIn(region));
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          VersioningConfiguration: { Status: 'Enabled' },
          MetricsConfigurations: [{ Id: 'EntireBucket' }],
          ReplicationConfiguration: Match.absent(),
        }),
      });
      expect(lambdas(s.stackIn(region))).toBe(0);
      expect(s.bucketIn(region).region).toBe(region);
    }
  });

  test('the global stack deploys last and nothing needs a bucket it does not wait for', () => {
    const report = checkDeployOrder(assembly);
    expect(report.problems).toEqual([]);
    const ids = (st: Stack) => assembly.getStackByName(st.stackName).id;
    expect(report.order[report.order.length - 1]).toBe(ids(s.globalStack));
    // The global stack needs every bucket: the mesh's custom resources and the access point name them.
    const needed = new Set(report.checked.filter((c) => c.stack === ids(s.globalStack)).map((c) => c.createdIn));
    expect([...needed].sort()).toEqual(REGIONS.map((r) => ids(s.stackIn(r))).sort());
  });

  test('two-way replication: one custom resource per bucket, applied from the global stack by one function', () => {
    const template = Template.fromStack(s.globalStack);
    template.resourceCountIs('Custom::S3BucketReplication', 3);
    expect(lambdas(s.globalStack)).toBe(1);
    expect(s.replications).toHaveLength(3);
  });

  test('the access point spans every bucket, active-active (no routes call)', () => {
    const template = Template.fromStack(s.globalStack);
    template.hasResourceProperties('AWS::S3::MultiRegionAccessPoint', { Regions: Match.arrayWith([Match.objectLike({ Bucket: Match.anyValue() })]) });
    expect(Object.values(template.findResources('AWS::S3::MultiRegionAccessPoint'))[0].Properties.Regions).toHaveLength(3);
    expect(routeCallRegions(assembly)).toEqual([]);
  });

  test('outputs the access point, the global endpoint and each bucket', () => {
    const outputs = Template.fromStack(s.globalStack).toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['SiteAccessPointArn', 'SiteAccessPointAlias', 'SiteGlobalEndpoint']));
    for (const region of REGIONS) {
      const regional = Template.fromStack(s.stackIn(region)).toJSON().Outputs;
      expect(regional.SiteBucketRegion.Value).toBe(region);
      expect(regional.SiteBucketName).toBeDefined();
    }
  });

  test('no metrics, so no alarms; the dashboard shows request metrics', () => {
    expect(s.replicationAlarms).toEqual([]);
    Template.fromStack(s.globalStack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    Template.fromStack(s.stackIn('eu-west-1')).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('is clean under the four cdk-nag packs', () => {
    expectNagClean(app);
  });
});

describe('MultiRegionBucket options', () => {
  test('Replication.oneWay: the mode and its storage class reach the replication and the attribute', () => {
    const { site: s } = site({ replication: Replication.oneWay({ storageClass: s3.StorageClass.INFREQUENT_ACCESS }) });
    expect(s.replication.mode).toBe(ReplicationMode.ONE_WAY);
    const create = JSON.stringify(Template.fromStack(s.globalStack).findResources('Custom::S3BucketReplication'));
    expect(create).toContain('STANDARD_IA');
  });

  test('DistributionOrigin.regionalFailover: the fallback Region and status codes reach the origin group', () => {
    const { site: s } = site({
      distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'ap-southeast-2', fallbackStatusCodes: [500, 502] }) },
    });
    const config = Object.values(Template.fromStack(s.globalStack).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(config.OriginGroups.Items[0].FailoverCriteria.StatusCodes).toEqual({ Items: [500, 502], Quantity: 2 });
    expect(JSON.stringify(config.Origins)).toContain('s3.ap-southeast-2.');
    expect(JSON.stringify(config.Origins)).not.toContain('s3.eu-west-1.');
  });

  test('one-way from the primary: applied from the global stack, at the same logical ID two-way uses for that bucket; no function in any Regional stack', () => {
    const { app, site: s } = site({ replication: Replication.oneWay(), primaryRegion: 'eu-west-1' });
    for (const region of REGIONS) {
      Template.fromStack(s.stackIn(region)).hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.absent() });
    }
    const replications = Template.fromStack(s.globalStack).findResources('Custom::S3BucketReplication');
    expect(Object.keys(replications)).toHaveLength(1);
    expect(JSON.stringify(Object.values<any>(replications)[0].Properties.Create)).toContain(`"Bucket\\":\\"${literalName(s, 'eu-west-1')}\\"`);
    const assembly = app.synth();
    for (const region of REGIONS) expect(lambdas(s.stackIn(region))).toBe(0);
    expect(checkDeployOrder(assembly).problems).toEqual([]);
    // Writes must reach the primary: the access point sends all traffic there.
    const calls = routeCallRegions(assembly);
    expect(calls.length).toBeGreaterThan(0);
    const create = Object.values(Template.fromStack(s.globalStack).findResources('Custom::MultiRegionAccessPointRoutes'))[0].Properties.Create;
    expect(JSON.stringify(create)).toMatch(/eu-west-1\\+",\\+"TrafficDialPercentage\\+":100/);
    expectNagClean(app);
  });

  test('active-passive routing goes to a control-plane Region; a failover is a change of the active Regions', () => {
    const { app } = site({ routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }) });
    const calls = routeCallRegions(app.synth());
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(ROUTE_CONTROL_PLANE_REGIONS).toContain(call.region);
    expect(calls[0].region).toBe('us-west-2');
  });

  test('KMS: a rotating key and alias per Region; replication names the replica keys by alias', () => {
    const { app, site: s } = site({ encryption: s3.BucketEncryption.KMS, distribution: {} });
    for (const region of REGIONS) {
      const t = Template.fromStack(s.stackIn(region));
      t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      t.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/Site-${region}` });
      // CloudFront may decrypt (for distributions of this account).
      t.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudFrontOriginAccessControlDecrypt', Action: 'kms:Decrypt' })]) },
      });
    }
    const create = JSON.stringify(Object.values(Template.fromStack(s.globalStack).findResources('Custom::S3BucketReplication'))[0].Properties.Create);
    expect(create).toMatch(/ReplicaKmsKeyID.*alias\/Site-/);
    expect(create).toMatch(/SseKmsEncryptedObjects/);
    expectNagClean(app);
  });

  test('KMS with the Regional failover origin: only the two origin keys let CloudFront decrypt, each with one statement (unique Sids)', () => {
    // Found by the fuzz (cfn-lint E3512): the origin and MultiRegionBucket both added the statement.
    const { site: s } = site({ encryption: s3.BucketEncryption.KMS, distribution: { origin: DistributionOrigin.regionalFailover() } });
    const sids = (region: string) => Object.values(Template.fromStack(s.stackIn(region)).findResources('AWS::KMS::Key'))
      .map((key) => key.Properties.KeyPolicy.Statement.map((st: any) => st.Sid).filter((sid: unknown) => sid !== undefined));
    for (const region of REGIONS) {
      for (const list of sids(region)) expect(list).toEqual([...new Set(list)]);
    }
    const decrypting = REGIONS.filter((r) => sids(r).some((list) => list.includes('AllowCloudFrontOriginAccessControlDecrypt')));
    expect(decrypting).toEqual(['us-east-1', 'eu-west-1']); // the primary and the fallback
  });

  test('grants cover the access point and, with KMS, the Regional keys', () => {
    const { site: s } = site({ encryption: s3.BucketEncryption.KMS });
    const role = new iam.Role(s.globalStack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    s.grants.read(role);
    const statements = Object.values(Template.fromStack(s.globalStack).findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('Reader'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    // One statement per Regional key, named by its alias, only through S3 in its Region, only for its bucket.
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['s3:GetObject']) }),
      ...REGIONS.map((r) => expect.objectContaining({
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:${r}:111111111111:key/*`,
        Condition: expect.objectContaining({
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/Site-${r}` },
          'StringEquals': { 'kms:ViaService': `s3.${r}.amazonaws.com` },
        }),
      })),
    ]));
  });

  test('grants.actions with KMS also lets the grantee use the Regional keys the actions need; manage needs none', () => {
    const { site: s } = site({ encryption: s3.BucketEncryption.KMS });
    const role = new iam.Role(s.globalStack, 'Restorer', { assumedBy: new iam.AccountRootPrincipal() });
    s.grants.actions(role, 's3:GetObject', 's3:RestoreObject');
    s.grants.manage(role);
    const statements = Object.values(Template.fromStack(s.globalStack).findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('Restorer'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['s3:GetObject', 's3:RestoreObject'] }),
      expect.objectContaining({ Action: expect.arrayContaining(['s3:SubmitMultiRegionAccessPointRoutes']) }),
      ...REGIONS.map((r) => expect.objectContaining({ Action: 'kms:Decrypt', Condition: expect.objectContaining({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/Site-${r}` } }) })),
    ]));
    expect(s.grants).toBe(s.grants);
  });

  test('every L2 it creates is reachable: the key and alias of each Region, the topics, the access point, the distribution', () => {
    const replication = Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES });
    const { site: s } = site({ encryption: s3.BucketEncryption.KMS, replication, distribution: {} });
    for (const region of REGIONS) {
      const key = s.encryptionKeyIn(region)!;
      expect(key).toBeInstanceOf(kms.Key);
      expect(Stack.of(key)).toBe(s.stackIn(region));
      expect(key).toBe(s.bucketIn(region).encryptionKey);
      const alias = s.keyAliasIn(region)!;
      expect(alias).toBeInstanceOf(kms.Alias);
      expect(s.stackIn(region).resolve(alias.aliasName)).toBe(`alias/Site-${region}`);
      expect(alias.aliasTargetKey).toBe(key);
      expect(s.alarmTopicIn(region)).toBeInstanceOf(sns.Topic);
    }
    expect(s.accessPoint).toBeInstanceOf(MultiRegionAccessPoint);
    expect(s.distribution).toBeInstanceOf(SecureDistribution);
    expect(() => s.encryptionKeyIn('sa-east-1')).toThrow("Site: 'region' must be one of us-east-1, eu-west-1, ap-southeast-2, got sa-east-1");
    expect(() => s.keyAliasIn('sa-east-1')).toThrow("Site: 'region' must be one of us-east-1, eu-west-1, ap-southeast-2, got sa-east-1");
  });

  test('without KMS there is no key and no alias to reach', () => {
    const { site: s } = site();
    expect(s.encryptionKeyIn('eu-west-1')).toBeUndefined();
    expect(s.keyAliasIn('eu-west-1')).toBeUndefined();
  });

  test('a distribution reads through the access point with SigV4A by default', () => {
    const { app, site: s } = site({ distribution: { singlePageApp: true } });
    const t = Template.fromStack(s.globalStack);
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ SigningProtocol: 'sigv4a' }) });
    expect(Object.keys(t.toJSON().Outputs)).toEqual(expect.arrayContaining(['SiteDistributionDomainName', 'SiteDistributionId']));
    expect(s.distribution).toBeDefined();
    expectNagClean(app);
  });

  test('the Regional failover origin reads the primary and the next Region', () => {
    const { site: s } = site({ distribution: { origin: DistributionOrigin.regionalFailover() }, primaryRegion: 'eu-west-1' });
    const config = Object.values(Template.fromStack(s.globalStack).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(JSON.stringify(config.Origins.map((o: any) => o.DomainName))).toMatch(/s3\.eu-west-1\..*s3\.us-east-1\./);
  });

  test('replication metrics: for every pair a failure alarm in the source Region and a latency alarm in the destination Region (where S3 publishes each metric), topics, a dashboard', () => {
    const { app, site: s } = site({ replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
    expect(s.replicationAlarms).toHaveLength(6);
    for (const region of REGIONS) {
      const t = Template.fromStack(s.stackIn(region));
      t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ReplicationLatency',
        Namespace: 'AWS/S3',
        Threshold: 900,
        AlarmActions: [Match.anyValue()],
        Dimensions: Match.arrayWith([Match.objectLike({ Name: 'RuleId', Value: Match.stringLikeRegexp('^rule1-to-') })]),
      });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OperationsFailedReplication', Threshold: 0 });
      // S3 publishes ReplicationLatency in the destination's Region and OperationsFailedReplication
      // in the source's (S3 User Guide, "Using S3 Replication metrics"): an alarm in another Region
      // than its metric sees no data and never fires.
      const bucketName = literalName(s, region);
      for (const alarm of Object.values<any>(t.findResources('AWS::CloudWatch::Alarm'))) {
        const dimension = alarm.Properties.MetricName === 'ReplicationLatency' ? 'DestinationBucket' : 'SourceBucket';
        expect(alarm.Properties.Dimensions.find((d: any) => d.Name === dimension).Value).toBe(bucketName);
      }
      // A customer managed key that CloudWatch may use (it cannot use the AWS managed aws/sns key).
      const keys = t.findResources('AWS::KMS::Key', {
        Properties: {
          KeyPolicy: {
            Statement: Match.arrayWith([Match.objectLike({
              Sid: 'AllowCloudWatchAlarmsToPublish',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            })]),
          },
        },
      });
      expect(Object.keys(keys)).toHaveLength(1);
      t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Object.keys(keys)[0], 'Arn'] } });
      // The topic policy replaces SNS's default one: it must let exactly these alarms publish.
      const fromAlarms = {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:${region}:${ACCOUNT}:alarm:Site-replication-${region}-*`]] } },
      };
      t.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: fromAlarms })]) },
      });
      t.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublish', Condition: fromAlarms })]) },
      });
      expect(s.alarmTopicIn(region)).toBeDefined();
    }
    const body = JSON.stringify(Template.fromStack(s.globalStack).findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toMatch(/ReplicationLatency/);
    expect(body).toMatch(/FirstByteLatency/);
    expectNagClean(app);
  });

  test('the alarms watch the rule IDs the replication configurations really have', () => {
    const { app } = site({ replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, rules: [{ id: 'media', filter: { prefix: 'media/' } }] }) });
    const assembly = ResolvedAssembly.fromApp(app);
    const applied = Object.values(assembly.resources('Site-global', 'Custom::S3BucketReplication'))
      .flatMap((r) => JSON.parse(r.Properties.Create).parameters.ReplicationConfiguration.Rules.map((rule: any) => rule.ID));
    const watched = REGIONS.flatMap((region) => Object.values(assembly.resources(`Site-${region}`, 'AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties.Dimensions.find((d: any) => d.Name === 'RuleId').Value));
    expect(applied).toHaveLength(6);
    expect(applied.every((id: string) => id.startsWith('media-to-'))).toBe(true);
    // Each rule has a latency and a failure alarm.
    expect([...watched].sort()).toEqual([...applied, ...applied].sort());
  });

  test('no alarm topics when asked: the alarms have no action, and cdk-nag says so', () => {
    const { app, site: s } = site({ replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), alarmTopics: false });
    Template.fromStack(s.stackIn('eu-west-1')).resourceCountIs('AWS::SNS::Topic', 0);
    expect(s.alarmTopicIn('eu-west-1')).toBeUndefined();
    // Without RTC the latency alarm waits an hour.
    Template.fromStack(s.stackIn('eu-west-1')).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicationLatency', Threshold: 3600 });
    expect(nagFindings(app).map((f) => f.rule)).toContain('NIST.800.53.R5-CloudWatchAlarmAction');
  });

  test('no replication: nothing replicates, and cdk-nag says so', () => {
    const { app, site: s } = site({ replication: Replication.none() });
    expect(s.replications).toEqual([]);
    Template.fromStack(s.globalStack).resourceCountIs('Custom::S3BucketReplication', 0);
    expect(nagFindings(app).map((f) => f.rule)).toContain('NIST.800.53.R5-S3BucketReplicationEnabled');
  });

  test('write grants with KMS also allow encrypting with the Regional keys', () => {
    const { site: s } = site({ encryption: s3.BucketEncryption.KMS });
    const role = new iam.Role(s.globalStack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    s.grants.write(role);
    const statements = Object.values(Template.fromStack(s.globalStack).findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('Writer'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['s3:PutObject']) }),
      expect.objectContaining({ Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt'] }),
    ]));
  });

  test('stack name prefix and global Region', () => {
    const { site: s } = site({ stackNamePrefix: 'media', globalRegion: 'eu-west-1' });
    expect(s.stacks.map((st) => `${st.stackName}@${st.region}`)).toEqual([
      'media-us-east-1@us-east-1', 'media-eu-west-1@eu-west-1', 'media-ap-southeast-2@ap-southeast-2', 'media-global@eu-west-1',
    ]);
  });

  test('tags reach every stack', () => {
    const { app, site: s } = site({ tags: { team: 'storage' } });
    app.synth();
    for (const stack of s.stacks) {
      expect(stack.tags.tagValues()).toEqual({ team: 'storage' });
    }
  });

  test('uses stacks you already have', () => {
    const app = new App();
    const regionalStacks = REGIONS.map((r) => new Stack(app, `Mine-${r}`, { env: { account: ACCOUNT, region: r } }));
    const globalStack = new Stack(app, 'MineGlobal', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const s = new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, globalStack });
    expect(s.stacks).toEqual([...regionalStacks, globalStack]);
    expect(app.synth().stacks).toHaveLength(4);
  });

  test('explicit bucket names', () => {
    const { site: s } = site({ bucketNameBase: 'acme-assets' });
    Template.fromStack(s.stackIn('eu-west-1')).hasResourceProperties('AWS::S3::Bucket', { BucketName: 'acme-assets-eu-west-1' });
  });
});

describe('MultiRegionBucket validation', () => {
  const build = (props: Partial<MultiRegionBucketProps>) => () => site(props);

  test.each([
    [{ regions: ['eu-west-1'] }, /'regions' must list 2 to 17 Regions .* got 1/],
    [{ regions: [] }, /'regions' must list 2 to 17 Regions .* got 0/],
    [{ regions: Array.from({ length: 18 }, (_, i) => ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'sa-east-1', 'af-south-1'][i]) }, /'regions' must list 2 to 17 Regions .* got 18/],
    [{ regions: ['eu-west-1', 'eu-west-1'] }, /'regions' must not repeat a Region, got eu-west-1 twice/],
    [{ regions: ['eu-west-1', 'eu-wset-2'] }, /'regions' must be an AWS Region name such as eu-west-1 .* got 'eu-wset-2'/],
    [{ regions: ['eu-west-1', 'cn-north-1'] }, /'regions' must be a Region where S3 offers Multi-Region Access Points, got cn-north-1 \(they are not offered in the aws-cn partition\)/],
    [{ regions: ['eu-west-1', Token.asString({ Ref: 'R' })] }, /'regions' must be literal Region names/],
    [{ primaryRegion: 'us-west-2' }, /'primaryRegion' must be one of 'regions' \(us-east-1, eu-west-1, ap-southeast-2\), got us-west-2/],
    [{ globalRegion: 'mars-1' }, /'globalRegion' must be an AWS Region name such as eu-west-1 .* got 'mars-1'/],
    [{ routing: Routing.activePassive({ activeRegions: ['us-west-2'] }) }, /'routing' names Region us-west-2, which is not a Region of the access point/],
    [{ routing: Routing.trafficDials({ 'us-east-1': 0, 'eu-west-1': 0, 'ap-southeast-2': 0 }) }, /'routing' must leave at least one Region active/],
    [{ regions: ['eu-west-1', 'af-south-1'], distribution: {} }, /'distribution.origin' DistributionOrigin.multiRegionAccessPoint\(\) cannot be used with opt-in Regions \(af-south-1\).*DistributionOrigin.regionalFailover\(\)/],
    [{ distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'us-west-2' }) } }, /'distribution.origin' fallbackRegion must be one of 'regions' other than the primary \(eu-west-1, ap-southeast-2\), got us-west-2/],
    [{ distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'us-east-1' }) } }, /'distribution.origin' fallbackRegion must differ from the primary Region, got us-east-1/],
    [{ encryption: s3.BucketEncryption.DSSE }, /'encryption' must be S3_MANAGED or KMS, got DSSE/],
    [{ replication: Replication.twoWay({ storageClass: new s3.StorageClass('EXPRESS_ONEZONE') }) }, /'replication.storageClass' must be one of STANDARD, .*, got EXPRESS_ONEZONE/],
  ])('rejects %j', (props, message) => {
    expect(build(props as Partial<MultiRegionBucketProps>)).toThrow(message);
  });

  test('opt-in Regions work with the Regional failover origin', () => {
    expect(build({ regions: ['eu-west-1', 'af-south-1'], distribution: { origin: DistributionOrigin.regionalFailover() } })).not.toThrow();
  });

  test('rejects Regional stacks that do not match the Regions', () => {
    const app = new App();
    const regionalStacks = ['us-east-1', 'eu-west-1'].map((r) => new Stack(app, `Mine-${r}`, { env: { account: ACCOUNT, region: r } }));
    expect(() => new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks })).toThrow(
      /'regionalStacks' must hold one stack per Region of 'regions' \(us-east-1, eu-west-1, ap-southeast-2\), got stacks in us-east-1, eu-west-1/,
    );
  });

  test('needs an account, and never takes it from the environment', () => {
    const saved = process.env.CDK_DEFAULT_ACCOUNT;
    process.env.CDK_DEFAULT_ACCOUNT = '111111111111';
    try {
      expect(() => new MultiRegionBucket(new App(), 'Site', { regions: REGIONS })).toThrow(/'account' must be set \(for example to process.env.CDK_DEFAULT_ACCOUNT/);
    } finally {
      if (saved === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
      else process.env.CDK_DEFAULT_ACCOUNT = saved;
    }
  });

  test('takes the account of the stacks it is given', () => {
    const app = new App();
    const env = (region: string) => ({ account: '222222222222', region });
    const regionalStacks = REGIONS.map((region) => new Stack(app, `Data-${region}`, { env: env(region) }));
    const globalStack = new Stack(app, 'Global', { env: env('us-east-1') });
    const s = new MultiRegionBucket(app, 'Site', { regions: REGIONS, regionalStacks, globalStack });
    expect(s.stacks.map((stack) => stack.account)).toEqual([...REGIONS.map(() => '222222222222'), '222222222222']);
  });

  test('rejects an unknown Region for bucketIn and stackIn', () => {
    const { site: s } = site();
    expect(() => s.bucketIn('us-west-2')).toThrow(/'region' must be one of us-east-1, eu-west-1, ap-southeast-2, got us-west-2/);
  });

  test('rejects at synth time a configuration whose global template CloudFormation would refuse (over 1,000,000 bytes)', () => {
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
      'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'];
    const { app } = site({ regions, replication: Replication.twoWay({ rules: ['a/', 'b/', 'c/', 'd/', 'e/', 'f/'].map((prefix) => ({ filter: { prefix } })) }) });
    expect(() => app.synth()).toThrow(new RegExp(
      "\\[Site/global\\] 'regions' \\(17\\), 'replication' \\(TWO_WAY, 6 rules\\), 'encryption' \\(S3_MANAGED\\) of Site; .*"
      + 'they make the template of stack Site-global about \\d+ bytes, got more than the 1000000 CloudFormation accepts',
    ));
  });
});


describe('changing a deployed setup: names and cross-stack references', () => {
  /** The physical name of each Regional bucket, by Region. */
  const bucketNames = (props: Partial<MultiRegionBucketProps>) => {
    const { app, site: s } = site(props);
    app.synth();
    return Object.fromEntries(REGIONS.map((r) => {
      const [bucket] = Object.values<any>(Template.fromStack(s.stackIn(r)).findResources('AWS::S3::Bucket', { Properties: { MetricsConfigurations: Match.anyValue() } }));
      return [r, bucket.Properties.BucketName];
    }));
  };

  test('in stacks the user passes, the name written into each bucket is the one aws-cdk-lib generates for a reference from another environment', () => {
    // In its own stacks the bucket has an explicit name (ADR 0015); in stacks the user passes the
    // name is computed as aws-cdk-lib generates it, which this checks against aws-cdk-lib itself.
    const app = new App();
    const regionalStacks = REGIONS.map((r) => new Stack(app, `Mine-${r}`, { env: { account: ACCOUNT, region: r } }));
    const globalStack = new Stack(app, 'MineGlobal', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const s = new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, globalStack });
    // A stack in another Region names the buckets: aws-cdk-lib generates each name itself. (A
    // template needs a resource: cfn-lint checks every template the tests synthesize.)
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ACCOUNT, region: 'ca-central-1' } });
    new CfnWaitConditionHandle(elsewhere, 'Placeholder');
    for (const region of REGIONS) new CfnOutput(elsewhere, `Name-${region}`, { value: s.bucketIn(region).bucket.bucketName });
    const outputs = Template.fromStack(elsewhere).toJSON().Outputs;
    for (const region of REGIONS) {
      const [bucket] = Object.values<any>(Template.fromStack(s.stackIn(region)).findResources('AWS::S3::Bucket', { Properties: { MetricsConfigurations: Match.anyValue() } }));
      expect(bucket.Properties.BucketName).toMatch(/^[a-z0-9-]{20,63}$/);
      expect(outputs[`Name${region.replace(/-/g, '')}`].Value).toBe(bucket.Properties.BucketName);
    }
  });

  test('every bucket has a literal name that depends neither on the mode, the primary, globalRegion nor an option', () => {
    const reference = bucketNames({});
    for (const name of Object.values(reference)) expect(name).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
    const variants: Array<Partial<MultiRegionBucketProps>> = [
      { replication: Replication.oneWay() },
      { replication: Replication.oneWay(), primaryRegion: 'eu-west-1' },
      { replication: Replication.none() },
      { globalRegion: 'eu-west-1' },
      { globalRegion: 'us-west-2' },
      { replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) },
      { distribution: {} },
    ];
    for (const props of variants) expect(bucketNames(props)).toEqual(reference);
  });

  test.each([
    ['two-way', {}],
    ['one-way', { replication: Replication.oneWay() }],
    ['none', { replication: Replication.none() }],
    ['KMS, RTC and a distribution', { encryption: s3.BucketEncryption.KMS, replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), distribution: {} }],
  ])('no stack exports anything (%s): a dropped or changed export can never block an update', (_, props) => {
    const { app } = site(props as Partial<MultiRegionBucketProps>);
    const assembly = app.synth();
    for (const stack of assembly.stacks) {
      const outputs = Object.values<any>(stack.template.Outputs ?? {});
      expect(outputs.filter((o) => o.Export)).toEqual([]);
      expect(JSON.stringify(stack.template)).not.toContain('Fn::ImportValue');
    }
  });
});

describe('changing a deployed setup: one owner of each bucket\'s replication configuration', () => {
  const replicationsOf = (props: Partial<MultiRegionBucketProps>) => {
    const { site: s } = site(props);
    return { s, resources: Template.fromStack(s.globalStack).findResources('Custom::S3BucketReplication') };
  };
  /** The bucket each replication custom resource configures (the physical ID it keeps: <bucket>-replication). */
  const owners = (resources: Record<string, any>) => Object.fromEntries(Object.entries(resources).map(([logicalId, r]) => {
    const create = JSON.stringify(r.Properties.Create);
    return [logicalId, /physicalResourceId\\":\{\\"id\\":\\"([a-z0-9.-]+)-replication/.exec(create)?.[1]];
  }));

  test.each([
    ['us-east-1'],
    ['eu-west-1'],
  ])('two-way and one-way (primary %s) configure the primary from the same resource: switching updates it in place, nothing else touches it', (primaryRegion) => {
    const twoWay = replicationsOf({ primaryRegion });
    const oneWay = replicationsOf({ primaryRegion, replication: Replication.oneWay() });
    const primaryBucket = literalName(twoWay.s, primaryRegion);
    const [oneWayId] = Object.keys(oneWay.resources);
    expect(owners(oneWay.resources)).toEqual({ [oneWayId]: primaryBucket });
    // The same logical ID and physical ID with two-way: an update, not a create and a delete.
    expect(owners(twoWay.resources)[oneWayId]).toBe(primaryBucket);
    // The resources two-way has and one-way drops configure the other buckets only: their Delete
    // (DeleteBucketReplication) never reaches the primary.
    const dropped = Object.entries(owners(twoWay.resources)).filter(([id]) => id !== oneWayId).map(([, bucket]) => bucket);
    expect(dropped).toHaveLength(REGIONS.length - 1);
    expect(dropped).not.toContain(primaryBucket);
    // No bucket carries a native configuration in either mode: no second owner.
    for (const s of [twoWay.s, oneWay.s]) {
      for (const region of REGIONS) Template.fromStack(s.stackIn(region)).hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.absent() });
    }
  });

  test('every bucket has at most one replication resource, whatever the mode', () => {
    for (const replication of [Replication.twoWay(), Replication.oneWay(), Replication.none()]) {
      const buckets = Object.values(owners(replicationsOf({ replication }).resources));
      expect(new Set(buckets).size).toBe(buckets.length);
    }
  });
});

describe('changing a deployed setup: ids keyed by meaning', () => {
  const alarms = (regions: string[], rules?: Array<{ id?: string; prefix?: string }>) => {
    const app = new App();
    const s = new MultiRegionBucket(app, 'Site', { regions, account: ACCOUNT, replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES, rules }) });
    return Object.fromEntries(regions.map((r) => [r, Template.fromStack(s.stackIn(r)).findResources('AWS::CloudWatch::Alarm')]));
  };

  test('adding a Region, or reordering them, keeps every existing alarm (logical ID and name)', () => {
    const before = alarms(['us-east-1', 'eu-west-1']);
    const after = alarms(['eu-west-1', 'us-east-1', 'ap-southeast-2']);
    for (const region of ['us-east-1', 'eu-west-1']) {
      for (const [logicalId, alarm] of Object.entries<any>(before[region])) {
        expect(after[region][logicalId]?.Properties.AlarmName).toBe(alarm.Properties.AlarmName);
      }
    }
    expect(JSON.stringify(after['us-east-1'])).toMatch(/Site-replication-us-east-1-to-ap-southeast-2-rule1-failures/);
    expect(JSON.stringify(after['ap-southeast-2'])).toMatch(/Site-replication-ap-southeast-2-from-us-east-1-rule1-latency/);
  });

  test('adding a rule keeps the alarms of the rules there were', () => {
    const one = alarms(['us-east-1', 'eu-west-1'], [{ id: 'docs', prefix: 'docs/' }]);
    const two = alarms(['us-east-1', 'eu-west-1'], [{ id: 'logs', prefix: 'logs/' }, { id: 'docs', prefix: 'docs/' }]);
    for (const id of Object.keys(one['us-east-1'])) expect(two['us-east-1'][id]).toBeDefined();
  });
});

test('renaming the construct with the same stack prefix keeps the ids and names in its own stacks (bucket, key, alias)', () => {
  const named = (id: string) => {
    const app = new App();
    const s = new MultiRegionBucket(app, id, { regions: REGIONS, account: ACCOUNT, stackNamePrefix: 'Shop', encryption: s3.BucketEncryption.KMS });
    return REGIONS.map((r) => {
      const t = Template.fromStack(s.stackIn(r));
      const ids = (type: string) => Object.keys(t.findResources(type)).sort();
      const bucket = Object.values<any>(t.findResources('AWS::S3::Bucket')).map((b) => b.Properties.BucketName).filter((n) => n !== undefined);
      return { bucket, buckets: ids('AWS::S3::Bucket'), keys: ids('AWS::KMS::Key'), aliases: Object.values<any>(t.findResources('AWS::KMS::Alias')).map((a) => a.Properties.AliasName) };
    });
  };
  const before = named('Site');
  expect(before.map((r) => r.aliases)).toEqual(REGIONS.map((r) => [`alias/Shop-${r}`]));
  expect(before.map((r) => r.bucket[0])).toEqual(REGIONS.map((r) => expect.stringMatching(new RegExp(`^shop-${r}-bucket-[0-9a-f]{12}$`))));
  expect(named('Website')).toEqual(before);
});
