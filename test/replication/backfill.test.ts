import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { stackIn } from './fixtures';
import { Backfill, BucketReplication, MultiRegionBucket, MultiRegionBucketProps, RegionalBucket, ReplicationMesh, Replication, Routing } from '../../src';
import { Decision, formatMatrix, matches, MatrixRow, simulate } from '../util/iam-simulation';
import { expectNagClean } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

const US = 'us-east-1';
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';

function site(props: Partial<MultiRegionBucketProps> = {}): { app: App; site: MultiRegionBucket; assembly: ResolvedAssembly } {
  const app = new App();
  const s = new MultiRegionBucket(app, 'Site', { regions: [US, EU, AP], account: ACCOUNT, backfill: Backfill.existingObjects({ regions: [AP] }), ...props });
  return { app, site: s, assembly: ResolvedAssembly.fromApp(app) };
}

/** The calls of every backfill job of a stack, resolved and parsed, by phase. */
interface Job { logicalId: string; create: any; update?: string; delete?: string; dependsOn: string[] }

function jobsOf(assembly: ResolvedAssembly, stackName: string): Job[] {
  const template = assembly.stack(stackName).template;
  return Object.entries(assembly.resources(stackName, 'Custom::S3BatchReplicationJob')).map(([logicalId, r]) => ({
    logicalId,
    create: JSON.parse(r.Properties.Create),
    update: r.Properties.Update,
    delete: r.Properties.Delete,
    dependsOn: template.Resources[logicalId].DependsOn ?? [],
  }));
}

