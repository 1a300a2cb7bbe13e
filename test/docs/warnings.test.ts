import * as fs from 'fs';
import * as path from 'path';
import { Annotations, App } from 'aws-cdk-lib';
import { filesAnnotatingDirectly, ROOT, WARNING_CASES, warningIdsInSource } from './warning-cases';
import { MultiRegionBucket } from '../../src';
import { ACCOUNT } from '../util/stacks';
import { CliSynthesis, synthAsCli } from '../util/toolkit';

/**
 * Every warning the library can raise reaches `cdk synth`: each id in src/ has a configuration that
 * raises it (warning-cases.ts), and the toolkit prints it at a construct inside a stack. The README
 * lists the same ids.
 */

const SOURCE_IDS = warningIdsInSource();

/** The stack (by construct path) that holds `constructPath`, or undefined when none does. */
function stackHolding(result: CliSynthesis, constructPath: string): string | undefined {
  const stacks = result.assembly?.stacksRecursively.map((s) => s.hierarchicalId) ?? [];
  return stacks.find((stack) => constructPath === stack || constructPath.startsWith(`${stack}/`));
}

describe('the warnings cdk synth prints', () => {
  test('the catalogue has one configuration per warning id in src/, and no other', () => {
    expect(SOURCE_IDS.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(WARNING_CASES).sort()).toEqual(SOURCE_IDS);
  });

  test('only the warning helper (src/private/warnings.ts) calls Annotations.of, so no warning is attached outside a stack', () => {
    expect(filesAnnotatingDirectly()).toEqual([path.join('src', 'private', 'warnings.ts')]);
  });

  test.each(SOURCE_IDS)('%s reaches cdk synth, on a construct in a stack', async (id) => {
    const result = await synthAsCli(WARNING_CASES[id].build);
    expect(result.failure).toBeUndefined();
    const printed = result.warnings.filter((w) => w.id === id);
    // The id (the one the user acknowledges) and the construct path the user reads, in a stack.
    expect({ id, paths: printed.flatMap((w) => w.paths) }).toEqual({ id, paths: expect.arrayContaining([WARNING_CASES[id].path]) });
    for (const p of printed.flatMap((w) => w.paths)) {
      expect({ path: p, stack: stackHolding(result, p) }).toEqual({ path: p, stack: expect.any(String) });
    }
  });

  test('what cdk synth prints for three of them (quoted in the notes)', async () => {
    const shown: string[] = [];
    for (const id of ['cdk-multi-region-bucket:unknownRegion', 'cdk-multi-region-bucket:activeRoutingWithoutReplication', 'cdk-multi-region-bucket:crossAccountReplicationBucketPolicy']) {
      const result = await synthAsCli(WARNING_CASES[id].build);
      const lines = result.printed.filter((line) => line.includes(id));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      shown.push(`${id}:\n${lines.join('\n')}`);
    }
    // eslint-disable-next-line no-console
    console.log(`What the toolkit (cdk synth) prints:\n\n${shown.join('\n\n')}`);
  });

  test('a warning of MultiRegionBucket is acknowledged on the construct: cdk synth no longer prints it', async () => {
    const result = await synthAsCli(() => {
      const app = new App();
      const site = new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'eu-east-3'], account: ACCOUNT });
      Annotations.of(site).acknowledgeWarning('cdk-multi-region-bucket:unknownRegion', 'eu-east-3 is a new Region; checked that it has Multi-Region Access Points');
      return app;
    });
    expect(result.failure).toBeUndefined();
    expect(result.warnings.map((w) => w.id)).not.toContain('cdk-multi-region-bucket:unknownRegion');
  });
});

describe('README: the list of warnings', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Warnings and how to acknowledge them');
  const section = start < 0 ? '' : readme.slice(start, readme.indexOf('\n## ', start + 1));

  test('lists every warning id the library can raise, and no other', () => {
    const listed = [...section.matchAll(/^\| `(cdk-multi-region-bucket:[A-Za-z]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(SOURCE_IDS);
  });
});
