import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Backfill, MultiRegionBucket, MultiRegionBucketProps, Replication } from '../../src';
import { fitName, MAX_ALARM_NAME, MAX_STACK_NAME_LENGTH, MAX_TOPIC_DISPLAY_NAME } from '../../src/multi-region-bucket/names';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/**
 * Names the construct makes up from the stack name prefix (docs/adr/0040): a prefix valid for the
 * stacks the user names with it is never refused because of a longer name the library derives
 * from it; names that fit are exactly the names of earlier versions (deployed setups keep them).
 */
const OTHER_ACCOUNT = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const METRICS = Replication.twoWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES });

const site = (props: Partial<MultiRegionBucketProps> = {}, app = new App()) => new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, ...props });
const template = (stack: Stack) => Template.fromStack(stack).toJSON();
const topicNames = (s: MultiRegionBucket) => s.stacks.flatMap((stack) => Object.values<any>(template(stack).Resources)
  .filter((r) => r.Type === 'AWS::SNS::Topic').map((r) => r.Properties.DisplayName as string));
const alarmNames = (s: MultiRegionBucket) => s.stacks.flatMap((stack) => Object.values<any>(template(stack).Resources)
  .filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName as string));

describe('fitName', () => {
  test('keeps a name that fits, character for character', () => {
    expect(fitName('Site-eu-west-1-replication', MAX_STACK_NAME_LENGTH, '-eu-west-1-replication')).toBe('Site-eu-west-1-replication');
    expect(fitName('x'.repeat(128), 128)).toBe('x'.repeat(128));
  });

  test('shortens a name that does not fit to exactly the limit, keeping its end, and tells two long names apart', () => {
    const a = fitName(`${'a'.repeat(120)}1-eu-west-1-replication`, 128, '-eu-west-1-replication');
    const b = fitName(`${'a'.repeat(120)}2-eu-west-1-replication`, 128, '-eu-west-1-replication');
    expect(a).toHaveLength(128);
    expect(a).toMatch(/^a+-[0-9a-f]{8}-eu-west-1-replication$/);
    expect(a).not.toEqual(b);
  });
});

describe('a long stack name prefix with a Region in another account', () => {
  // The longest prefix the Regional stacks accept: 128 - 1 - 'ap-southeast-2'.length.
  const prefix = `P${'x'.repeat(112)}`;

  test('is accepted: the replication stack name is shortened to 128 characters, not the prefix refused', () => {
    const s = site({ stackNamePrefix: prefix, accounts: { 'eu-west-1': OTHER_ACCOUNT } });
    const names = s.stacks.map((stack) => stack.stackName);
    expect(names).toContain(`${prefix}-ap-southeast-2`);
    const replication = names.find((n) => n.endsWith('-eu-west-1-replication'))!;
    expect(replication).toHaveLength(MAX_STACK_NAME_LENGTH);
    expect(replication.startsWith(prefix.slice(0, 90))).toBe(true);
    expect(names.every((n) => n.length <= MAX_STACK_NAME_LENGTH)).toBe(true);
  });

  test('one character longer is refused for the Regional stacks, naming the prefix and its length', () => {
    expect(() => site({ stackNamePrefix: `${prefix}x`, accounts: { 'eu-west-1': OTHER_ACCOUNT } }))
      .toThrow(`'stackNamePrefix' must start with a letter and contain only letters, numbers and hyphens, at most 113 characters (the stacks are named <prefix>-<region>, <prefix>-<region>-replication and <prefix>-global), got '${prefix}x' (114)`);
  });

  test('a short prefix keeps the replication stack name of earlier versions', () => {
    const s = site({ accounts: { 'eu-west-1': OTHER_ACCOUNT } });
    expect(s.stacks.map((stack) => stack.stackName)).toContain('Site-eu-west-1-replication');
  });
});