describe('MultiRegionBucket adding ap-southeast-2 with backfill (two-way)', () => {
  const { app, site: s, assembly } = site();
  const jobs = jobsOf(assembly, 'Site-global');
  const bucketName = (region: string) => assembly.ref(`Site-${region}`, Object.keys(assembly.resources(`Site-${region}`, 'AWS::S3::Bucket')).find((id) => id.startsWith('Bucket') && !id.includes('AccessLogs'))!);

  test('one CreateJob per bucket that holds data, in its own Region, for its account: none from the new, empty bucket', () => {
    expect(jobs.map((j) => [j.create.service, j.create.action, j.create.region, j.create.parameters.AccountId]).sort()).toEqual([
      ['S3Control', 'CreateJob', EU, ACCOUNT],
      ['S3Control', 'CreateJob', US, ACCOUNT],
    ]);
  });

  test('the job replicates what the replication configuration names, from a manifest S3 generates: never-, failed- and already-replicated objects, not replicas', () => {
    const eu = jobs.find((j) => j.create.region === EU)!.create.parameters;
    expect(eu.Operation).toEqual({ S3ReplicateObject: {} });
    expect(eu.ManifestGenerator).toEqual({
      S3JobManifestGenerator: {
        ExpectedBucketOwner: ACCOUNT,
        SourceBucket: `arn:aws:s3:::${bucketName(EU)}`,
        EnableManifestOutput: false,
        Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ['NONE', 'FAILED', 'COMPLETED'] },
      },
    });
    expect(eu.Manifest).toBeUndefined();
    expect(eu.ConfirmationRequired).toBe(false);
    expect(eu.Priority).toBe(10);
  });

  test("the completion report goes to the source Region's access log bucket, looked up at deploy time, under batch-replication/", () => {
    const eu = jobs.find((j) => j.create.region === EU)!;
    const report = eu.create.parameters.Report;
    expect(report).toMatchObject({ Enabled: true, ExpectedBucketOwner: ACCOUNT, Prefix: 'batch-replication', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks' });
    const lookups = assembly.resources('Site-global', 'Custom::S3BucketLoggingLookup');
    const lookupId = Object.keys(lookups).find((id) => report.Bucket === `arn:aws:s3:::${id}.LoggingEnabled.TargetBucket`)!;
    expect(JSON.parse(lookups[lookupId].Properties.Create)).toMatchObject({ service: 'S3', action: 'GetBucketLogging', region: EU, parameters: { Bucket: bucketName(EU) } });
  });

  test('a client request token of at most 64 characters, the same on every synthesis, different for other new Regions', () => {
    const tokens = jobs.map((j) => j.create.parameters.ClientRequestToken);
    expect(tokens.every((t) => /^backfill-[0-9a-f]{40}$/.test(t))).toBe(true);
    expect(new Set(tokens).size).toBe(2);
    expect(jobsOf(site().assembly, 'Site-global').map((j) => j.create.parameters.ClientRequestToken)).toEqual(tokens);
    const fourth = site({ regions: [US, EU, AP, 'us-west-2'], backfill: Backfill.existingObjects({ regions: ['us-west-2'] }) });
    const other = jobsOf(fourth.assembly, 'Site-global').map((j) => j.create.parameters.ClientRequestToken);
    expect(other.filter((t) => tokens.includes(t))).toEqual([]);
  });

  test('another change deployed while backfill is still set (metrics on, a distribution) keeps the same job resources: no second job', () => {
    const later = jobsOf(site({ replication: Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES }), distribution: {} }).assembly, 'Site-global');
    const keys = (list: Job[]) => list.map((j) => [j.logicalId, j.create.parameters.ClientRequestToken]).sort();
    expect(keys(later)).toEqual(keys(jobs));
  });

  test('created once: no call on Update or Delete, and a logical ID keyed by the token (new Regions are a new resource)', () => {
    for (const job of jobs) {
      expect(job.update).toBeUndefined();
      expect(job.delete).toBeUndefined();
      expect(job.logicalId).toContain(job.create.parameters.ClientRequestToken.slice(-8));
    }
  });

  test('each job waits for the replication configuration that names the new bucket, and for its permissions', () => {
    const configurations = Object.keys(assembly.resources('Site-global', 'Custom::S3BucketReplication'));
    for (const job of jobs) {
      const own = configurations.find((id) => id.includes(job.create.region.replace(/-/g, '')))!;
      expect(job.dependsOn).toEqual(expect.arrayContaining([own]));
      expect(job.dependsOn.some((id) => id.includes('CreateJobPolicy'))).toBe(true);
    }
  });

  test('the new Region joins the access point passive (dial 0); the others stay active', () => {
    expect(s.accessPoint.routes?.passiveRegions).toEqual([AP]);
    expect(s.accessPoint.routes?.activeRegions).toEqual([EU, US]);
    const routes = Object.values(assembly.resources('Site-global', 'Custom::MultiRegionAccessPointRoutes'))[0];
    expect(JSON.parse(routes.Properties.Create).parameters.RouteUpdates).toEqual([
      { Region: AP, TrafficDialPercentage: 0 },
      { Region: EU, TrafficDialPercentage: 100 },
      { Region: US, TrafficDialPercentage: 100 },
    ]);
  });

  test('outputs: each job ID and the exact describe-job command', () => {
    const outputs = assembly.stack('Site-global').template.Outputs;
    const commands = Object.entries<any>(outputs).filter(([id]) => id.includes('JobStatusCommand')).map(([, o]) => assembly.resolve('Site-global', o.Value));
    const ids = jobs.map((j) => assembly.ref('Site-global', j.logicalId));
    expect(commands.sort()).toEqual([
      `aws s3control describe-job --region ${EU} --account-id ${ACCOUNT} --job-id ${ids[jobs.findIndex((j) => j.create.region === EU)]} --query Job.[Status,ProgressSummary]`,
      `aws s3control describe-job --region ${US} --account-id ${ACCOUNT} --job-id ${ids[jobs.findIndex((j) => j.create.region === US)]} --query Job.[Status,ProgressSummary]`,
    ].sort());
  });

  test("an alarm on failed Batch Operations jobs in each source's Region (EventBridge rule on the CloudTrail JobStatusChanged event)", () => {
    for (const region of [US, EU]) {
      const template = Template.fromStack(s.stackIn(region));
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.s3'],
          'detail-type': ['AWS Service Event via CloudTrail'],
          'detail': { eventSource: ['s3.amazonaws.com'], eventName: ['JobStatusChanged'], serviceEventDetails: { status: ['Failed'] } },
        },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `Site-replication-${region}-to-${AP}-backfill-failed`, Namespace: 'AWS/Events', MetricName: 'MatchedEvents' });
    }
    expect(Template.fromStack(s.stackIn(AP)).findResources('AWS::Events::Rule')).toEqual({});
  });

  test('cdk-nag clean', () => {
    expectNagClean(app);
  });
});

