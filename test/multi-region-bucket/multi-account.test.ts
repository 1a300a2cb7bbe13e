import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Backfill, DistributionOrigin, MultiRegionBucket, MultiRegionBucketProps, Replication } from '../../src';
import { checkDeployOrder } from '../util/deploy-order';
import { ACCOUNT } from '../util/stacks';

/** Workload in two Regions of ACCOUNT, a backup copy in a third Region of another account. */
const BACKUP = '333333333333';
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];

function site(props: Partial<MultiRegionBucketProps> = {}): { app: App; site: MultiRegionBucket } {
  const app = new App();
  return { app, site: new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, accounts: { 'us-west-2': BACKUP }, ...props }) };
}

/** Every value in the templates that one stack takes from another at deploy time. */
function crossStackValues(assembly: CloudAssembly): string[] {
  const found: string[] = [];
  for (const stack of assembly.stacks) {
    const text = JSON.stringify(stack.template);
    for (const intrinsic of ['Fn::ImportValue', 'Fn::GetStackOutput']) {
      if (text.includes(intrinsic)) found.push(`${stack.stackName}: ${intrinsic}`);
    }
    for (const [name, output] of Object.entries<any>(stack.template.Outputs ?? {})) {
      if (output.Export) found.push(`${stack.stackName}: export ${name}`);
    }
  }
  return found;
}

/** The account of each stack of the assembly, by stack name. */
const accountsOf = (assembly: CloudAssembly) => Object.fromEntries(assembly.stacks.map((s) => [s.stackName, `${s.environment.account}/${s.environment.region}`]));

