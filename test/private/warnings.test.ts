import { App, CfnWaitConditionHandle, Stack, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MultiRegionAccessPoint, MultiRegionBucket, RegionalBucket, Replication } from '../../src';
import { deferWarnings, placeWarnings, warn } from '../../src/private/warnings';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/** The warning helper: whatever the scope, a warning ends on a construct in a stack, or the library fails loudly. */

/** A stack with one resource (an empty stack draws the toolkit's own warning). */
function stackIn(scope: Construct, id: string, region = 'us-east-1'): Stack {
  const stack = new Stack(scope, id, { env: { account: ACCOUNT, region } });
  new CfnWaitConditionHandle(stack, 'Resource');
  return stack;
}

const printed = async (app: App) => (await synthAsCli(app)).warnings.map((w) => `${w.paths.join(', ')}: ${w.id}`);

describe('warn', () => {
  test('on a construct inside a stack: printed at that construct', async () => {
    const app = new App();
    warn(new Construct(stackIn(app, 'Inside'), 'Thing'), 'cdk-multi-region-bucket:test', 'a warning');
    expect(await printed(app)).toEqual(['Inside/Thing: cdk-multi-region-bucket:test']);
  });

  test('inside a stack of a Stage: printed too', async () => {
    const app = new App();
    warn(new Construct(stackIn(new Stage(app, 'Prod'), 'Inside'), 'Thing'), 'cdk-multi-region-bucket:test', 'a warning');
    expect(await printed(app)).toEqual(['Prod/Inside/Thing: cdk-multi-region-bucket:test']);
  });

  test('on a construct outside every stack: an internal error naming the id and the path, never a warning nobody sees', () => {
    const app = new App();
    expect(() => warn(new Construct(app, 'Outside'), 'cdk-multi-region-bucket:test', 'lost'))
      .toThrow(/internal error: warning cdk-multi-region-bucket:test was raised on Outside, which is in no stack/);
    expect(() => warn(app, 'cdk-multi-region-bucket:test', 'lost')).toThrow(/raised on the App, which is in no stack/);
  });

  test('deferred: held until placed, then on the construct the owner picks by Region; later ones go there at once', async () => {
    const app = new App();
    const owner = new Construct(app, 'Owner');
    deferWarnings(owner);
    warn(owner, 'cdk-multi-region-bucket:early', 'about eu-west-1', { region: 'eu-west-1' });
    warn(owner, 'cdk-multi-region-bucket:general', 'about no Region');
    const regional = stackIn(owner, 'eu-west-1', 'eu-west-1');
    const global = stackIn(owner, 'global');
    placeWarnings(owner, (region) => (region === 'eu-west-1' ? regional : global));
    warn(owner, 'cdk-multi-region-bucket:late', 'after the stacks');
    expect((await printed(app)).sort()).toEqual([
      'Owner/eu-west-1: cdk-multi-region-bucket:early',
      'Owner/global: cdk-multi-region-bucket:general',
      'Owner/global: cdk-multi-region-bucket:late',
    ]);
  });

  test('placed on a construct outside every stack: an internal error', () => {
    const app = new App();
    const owner = new Construct(app, 'Owner');
    deferWarnings(owner);
    warn(owner, 'cdk-multi-region-bucket:early', 'held');
    expect(() => placeWarnings(owner, () => owner)).toThrow(/the warnings of Owner are placed on Owner, which is in no stack/);
  });
});

describe('MultiRegionBucket places its warnings on its stacks', () => {
  test('an access point used alone still warns about a Region it does not know', async () => {
    const app = new App();
    const stacks = ['us-east-1', 'eu-east-3'].map((region) => stackIn(app, `Data-${region}`, region));
    const buckets = stacks.map((stack) => new RegionalBucket(stack, 'Bucket').bucket);
    new MultiRegionAccessPoint(stackIn(app, 'Global'), 'AccessPoint', { buckets });
    expect((await printed(app)).filter((w) => w.includes('cdk-multi-region-bucket:'))).toEqual([
      'Global/AccessPoint: cdk-multi-region-bucket:unknownRegion',
    ]);
  });


  test('under the App: a Region\'s warning on that Region\'s stack, the others on the global stack', async () => {
    const app = new App();
    new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'eu-east-3'], account: ACCOUNT, replication: Replication.none() });
    expect((await printed(app)).filter((w) => w.includes('cdk-multi-region-bucket:')).sort()).toEqual([
      // Once, in the words of the prop the user wrote: the access point, which checks the same
      // Regions, does not repeat it about its own 'buckets[1]'.
      'Site/eu-east-3: cdk-multi-region-bucket:unknownRegion',
      'Site/global: cdk-multi-region-bucket:activeRoutingWithoutReplication',
    ].sort());
  });

  test('inside a stack of the user (with the stacks given): on the given Region\'s stack and the global stack, not on the construct', async () => {
    const app = new App();
    const global = stackIn(app, 'Global');
    const regionalStacks = ['us-east-1', 'eu-east-3'].map((region) => stackIn(app, `Data-${region}`, region));
    new MultiRegionBucket(global, 'Site', { regions: ['us-east-1', 'eu-east-3'], account: ACCOUNT, replication: Replication.none(), regionalStacks, globalStack: global });
    expect((await printed(app)).filter((w) => w.includes('cdk-multi-region-bucket:')).sort()).toEqual([
      'Data-eu-east-3: cdk-multi-region-bucket:unknownRegion',
      'Global: cdk-multi-region-bucket:activeRoutingWithoutReplication',
    ].sort());
  });
});
