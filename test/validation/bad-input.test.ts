import * as fs from 'fs';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import { BAD_INPUTS, BadInput, TOKEN_INPUTS } from './bad-inputs';
import { Mistake, REFUSED_MISTAKES } from './mistakes';
import { findValidationSites, frameIsAt, ROOT, SourceFrame, sourceFrames, ValidationSite } from './validation-sites';

/**
 * The bad-input suite: every invalid configuration of `bad-inputs.ts` must be rejected while the
 * app is constructed (at synth time, before any template exists, so never at deploy time) by a
 * `ValidationError` whose message names the property and the offending value. Together the rows
 * must reach every validation site of `src/` (each `validationError(...)` call and each call of a
 * validating helper, found by parsing the source): a validation nobody exercises fails the suite,
 * and so does a row whose validation was removed.
 */

// Errors are created deep inside the constructs (App -> MultiRegionBucket -> ReplicationMesh ->
// BucketReplication -> rules -> validationError): keep every frame.
Error.stackTraceLimit = Infinity;

/** Which rows reached which source frames. */
const reached: Array<{ row: string; frames: SourceFrame[] }> = [];
const rejected = new Set<string>();

/** Builds a row; the error it throws, and when: while constructing, or when synthesizing the app it returns. */
function attempt(row: Pick<BadInput, 'build'>): { error?: Error; phase: 'construct' | 'synth' | 'none' } {
  let built: unknown;
  try {
    built = row.build();
  } catch (error) {
    return { error: error as Error, phase: 'construct' };
  }
  if (built instanceof Stage) {
    try {
      built.synth();
    } catch (error) {
      return { error: error as Error, phase: 'synth' };
    }
  }
  return { phase: 'none' };
}

const label = (row: BadInput) => `${row.construct}: ${row.name}`;

describe('bad input is rejected at synth time, naming the property and the value', () => {
  test('the table is well formed', () => {
    const labels = BAD_INPUTS.map(label);
    expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  test.each(BAD_INPUTS.map((row) => [label(row), row] as const))('%s', (_label, row) => {
    const { error, phase } = attempt(row);
    if (!error) throw new Error(`${label(row)}: accepted, but should be rejected naming '${row.property}' and ${row.value}`);
    // Our validation, thrown while the constructs are built (or, for limits only the finished
    // template shows, by the validation of the synthesis): no template was deployed.
    expect(phase).toEqual(row.phase ?? 'construct');
    if (phase === 'construct') {
      expect(error.name).toBe('ValidationError');
      expect(error.message).toMatch(/^[^:']*: '/); // the construct path, then the property
    } else {
      expect(error.message).toMatch(/^Validation failed with the following errors:\n\s+\[[^\]]+\] /);
    }
    expect(error.message).toContain(`'${row.property}'`);
    expect(error.message).toContain(row.value);
    reached.push({ row: label(row), frames: sourceFrames(error) });
    rejected.add(label(row));
  });

});

describe('tokens in the same properties are not checked', () => {
  test.each(TOKEN_INPUTS.map((row) => [`${row.construct}: ${row.name}`, row] as const))('%s', (_label, row) => {
    const app = row.build();
    expect(app).toBeInstanceOf(App);
    expect(() => app.synth()).not.toThrow();
    accepted++;
  });
});

describe('user mistakes are refused at synth time, naming the property as the user wrote it', () => {
  const labelOf = (m: Mistake) => `${m.group}: ${m.name}`;

  test('the table is well formed', () => {
    const labels = REFUSED_MISTAKES.map(labelOf);
    expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
  });

  test.each(REFUSED_MISTAKES.map((row) => [labelOf(row), row] as const))('%s', (_label, row) => {
    const { error, phase } = attempt(row);
    if (!error) throw new Error(`${labelOf(row)}: accepted, but should be refused naming '${row.property}' with "${row.value}"`);
    expect(phase).toEqual(row.phase ?? 'construct');
    if (phase === 'construct') {
      expect(error.name).toBe('ValidationError');
      // The construct path, then the property as the user wrote it, then the value.
      expect(error.message).toMatch(/^[^:']*: '/);
    } else {
      // What a complete app shows: aws-cdk-lib's validation of the synthesis, naming the construct.
      expect(error.message).toMatch(/^Validation failed with the following errors:\n\s+\[[^\]]+\] '/);
    }
    expect(error.message).toContain(`'${row.property}'`);
    expect(error.message).toContain(row.value);
    reached.push({ row: labelOf(row), frames: sourceFrames(error) });
    refusedMistakes++;
  });
});

let refusedMistakes = 0;
let coveredSites = 0;
let totalSites = 0;
let accepted = 0;

test('every validation site of src/ is reached by a row of either table', () => {
  const sites = findValidationSites();
  expect(sites.length).toBeGreaterThan(100);
  const uncovered = sites.filter((site) => !reached.some((r) => r.frames.some((f) => frameIsAt(f, site))));
  const report = (list: ValidationSite[]) => list.map((s) => s.id);
  totalSites = sites.length;
  coveredSites = sites.length - uncovered.length;
  // A site listed here accepts bad input that no row of bad-inputs.ts or mistakes.ts gives it: add a row.
  expect(report(uncovered)).toEqual([]);
});

test('docs/testing.md reports the number of bad inputs', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'docs', 'testing.md'), 'utf8');
  expect(readme).toContain(`${BAD_INPUTS.length} invalid configurations`);
});

afterAll(() => {
  const constructs = new Set(BAD_INPUTS.filter((r) => rejected.has(label(r))).map((r) => r.construct));
  process.stdout.write(
    `bad-input: ${rejected.size} invalid configurations rejected and ${refusedMistakes} user mistakes refused, each naming its property (${constructs.size} constructs); `
    + `${coveredSites === totalSites ? `${totalSites}` : `${coveredSites} of ${totalSites}`} validation sites reached; ${accepted} token configurations accepted\n`,
  );
});