describe('MultiRegionBucket with a Region in another account', () => {
  test('each Regional stack is in its Region\'s account; the global stack in the default account', () => {
    const { app, site: s } = site({ replication: Replication.none() });
    expect(accountsOf(app.synth())).toEqual({
      'Site-us-east-1': `${ACCOUNT}/us-east-1`,
      'Site-eu-west-1': `${ACCOUNT}/eu-west-1`,
      'Site-us-west-2': `${BACKUP}/us-west-2`,
      // Not replicating: its replication stack only holds a placeholder (ADR 0042).
      'Site-us-west-2-replication': `${BACKUP}/us-west-2`,
      'Site-global': `${ACCOUNT}/us-east-1`,
    });
    expect(REGIONS.map((r) => s.accountOf(r))).toEqual([ACCOUNT, ACCOUNT, BACKUP]);
    // The bucket of another account is named at synth time, and the access point names its owner.
    const name = s.stackIn('us-west-2').resolve((s.bucketIn('us-west-2').bucket.node.defaultChild as s3.CfnBucket).bucketName);
    expect(typeof name).toBe('string');
    Template.fromStack(s.globalStack).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Regions: Match.arrayWith([{ Bucket: name, BucketAccountId: BACKUP }]),
    });
  });

  test('an entry of accounts equal to the default account changes nothing', () => {
    const plain = new App();
    new MultiRegionBucket(plain, 'Site', { regions: REGIONS, account: ACCOUNT });
    const same = new App();
    new MultiRegionBucket(same, 'Site', { regions: REGIONS, account: ACCOUNT, accounts: { 'us-west-2': ACCOUNT } });
    const templates = (app: App) => app.synth().stacks.map((st) => JSON.stringify(st.template));
    expect(templates(same)).toEqual(templates(plain));
  });

  describe.each([
    ['one-way from the workload into the backup account', Replication.oneWay()],
    ['two-way across the accounts', Replication.twoWay()],
    ['one-way with RTC and KMS', Replication.oneWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES })],
  ])('%s', (_name, replication) => {
    const kms = _name.includes('KMS');
    let s: MultiRegionBucket;
    let assembly: CloudAssembly;
    beforeAll(() => {
      const built = site({ replication, encryption: kms ? s3.BucketEncryption.KMS : undefined, distribution: {} });
      s = built.site;
      assembly = built.app.synth();
    });

    test('no value crosses a stack boundary at deploy time (no export, import or stack output read)', () => {
      expect(crossStackValues(assembly)).toEqual([]);
    });

    test('one `cdk deploy --all`: Regional stacks (every account), then the stacks that replicate, then the global stack', () => {
      const report = checkDeployOrder(assembly);
      expect(report.problems).toEqual([]);
      const names = report.order.map((id) => assembly.getStackArtifact(id).stackName);
      const regional = REGIONS.map((r) => names.indexOf(`Site-${r}`));
      for (const other of names.filter((n) => !n.startsWith('Site-') || /-(global|replication)$/.test(n))) {
        expect(Math.min(...regional.map((i) => names.indexOf(other) - i))).toBeGreaterThan(0);
      }
    });

    test('the bucket of the backup account lets exactly the replication roles of the workload account replicate, in its own stack', () => {
      const policy = Template.fromStack(s.stackIn('us-west-2')).findResources('AWS::S3::BucketPolicy');
      const statements = Object.values<any>(policy).flatMap((p) => p.Properties.PolicyDocument.Statement);
      const replicate = statements.filter((st) => [st.Action].flat().includes('s3:ReplicateObject'));
      expect(replicate.length).toBeGreaterThan(0);
      for (const st of replicate) {
        expect(JSON.stringify(st.Principal)).toMatch(new RegExp(`^\\{"AWS":.*:iam::${ACCOUNT}:root"`));
        expect(st.Condition.ArnEquals['aws:PrincipalArn']).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/`));
      }
    });

    test('the configuration of a bucket is applied from a stack of its own account', () => {
      for (const replicationOf of s.replications) {
        const source = Stack.of(replicationOf.source);
        expect(Stack.of(replicationOf).account).toBe(source.account);
        expect(Stack.of(replicationOf.role).account).toBe(source.account);
      }
      const replicationStacks = s.stacks.filter((st) => st.stackName.endsWith('-replication'));
      expect(replicationStacks.map((st) => `${st.stackName}@${st.account}/${st.region}`)).toEqual([`Site-us-west-2-replication@${BACKUP}/us-west-2`]);
      const types = Object.values<any>(Template.fromStack(replicationStacks[0]).toJSON().Resources).map((r) => r.Type);
      if (_name.startsWith('two-way')) {
        expect(types).toContain('Custom::S3BucketReplication');
      } else {
        // A replica: the stack stays with a placeholder, so that a deploy from two-way removes its replication (ADR 0042).
        expect(types).toEqual(['AWS::CloudFormation::WaitConditionHandle']);
      }
    });
  });
});

describe('monitoring across accounts', () => {
  let s: MultiRegionBucket;
  beforeAll(() => {
    const built = site({ replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
    s = built.site;
    built.app.synth();
  });

  test('every pair has its failure alarm in the source\'s stack; latency alarms only where source and destination share an account', () => {
    const pairs = s.replicationAlarms.map((a) => `${a.sourceRegion}>${a.destinationRegion}:${a.latency ? 'latency' : '-'}`);
    expect(pairs.sort()).toEqual([
      'eu-west-1>us-east-1:latency', 'eu-west-1>us-west-2:-',
      'us-east-1>eu-west-1:latency', 'us-east-1>us-west-2:-',
      'us-west-2>eu-west-1:-', 'us-west-2>us-east-1:-',
    ]);
    for (const a of s.replicationAlarms) expect(Stack.of(a.failures).account).toBe(s.accountOf(a.sourceRegion));
  });

  test('the dashboard (global stack) shows only what the default account\'s CloudWatch has', () => {
    const body = JSON.stringify(Template.fromStack(s.globalStack).findResources('AWS::CloudWatch::Dashboard'));
    const backupBucket = s.stackIn('us-west-2').resolve((s.bucketIn('us-west-2').bucket.node.defaultChild as s3.CfnBucket).bucketName);
    // No request metric of the backup account's bucket, and no failure search over its replication.
    expect(body).not.toContain(`"BucketName","${backupBucket}"`);
    expect(body).not.toContain(`SourceBucket=\\\\\\"${backupBucket}`);
    expect(body).not.toContain(BACKUP);
  });

  test('one-way into the backup account: no alarm topic where no alarm is (the backup Region has no latency alarm)', () => {
    const { site: oneWay } = site({ replication: Replication.oneWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) });
    expect(oneWay.alarmTopicIn('us-west-2')).toBeUndefined();
    expect(oneWay.alarmTopicIn('eu-west-1')).toBeDefined();
    expect(oneWay.alarmTopicIn('us-east-1')).toBeDefined();
  });

  test('dashboardWidgets(account) gives the widgets of another account, and refuses an account with no bucket', () => {
    const widgets = JSON.stringify(s.globalStack.resolve(s.dashboardWidgets(BACKUP).map((w) => w.toJson())));
    const backupBucket = s.stackIn('us-west-2').resolve((s.bucketIn('us-west-2').bucket.node.defaultChild as s3.CfnBucket).bucketName);
    expect(widgets).toContain(backupBucket);
    expect(() => s.dashboardWidgets('999999999999')).toThrow(/'account' must be one of the accounts of the buckets \(111111111111, 333333333333\), got 999999999999/);
  });

  test('metric methods name the account CloudWatch has the metric in', () => {
    expect(s.metricAllRequests('us-west-2').account).toBe(BACKUP);
    expect(s.metricAllRequests('us-east-1').account).toBe(ACCOUNT);
    expect(s.metricReplicationLatency('us-west-2', 'us-east-1').account).toBe(BACKUP);
    expect(s.metricReplicationLatency('us-east-1', 'us-west-2').account).toBe(ACCOUNT);
  });
});

