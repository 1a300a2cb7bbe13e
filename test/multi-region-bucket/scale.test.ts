import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { REGIONS } from '../../bench/apps/common';
import { build as buildMany, MANY_REGIONS } from '../../bench/apps/many';
import { MultiRegionBucket, MultiRegionBucketProps, ReplicationMode, Routing } from '../../src';
import { MAX_ALARMS_PER_WIDGET } from '../../src/multi-region-bucket/monitoring';
import { ACCOUNT } from '../util/stacks';

/** The benchmark's two architectures (bench/apps/library.ts). */
const TWO_WAY_SITE: Partial<MultiRegionBucketProps> = { replicationOptions: { replicationTimeControl: true }, distribution: {} };
const ONE_WAY_SITE: Partial<MultiRegionBucketProps> = { replication: ReplicationMode.ONE_WAY, replicationOptions: { replicationTimeControl: true } };

function site(regions: number, props: Partial<MultiRegionBucketProps>): { app: App; site: MultiRegionBucket } {
  const app = new App();
  return { app, site: new MultiRegionBucket(app, 'Site', { regions: REGIONS.slice(0, regions), account: ACCOUNT, ...props }) };
}

const resourcesOf = (stack: Stack, type?: string): Record<string, any> =>
  type ? Template.fromStack(stack).findResources(type) : Template.fromStack(stack).toJSON().Resources;
const count = (stack: Stack, type?: string) => Object.keys(resourcesOf(stack, type)).length;
const customResources = (stack: Stack) => Object.values(resourcesOf(stack)).filter((r: any) => r.Type.startsWith('Custom::'));

/** A string or an `Fn::Join` of strings and intrinsics, each intrinsic replaced by `TOKEN`. */
function flatten(value: any): string {
  if (typeof value === 'string') return value;
  const join = value['Fn::Join'];
  return join ? join[1].map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join(join[0]) : 'TOKEN';
}

const replicationRules = (stack: Stack) => Object.values(resourcesOf(stack, 'Custom::S3BucketReplication'))
  .reduce((n: number, r: any) => n + JSON.parse(flatten(r.Properties.Create)).parameters.ReplicationConfiguration.Rules.length, 0);

describe('custom-resource providers: as few as needed', () => {
  test('two-way at 9 Regions with CloudFront and routes: one provider function in the global stack runs every custom resource; no Regional stack runs code', () => {
    const { site: s } = site(9, { ...TWO_WAY_SITE, routing: Routing.activePassive({ activeRegions: ['us-east-1'] }) });
    const functions = Object.keys(resourcesOf(s.globalStack, 'AWS::Lambda::Function'));
    expect(functions).toHaveLength(1);
    const custom = customResources(s.globalStack);
    // 9 replication configurations, the routes and their read-back.
    expect(custom).toHaveLength(11);
    for (const resource of custom) {
      expect(resource.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [functions[0], 'Arn'] });
    }
    for (const region of s.regions) {
      expect(count(s.stackIn(region), 'AWS::Lambda::Function')).toBe(0);
      expect(customResources(s.stackIn(region))).toEqual([]);
    }
  });

  test('one-way at 9 Regions: no Lambda function and no custom resource in any Regional stack; one function in the global stack, for the routes and the replication', () => {
    const { site: s } = site(9, ONE_WAY_SITE);
    for (const region of s.regions) {
      expect(count(s.stackIn(region), 'AWS::Lambda::Function')).toBe(0);
      expect(customResources(s.stackIn(region))).toEqual([]);
    }
    expect(count(s.globalStack, 'AWS::Lambda::Function')).toBe(1);
    expect(customResources(s.globalStack).map((r) => r.Type).sort()).toEqual(['Custom::MultiRegionAccessPointRoutes', 'Custom::MultiRegionAccessPointRoutesReadBack', 'Custom::S3BucketReplication']);
  });
});

