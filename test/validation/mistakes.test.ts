import * as fs from 'fs';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { MISTAKES, Mistake, MistakeGroup, WARNED_MISTAKES } from './mistakes';
import { ROOT } from './validation-sites';
import { MultiRegionBucket } from '../../src';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/**
 * The legal-but-probably-wrong rows of `mistakes.ts` (the refused ones run in `bad-input.test.ts`,
 * with the check that every validation site is reached): each synthesizes, with a warning that
 * names the property and the value and that the user can acknowledge by its id, checked in what the
 * toolkit prints (what `cdk synth` shows the user), not in construct metadata.
 */

const labelOf = (m: Mistake) => `${m.group}: ${m.name}`;

describe('legal but probably wrong input synthesizes with an acknowledgeable warning that cdk synth prints', () => {
  test.each(WARNED_MISTAKES.map((row) => [labelOf(row), row] as const))('%s', async (_label, row) => {
    const result = await synthAsCli(() => (row.build() as IConstruct).node.root as App);
    // A warning, not an error: the app synthesizes.
    expect(result.failure).toBeUndefined();
    const matching = result.warnings.filter((w) => w.message.includes(`'${row.property}'`) && w.message.includes(row.value));
    expect(matching.map((w) => w.id)).toEqual([row.warning]);
    // Printed at a construct of a stack of the app (so the user sees where, and can acknowledge it there).
    const stacks = result.assembly!.stacksRecursively.map((s) => s.hierarchicalId);
    for (const p of matching[0].paths) expect(stacks.filter((s) => p === s || p.startsWith(`${s}/`))).toHaveLength(1);
  });

  test('the warnings do not fire for the sound configuration next to them', async () => {
    const result = await synthAsCli(() => {
      const app = new App();
      new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT });
      return app;
    });
    expect(result.failure).toBeUndefined();
    expect(result.warnings.map((w) => w.id).filter((id) => id.startsWith('cdk-multi-region-bucket:'))).toEqual([]);
  });
});

describe('Stage-aware stack names', () => {
  test('the same construct in two Stages of one account gets different stack and access point names', () => {
    const app = new App();
    const sites = ['Staging', 'Prod'].map((stage) => new MultiRegionBucket(new Stage(app, stage), 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT }));
    expect(sites.map((s) => s.stacks.map((stack) => stack.stackName))).toEqual([
      ['Staging-Site-us-east-1', 'Staging-Site-eu-west-1', 'Staging-Site-global'],
      ['Prod-Site-us-east-1', 'Prod-Site-eu-west-1', 'Prod-Site-global'],
    ]);
    const names = sites.map((s) => app.synth().getNestedAssembly(`assembly-${s.node.scope!.node.id}`).getStackByName(s.globalStack.stackName).template);
    const accessPointNames = names.map((t) => Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::S3::MultiRegionAccessPoint').Properties.Name);
    expect(new Set(accessPointNames).size).toBe(2);
  });

  test('directly in the App, the stack names are the construct ID and the Region, as before', () => {
    const site = new MultiRegionBucket(new App(), 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT });
    expect(site.stacks.map((s) => s.stackName)).toEqual(['Site-us-east-1', 'Site-eu-west-1', 'Site-global']);
  });

  test('an explicit stackNamePrefix is kept in a Stage (how a setup deployed with an earlier version keeps its stacks)', () => {
    const site = new MultiRegionBucket(new Stage(new App(), 'Prod'), 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT, stackNamePrefix: 'Site' });
    expect(site.stacks.map((s) => s.stackName)).toEqual(['Site-us-east-1', 'Site-eu-west-1', 'Site-global']);
  });
});

test('the mistakes table has rows in every group, and docs/testing.md counts them by group', () => {
  const groups = new Map<MistakeGroup, number>();
  for (const m of MISTAKES) groups.set(m.group, (groups.get(m.group) ?? 0) + 1);
  expect(groups.size).toBe(14);
  expect(MISTAKES.length).toBeGreaterThanOrEqual(80);
  const readme = fs.readFileSync(path.join(ROOT, 'docs', 'testing.md'), 'utf8');
  expect(readme).toContain(`${MISTAKES.length} user mistakes`);
  for (const [group, count] of groups) expect(readme).toContain(`${group} (${count}`);
});