describe('backfill into the backup account', () => {
  test('each job runs in its source\'s account, from the stack that replicates that bucket; the backup Region stays passive', () => {
    const { app, site: s } = site({ backfill: Backfill.existingObjects({ regions: ['us-west-2'] }) });
    const jobs = s.replications.filter((r) => r.backfillJobId !== undefined);
    expect(jobs.map((r) => Stack.of(r.source).region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const job of jobs) {
      expect(Stack.of(job).account).toBe(Stack.of(job.source).account);
      expect(Stack.of(job.backfillRole!).account).toBe(Stack.of(job.source).account);
    }
    expect(checkDeployOrder(app.synth()).problems).toEqual([]);
    expect(JSON.stringify(Template.fromStack(s.globalStack).toJSON())).toMatch(/Region\W+us-west-2\W+TrafficDialPercentage\W+0\b/);
  });
});

describe('grants and the distribution across accounts', () => {
  test('a KMS grant to a workload role: the backup key admits it in its own stack', () => {
    const { site: s } = site({ replication: Replication.none(), encryption: s3.BucketEncryption.KMS });
    const reader = new iam.Role(s.globalStack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    s.grants.read(reader);
    const key = Template.fromStack(s.stackIn('us-west-2')).findResources('AWS::KMS::Key');
    const statements = Object.values<any>(key).flatMap((k) => k.Properties.KeyPolicy.Statement);
    expect(JSON.stringify(statements)).toContain(`:iam::${ACCOUNT}:root`);
  });

  test("a grant to a role of the backup account's stack is refused; to that account narrowed to the role, nothing crosses an account", () => {
    const { app, site: s } = site({ encryption: s3.BucketEncryption.KMS });
    const backupRole = new iam.Role(s.stackIn('us-west-2'), 'Auditor', { roleName: 'auditor', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => s.grants.read(backupRole)).toThrow(new RegExp(`'grantee' of grants\\.read\\(\\) must be in a stack of account ${ACCOUNT}, the access point's, `
      + `got Site/us-west-2/Auditor in stack Site-us-west-2 of account ${BACKUP}`));
    s.grants.read(new iam.AccountPrincipal(BACKUP).withConditions({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${BACKUP}:role/auditor` } }));
    const assembly = app.synth();
    expect(crossStackValues(assembly)).toEqual([]);
    expect(checkDeployOrder(assembly).problems).toEqual([]);
  });

  test('a Regional failover origin in another account is refused', () => {
    expect(() => site({ primaryRegion: 'us-west-2', distribution: { origin: DistributionOrigin.regionalFailover() } }))
      .toThrow(/'distribution.origin' DistributionOrigin.regionalFailover\(\) must read buckets of account 111111111111 .*got us-west-2 \(account 333333333333\)/);
    expect(() => site({ distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'eu-west-1' }) } })).not.toThrow();
  });
});

describe('regionalStacks in several accounts', () => {
  test('each stack\'s account is its Region\'s; the global stack decides the default account', () => {
    const app = new App();
    const regionalStacks = REGIONS.map((region) => new Stack(app, `Data-${region}`, { env: { account: region === 'us-west-2' ? BACKUP : ACCOUNT, region } }));
    const globalStack = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const s = new MultiRegionBucket(app, 'Site', { regions: REGIONS, regionalStacks, globalStack, replication: Replication.none() });
    expect(REGIONS.map((r) => s.accountOf(r))).toEqual([ACCOUNT, ACCOUNT, BACKUP]);
  });

  test('several accounts without a global stack or account: which is the default must be said', () => {
    const app = new App();
    const regionalStacks = REGIONS.map((region) => new Stack(app, `Data-${region}`, { env: { account: region === 'us-west-2' ? BACKUP : ACCOUNT, region } }));
    expect(() => new MultiRegionBucket(app, 'Site', { regions: REGIONS, regionalStacks, replication: Replication.none() })).toThrow(/'account' must be set/);
  });
});
