/**
 * The flags matrix over fuzz configurations (test/fuzz/configurations.ts): a bounded, fixed
 * sample (the matrix runs in every build), each under no flags, the flags `cdk init` writes and an
 * older app's (test/util/flags.ts): no value read from another stack (ADR 0014, 0024), the same
 * resources as under no flags but for what a flag adds by design (FLAG_ADDITIONS), the same
 * cdk-nag errors as under no flags (the fuzz test's expected ones, if any). Templates are
 * collected for cfn-lint (test/setup/collect-templates.ts).
 */
import fc from 'fast-check';
import { FlaggedSynthesis, MatrixTable, synthesizeUnder, unexplainedResourceChanges } from './matrix';
import { MultiRegionBucket } from '../../src';
import { FuzzConfiguration, fuzzConfiguration, summarize, toProps } from '../fuzz/configurations';
import { FLAG_SET_NAMES, flagContext } from '../util/flags';

const SEED = 20261207;
const COUNT = 4;
const MAX_REGIONS = 5;

/**
 * The first COUNT configurations of the seed with at most MAX_REGIONS Regions (synthesis grows
 * with the square of the Regions; the invariants do not depend on their number). The first half
 * get SSE-KMS and a bucket in the global stack's Region: a flag turned the alias of that bucket's
 * key into a reference (from another Region aws-cdk-lib names it by its physical name).
 */
const CONFIGURATIONS: FuzzConfiguration[] = fc.sample(fuzzConfiguration, { seed: SEED, numRuns: 200 })
  .filter((c) => c.regions.length <= MAX_REGIONS)
  .slice(0, COUNT)
  .map((c, i) => (i < COUNT / 2 ? { ...c, kms: true, regions: withRegion(c.regions, c.globalRegion ?? 'us-east-1') } : c));

/** `regions` with `region` in place of the first one, unless it is already there. */
function withRegion(regions: string[], region: string): string[] {
  return regions.includes(region) ? regions : [region, ...regions.slice(1)];
}

const table = new MatrixTable('fuzz configuration');
const savedValidation = process.env.CDK_VALIDATION;
beforeAll(() => {
  // aws-cdk-lib's own template validation triples synthesis time; cfn-lint checks these templates.
  process.env.CDK_VALIDATION = 'false';
});
afterAll(() => {
  if (savedValidation === undefined) delete process.env.CDK_VALIDATION;
  else process.env.CDK_VALIDATION = savedValidation;
  process.stdout.write(`flags matrix, fuzz (seed ${SEED}, ${CONFIGURATIONS.length} configurations)\n${table.render()}\n`);
});

test(`the sample has ${COUNT} configurations, half of them with SSE-KMS and a bucket in the global stack's Region`, () => {
  expect(CONFIGURATIONS).toHaveLength(COUNT);
  expect(CONFIGURATIONS.filter((c) => c.kms && c.regions.includes(c.globalRegion ?? 'us-east-1')).length).toBeGreaterThanOrEqual(COUNT / 2);
});

describe.each(CONFIGURATIONS.map((c, i) => [`#${i + 1} ${summarize(c)}`, c] as const))('%s', (name, config) => {
  let baseline: FlaggedSynthesis | undefined;
  test.each([...FLAG_SET_NAMES])('under the %s flags', (flags) => {
    const result = synthesizeUnder(flags, (app) => { new MultiRegionBucket(app, 'Fuzz', toProps(config)); });
    if (flags === 'none') baseline = result;
    expect(baseline).toBeDefined();
    expect(result.error).toBeUndefined();
    table.record(name, flags, { reads: result.reads.length, resources: result.resources.length });
    expect(result.reads).toEqual([]);
    expect(unexplainedResourceChanges(baseline!.resources, result.resources, flagContext(flags))).toEqual([]);
    expect(result.nagErrors).toEqual(baseline!.nagErrors);
  });
});