describe('a long stack name prefix with alarm topics', () => {
  test('is accepted: the topic display names are shortened to what SNS accepts, keeping the Region', () => {
    const s = site({ stackNamePrefix: `P${'x'.repeat(79)}`, replication: METRICS });
    const names = topicNames(s);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_TOPIC_DISPLAY_NAME);
      expect(name).toMatch(/^Px+-[0-9a-f]{8} replication alarms \([a-z0-9-]+\)$/);
    }
  });

  test('a construct ID of 80 characters (the default prefix) is accepted too', () => {
    expect(() => new MultiRegionBucket(new App(), `Site${'x'.repeat(76)}`, { regions: REGIONS, account: ACCOUNT, replication: METRICS })).not.toThrow();
  });

  test('a short prefix keeps the display names of earlier versions', () => {
    expect(topicNames(site({ replication: METRICS })).sort()).toEqual([
      'Site replication alarms (ap-southeast-2)', 'Site replication alarms (eu-west-1)', 'Site replication alarms (us-east-1)',
    ]);
  });
});

describe('the backfill failure alarm', () => {
  test('with a long prefix and many Regions being backfilled, its name fits CloudWatch\'s 255 characters', () => {
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-southeast-1', 'ap-southeast-2',
      'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'sa-east-1', 'ca-central-1', 'us-east-2', 'us-west-1'];
    const s = new MultiRegionBucket(new App(), 'Site', {
      regions, account: ACCOUNT, stackNamePrefix: `P${'x'.repeat(100)}`, backfill: Backfill.existingObjects({ regions: regions.slice(1) }),
    });
    const names = alarmNames(s).filter((n) => n.endsWith('-backfill-failed'));
    expect(names).toHaveLength(1);
    expect(names[0].length).toBeLessThanOrEqual(MAX_ALARM_NAME);
    // The job's output names its destination buckets while they fit CloudFormation's 1,024
    // characters of an output description (cfn-lint E6011), else counts them.
    const outputs = Object.values<any>(Template.fromStack(s.globalStack).toJSON().Outputs ?? {}).filter((o) => /^S3 Batch Replication job/.test(o.Description ?? ''));
    expect(outputs).toHaveLength(1);
    expect(outputs[0].Description.length).toBeLessThanOrEqual(1024);
    expect(outputs[0].Description).toContain('into 15 buckets in other Regions (us-east-1)');
  });

  test('a short prefix keeps the name of earlier versions', () => {
    const s = site({ backfill: Backfill.existingObjects({ regions: ['ap-southeast-2'] }) });
    expect(alarmNames(s).filter((n) => n.endsWith('-backfill-failed')).sort()).toEqual([
      'Site-replication-eu-west-1-to-ap-southeast-2-backfill-failed', 'Site-replication-us-east-1-to-ap-southeast-2-backfill-failed',
    ]);
  });
});

describe('stacks you define after the construct', () => {
  const complete = (build: (app: App) => void) => synthAsCli(() => {
    const app = new App();
    site({ accounts: { 'eu-west-1': OTHER_ACCOUNT } }, app);
    build(app);
    return app;
  });

  test('a stack with the name of one of its stacks, in the same account and Region, fails cdk synth naming both', async () => {
    const result = await complete((app) => new Stack(app, 'Web', { stackName: 'Site-global', env: { account: ACCOUNT, region: 'us-east-1' } }));
    expect(result.failure?.message).toContain("[Site] 'stackNamePrefix' (by default the construct ID) must give stack names that no other stack of account 111111111111 in us-east-1 has, "
      + 'got Site-global for stack Site/global, also the name of stack Web');
  });

  test('the same name in another account, another Region, or an environment-agnostic stack is no collision', async () => {
    const result = await complete((app) => {
      new Stack(app, 'OtherAccount', { stackName: 'Site-global', env: { account: OTHER_ACCOUNT, region: 'us-east-1' } });
      new Stack(app, 'OtherRegion', { stackName: 'Site-global', env: { account: ACCOUNT, region: 'us-west-2' } });
      new Stack(app, 'Agnostic', { stackName: 'Site-global' });
      // The replication stack of eu-west-1 is in the other account: this one is in the default account.
      new Stack(app, 'DefaultAccount', { stackName: 'Site-eu-west-1-replication', env: { account: ACCOUNT, region: 'eu-west-1' } });
    });
    expect(result.failure).toBeUndefined();
  });

  test('stacks you pass as regionalStacks and globalStack are yours, not collisions', async () => {
    const result = await synthAsCli(() => {
      const app = new App();
      const regionalStacks = REGIONS.map((r) => new Stack(app, `Mine-${r}`, { env: { account: ACCOUNT, region: r } }));
      new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, globalStack: new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } }) });
      return app;
    });
    expect(result.failure).toBeUndefined();
  });
});
