/**
 * The flags matrix over the examples: each TypeScript example synthesized as `cdk synth` runs it,
 * under no flags, under the flags `cdk init` writes (aws-cdk-lib's recommended-feature-flags.json)
 * and under an older app's (aliasNameRef with strong references), must give:
 *
 * - no value read from another stack (export, `Fn::ImportValue`, `Fn::GetStackOutput`), except the
 *   references between the user's own stacks of one Region that an example makes on purpose (below),
 *   which stay the same references under every flag set;
 * - the same resources (stack, logical id, type) as under no flags, but for what a flag adds by
 *   aws-cdk-lib's design (FLAG_ADDITIONS, docs/adr/0031-feature-flags-users-have.md);
 * - no cdk-nag error (the four packs);
 * - templates that cfn-lint checks: every synthesis goes through `Stage.synth`, so
 *   test/setup/collect-templates.ts collects them for `lint:cfn:tests`.
 */
import { crossStackReads, MatrixTable, readLocations, resourcesOf, unexplainedResourceChanges } from './matrix';
import { synthExampleUnder, typeScriptExamples } from '../util/examples';
import { awsCdkLibVersion, FLAG_SET_NAMES, flagContext } from '../util/flags';
import { nagFindings } from '../util/nag';

/**
 * Examples of building blocks whose own stacks share a Region, and so reference each other's
 * bucket as any CDK app does (the reference kind is the app's choice: exports by default, weak
 * references with `@aws-cdk/core:defaultCrossStackReferences: weak`). `MultiRegionBucket` makes
 * none (ADR 0014, 0024); these are the user's stacks, and test/access-point/multi-region-app.test.ts
 * documents the same-Region import.
 */
const USER_REFERENCES: Record<string, string> = {
  'two-way-replication': 'the us-east-1 bucket stack and the global stack (us-east-1) are the user\'s stacks in one Region',
  'multi-region-access-point': 'the us-east-1 data stack and the global stack (us-east-1) are the user\'s stacks in one Region',
};

const table = new MatrixTable('example');
afterAll(() => {
  process.stdout.write(`flags matrix, examples (aws-cdk-lib ${awsCdkLibVersion()}): cross-stack reads (imports and weak references; exports not counted) / resources\n${table.render()}\n`);
});

describe.each(typeScriptExamples())('example %s', (name) => {
  let baseline: { resources: string[]; reads: string[] } | undefined;

  test.each([...FLAG_SET_NAMES])('under the %s flags: no cross-stack read the app does not make, the same resources, cdk-nag clean', (flags) => {
    const context = flagContext(flags);
    const { assembly, apps } = synthExampleUnder(name, context);
    const reads = crossStackReads(assembly);
    const resources = resourcesOf(assembly);
    table.record(name, flags, { reads: readLocations(reads).length, resources: resources.length });

    if (flags === 'none') {
      baseline = { resources, reads: readLocations(reads) };
      // An exemption that no longer applies would hide a new read.
      expect(readLocations(reads).length > 0).toBe(name in USER_REFERENCES);
    }
    expect(baseline).toBeDefined();
    if (name in USER_REFERENCES) {
      expect(readLocations(reads)).toEqual(baseline!.reads);
    } else {
      expect(reads).toEqual([]);
    }
    expect(unexplainedResourceChanges(baseline!.resources, resources, context)).toEqual([]);

    expect(apps).toHaveLength(1);
    expect(nagFindings(apps[0], 'error').map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });
});