describe('backfill with alarm topics (on by default with backfill)', () => {
  const { site: s } = site();
  test("a failed job notifies the source Region's alarm topic", () => {
    const template = Template.fromStack(s.stackIn(EU));
    const alarm = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName.endsWith('-backfill-failed'))!;
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });
});

describe('activating the new Region once the jobs are complete', () => {
  test('removing backfill and setting routing makes it active; no job, role or failure alarm is left in the templates', () => {
    const app = new App();
    const s = new MultiRegionBucket(app, 'Site', { regions: [US, EU, AP], account: ACCOUNT, routing: Routing.activeActive() });
    expect(s.accessPoint.routes?.activeRegions).toEqual([AP, EU, US]);
    const assembly = ResolvedAssembly.fromApp(app);
    expect(assembly.stackNames.flatMap((n) => Object.keys(assembly.resources(n, 'Custom::S3BatchReplicationJob')))).toEqual([]);
  });
});

describe('one-way replication', () => {
  const { site: s, assembly } = site({ replication: Replication.oneWay() });
  test('only the primary holds data to copy: one job, from the primary', () => {
    expect(jobsOf(assembly, 'Site-global').map((j) => j.create.region)).toEqual([US]);
    expect(s.accessPoint.routes?.activeRegions).toEqual([US]);
  });
});

describe('ReplicationMesh', () => {
  function mesh(backfill?: Backfill) {
    const app = new App();
    const buckets = [US, EU, AP].map((r) => new RegionalBucket(stackIn(app, `Data-${r}`, r), 'Data', { bucketName: `data-${ACCOUNT}-${r}` }).bucket);
    const global = stackIn(app, 'Global', US);
    new ReplicationMesh(global, 'Replication', { buckets, backfill });
    return ResolvedAssembly.fromApp(app);
  }
  test('a bucket joining the mesh: one job from each other bucket, tokens named by the bucket names', () => {
    const jobs = jobsOf(mesh(Backfill.existingObjects({ regions: [AP] })), 'Global');
    expect(jobs.map((j) => j.create.parameters.ManifestGenerator.S3JobManifestGenerator.SourceBucket).sort()).toEqual([
      `arn:aws:s3:::data-${ACCOUNT}-${EU}`, `arn:aws:s3:::data-${ACCOUNT}-${US}`,
    ]);
  });
  test('without backfill, no job', () => {
    expect(jobsOf(mesh(), 'Global')).toEqual([]);
  });
});