describe('what grows with the Regions', () => {
  test('one-way: only the primary has replication alarms, so only its Region gets an alarm topic (and the key that encrypts it)', () => {
    const { site: s } = site(3, ONE_WAY_SITE);
    const [primary, ...replicas] = s.regions;
    expect(count(s.stackIn(primary), 'AWS::SNS::Topic')).toBe(1);
    expect(count(s.stackIn(primary), 'AWS::CloudWatch::Alarm')).toBe(4);
    expect(s.alarmTopicIn(primary)).toBeDefined();
    for (const region of replicas) {
      expect(count(s.stackIn(region), 'AWS::SNS::Topic')).toBe(0);
      expect(count(s.stackIn(region), 'AWS::KMS::Key')).toBe(0);
      expect(count(s.stackIn(region), 'AWS::CloudWatch::Alarm')).toBe(0);
      expect(s.alarmTopicIn(region)).toBeUndefined();
    }
  });

  test('two-way: resources grow linearly in Regions, except the replication rules and the alarms per pair, which grow as N(N-1)', () => {
    const measure = (n: number) => {
      const { site: s } = site(n, TWO_WAY_SITE);
      const alarms = s.stacks.reduce((total, stack) => total + count(stack, 'AWS::CloudWatch::Alarm'), 0);
      const resources = s.stacks.reduce((total, stack) => total + count(stack), 0);
      return { n, alarms, rules: replicationRules(s.globalStack), others: resources - alarms, globalOthers: count(s.globalStack) };
    };
    const [a, b, c] = [3, 5, 9].map(measure);
    for (const m of [a, b, c]) {
      expect(m.rules).toBe(m.n * (m.n - 1));
      expect(m.alarms).toBe(2 * m.n * (m.n - 1));
    }
    // Linear: the same number of resources for every Region added.
    const perRegion = (b.others - a.others) / (b.n - a.n);
    expect((c.others - b.others) / (c.n - b.n)).toBe(perRegion);
    expect((c.globalOthers - b.globalOthers) / (c.n - b.n)).toBe((b.globalOthers - a.globalOthers) / (b.n - a.n));
  });

  test('a mesh names the buckets and keys of other Regions by plain ARNs: its replication configurations and policies have no AWS::Partition', () => {
    const { site: s } = site(3, { ...TWO_WAY_SITE, encryption: s3.BucketEncryption.KMS });
    for (const type of ['Custom::S3BucketReplication', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']) {
      expect(JSON.stringify(resourcesOf(s.globalStack, type))).not.toContain('AWS::Partition');
    }
    const rule = JSON.parse(flatten(Object.values(resourcesOf(s.globalStack, 'Custom::S3BucketReplication'))[0].Properties.Create))
      .parameters.ReplicationConfiguration.Rules[0];
    expect(rule.Destination.Bucket).toMatch(/^arn:aws:s3:::site-eu-west-1/);
    expect(rule.Destination.EncryptionConfiguration.ReplicaKmsKeyID).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/Site-eu-west-1`);
  });
});

describe('17 Regions, two-way, CloudFront, Replication Time Control with alarms, SSE-KMS', () => {
  const { app, site: s } = site(17, { ...TWO_WAY_SITE, encryption: s3.BucketEncryption.KMS });
  const assembly = app.synth();

  test("every stack is within CloudFormation's limits: a template of at most 1 MB, 500 resources, 200 outputs", () => {
    expect(assembly.stacks).toHaveLength(18);
    for (const stack of assembly.stacks) {
      expect({ stack: stack.stackName, ok: fs.statSync(stack.templateFullPath).size <= 1_000_000 }).toEqual({ stack: stack.stackName, ok: true });
      expect(Object.keys(stack.template.Resources).length).toBeLessThanOrEqual(500);
      expect(Object.keys(stack.template.Outputs ?? {}).length).toBeLessThanOrEqual(200);
    }
    expect(replicationRules(s.globalStack)).toBe(17 * 16);
    const global = assembly.getStackByName(s.globalStack.stackName);
    // The figure the README and ADR 0008 quote.
    console.log(`17 Regions, two-way, RTC, CloudFront, SSE-KMS: global template ${fs.statSync(global.templateFullPath).size} bytes, `
      + `${Object.keys(global.template.Resources).length} resources`);
  });

  test('the dashboard grows with the Regions, not the pairs: one search per Region, and alarm status widgets within CloudWatch\'s 100 alarms', () => {
    const dashboard = Object.values(resourcesOf(s.globalStack, 'AWS::CloudWatch::Dashboard'))[0];
    const widgets: any[] = JSON.parse(flatten(dashboard.Properties.DashboardBody)).widgets;
    const latency = widgets.find((w) => w.properties.title === 'Replication latency (max, seconds)');
    expect(latency.properties.metrics).toHaveLength(17);
    expect(latency.properties.metrics[0][0].expression).toMatch(/^SEARCH\('\{AWS\/S3,DestinationBucket,RuleId,SourceBucket\} MetricName="ReplicationLatency" DestinationBucket="/);
    const alarmWidgets = widgets.filter((w) => w.type === 'alarm');
    expect(alarmWidgets.length).toBeGreaterThanOrEqual(17);
    for (const widget of alarmWidgets) {
      expect(widget.properties.alarms.length).toBeLessThanOrEqual(MAX_ALARMS_PER_WIDGET);
    }
    const shown: string[] = alarmWidgets.flatMap((w) => w.properties.alarms);
    expect(new Set(shown).size).toBe(2 * 17 * 16);
    expect(shown[0]).toMatch(new RegExp(`^arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:Site-replication-us-east-1-to-`));
  });
});

describe('many buckets in one app (bench/apps/many.ts)', () => {
  function many(buckets: number, layout: 'shared' | 'own'): App {
    const app = new App();
    buildMany(app, REGIONS.slice(0, MANY_REGIONS), layout, buckets);
    return app;
  }

  test('buckets that share stacks share the one provider function of the global stack', () => {
    const assembly = many(3, 'shared').synth();
    expect(assembly.stacks).toHaveLength(4);
    const functions = (name: string) => Object.values(assembly.getStackByName(name).template.Resources)
      .filter((r: any) => r.Type === 'AWS::Lambda::Function').length;
    expect(functions('Bench-global')).toBe(1);
    for (const region of REGIONS.slice(0, MANY_REGIONS)) expect(functions(`Bench-${region}`)).toBe(0);
    expect(Object.values(assembly.getStackByName('Bench-global').template.Resources).filter((r: any) => r.Type === 'Custom::S3BucketReplication')).toHaveLength(9);
  });

  test('26 three-Region buckets fit in one global stack; the 27th stops synthesis on the resource limit, naming what put them there', () => {
    const fits = many(26, 'shared').synth().getStackByName('Bench-global');
    expect(Object.keys(fits.template.Resources).length).toBeLessThanOrEqual(500);
    expect(fs.statSync(fits.templateFullPath).size).toBeLessThanOrEqual(1_000_000);
    let message = '';
    try {
      many(27, 'shared').synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/\[Bench-global\] 'regions' \(3\).* of Bench1;.*and \d+ more: they make stack Bench-global 516 resources, got more than the 500/);
    // Buckets are named by literal names (no imports), so the template stays under 1 MB at 27.
    expect(message).not.toMatch(/bytes, got more than the 1000000/);
  });
});