describe('BucketReplication', () => {
  function oneWay(backfill: Backfill) {
    const app = new App();
    const source = new s3.Bucket(stackIn(app, 'Source', EU), 'Source', { bucketName: 'source-bucket', versioned: true });
    const destination = new s3.Bucket(stackIn(app, 'Destination', US), 'Destination', { bucketName: 'destination-bucket', versioned: true });
    const global = stackIn(app, 'Global', US);
    const replication = new BucketReplication(global, 'Replication', { source, destinations: [{ bucket: destination }], backfill, rules: [{ filter: { prefix: 'invoices/' } }] });
    return { app, replication, assembly: ResolvedAssembly.fromApp(app) };
  }

  test('replication turned on for a bucket with objects: every destination, no report without a log bucket, role scoped to the replicated prefix', () => {
    const { assembly, replication } = oneWay(Backfill.existingObjects());
    const [job] = jobsOf(assembly, 'Global');
    expect(job.create.parameters.Report).toEqual({ Enabled: false });
    expect(job.create.region).toBe(EU);
    const role = assembly.resolve('Global', Stack.of(replication).resolve(replication.backfillRole!.roleArn));
    expect(job.create.parameters.RoleArn).toBe(role);
    const policies = Object.values(assembly.resources('Global', 'AWS::IAM::ManagedPolicy')).map((p) => p.Properties.PolicyDocument.Statement).flat();
    expect(policies).toEqual(expect.arrayContaining([{ Action: 's3:InitiateReplication', Effect: 'Allow', Resource: 'arn:aws:s3:::source-bucket/invoices/*' }]));
  });

  test('the role is trusted by S3 Batch Operations as AWS documents it, with no condition on keys the service is not documented to send', () => {
    const { assembly } = oneWay(Backfill.existingObjects());
    const roles = Object.values(assembly.resources('Global', 'AWS::IAM::Role')).filter((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('batchoperations'));
    expect(roles.map((r) => r.Properties.AssumeRolePolicyDocument.Statement)).toEqual([[{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'batchoperations.s3.amazonaws.com' },
    }]]);
  });
});

describe('the Batch Operations role, under IAM simulation (BucketReplication with a prefix rule and a report bucket)', () => {
  const app = new App();
  const sourceStack = stackIn(app, 'Source', EU);
  const source = new RegionalBucket(sourceStack, 'Data', { bucketName: 'source-eu-west-1', serverAccessLogs: false }).bucket;
  const reports = new s3.Bucket(sourceStack, 'Reports', { bucketName: 'reports-eu-west-1' });
  const destination = new RegionalBucket(stackIn(app, 'Destination', US), 'Replica', { bucketName: 'replica-us-east-1', serverAccessLogs: false }).bucket;
  const global = stackIn(app, 'Global', US);
  const replication = new BucketReplication(global, 'Replication', {
    source,
    destinations: [{ bucket: destination }],
    rules: [{ filter: { prefix: 'invoices/' } }],
    backfill: Backfill.existingObjects({ reportBucket: reports }),
  });
  const assembly = ResolvedAssembly.fromApp(app);
  const roleArn = assembly.resolve('Global', global.resolve(replication.backfillRole!.roleArn));
  const policies = Object.values(assembly.resources('Global', 'AWS::IAM::ManagedPolicy'))
    .map((p) => p.Properties)
    .filter((p) => String(p.Description).startsWith('Lets S3 Batch Operations'))
    .map((p) => p.PolicyDocument);
  const trust = Object.values(assembly.resources('Global', 'AWS::IAM::Role')).find((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('batchoperations'))!
    .Properties.AssumeRolePolicyDocument;
  const [job] = jobsOf(assembly, 'Global');
  const rows: MatrixRow[] = [];
  afterAll(() => console.log(`Batch Operations role (backfill of source-eu-west-1)\n${formatMatrix(rows)}`));

  const cases: Array<{ name: string; principal?: string; action: string; resource: string; context?: Record<string, string>; expected: Decision | 'Denied' }> = [
    // AWS documents no source context for Batch Operations: the role must be assumable without one.
    { name: 'trusted by S3 Batch Operations (no source context)', principal: 'batchoperations.s3.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn, expected: 'Allowed' },
    { name: 'not by S3 replication', principal: 's3.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn, context: { 'aws:SourceAccount': ACCOUNT }, expected: 'Denied' },
    { name: 'initiate replication of a replicated object', action: 's3:InitiateReplication', resource: 'arn:aws:s3:::source-eu-west-1/invoices/2026/1.pdf', expected: 'Allowed' },
    { name: 'not outside the replicated prefix', action: 's3:InitiateReplication', resource: 'arn:aws:s3:::source-eu-west-1/private/1.pdf', expected: 'Denied' },
    { name: 'not on the destination', action: 's3:InitiateReplication', resource: 'arn:aws:s3:::replica-us-east-1/invoices/1.pdf', expected: 'Denied' },
    { name: 'read the replication configuration', action: 's3:GetReplicationConfiguration', resource: 'arn:aws:s3:::source-eu-west-1', expected: 'Allowed' },
    { name: 'generate the manifest (inventory configuration)', action: 's3:PutInventoryConfiguration', resource: 'arn:aws:s3:::source-eu-west-1', expected: 'Allowed' },
    { name: 'not change the replication configuration', action: 's3:PutReplicationConfiguration', resource: 'arn:aws:s3:::source-eu-west-1', expected: 'Denied' },
    { name: 'not read object data', action: 's3:GetObject', resource: 'arn:aws:s3:::source-eu-west-1/invoices/1.pdf', expected: 'Denied' },
    { name: 'not replicate by itself', action: 's3:ReplicateObject', resource: 'arn:aws:s3:::replica-us-east-1/invoices/1.pdf', expected: 'Denied' },
    { name: 'write the completion report', action: 's3:PutObject', resource: 'arn:aws:s3:::reports-eu-west-1/batch-replication/job-1/results/0.csv', expected: 'Allowed' },
    { name: 'not elsewhere in the report bucket', action: 's3:PutObject', resource: 'arn:aws:s3:::reports-eu-west-1/other/x', expected: 'Denied' },
    { name: 'not delete a report', action: 's3:DeleteObject', resource: 'arn:aws:s3:::reports-eu-west-1/batch-replication/job-1/report.json', expected: 'Denied' },
    { name: 'no KMS', action: 'kms:Decrypt', resource: `arn:aws:kms:${EU}:${ACCOUNT}:key/11111111-1111-1111-1111-111111111111`, expected: 'Denied' },
  ];
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const principal = c.principal ?? roleArn;
    const service = !principal.startsWith('arn:');
    const actual = await simulate({
      principal,
      action: c.action,
      resource: c.resource,
      resourceAccount: ACCOUNT,
      identityPolicies: service ? [] : policies,
      resourcePolicy: service ? trust : undefined,
      context: c.context,
    });
    rows.push({ name: c.name, principal: principal.replace(/^arn:aws:iam::\d+:role\//, 'role/'), action: c.action, resource: c.resource, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });

  test('the job reports to the given bucket, and the role it passes is this one', () => {
    expect(job.create.parameters.Report).toMatchObject({ Enabled: true, Bucket: 'arn:aws:s3:::reports-eu-west-1', Prefix: 'batch-replication' });
    expect(job.create.parameters.RoleArn).toBe(roleArn);
  });
});

describe('BucketReplication applied natively (the job in the source stack)', () => {
  test('the job runs after the bucket that carries the configuration, in its Region', () => {
    const app = new App();
    const stack = stackIn(app, 'Source', EU);
    const source = new s3.Bucket(stack, 'Source', { bucketName: 'native-source', versioned: true });
    const destination = s3.Bucket.fromBucketAttributes(stack, 'Destination', { bucketName: 'native-destination', region: US });
    new BucketReplication(stack, 'Replication', { source, destinations: [{ bucket: destination }], backfill: Backfill.existingObjects({ regions: [US] }) });
    const assembly = ResolvedAssembly.fromApp(app);
    const [job] = jobsOf(assembly, 'Source');
    expect(job.create.region).toBe(EU);
    const bucketId = Object.keys(assembly.resources('Source', 'AWS::S3::Bucket'))[0];
    expect(job.dependsOn).toEqual(expect.arrayContaining([bucketId]));
    expect(assembly.resources('Source', 'AWS::S3::Bucket')[bucketId].Properties.ReplicationConfiguration).toBeDefined();
  });
});
