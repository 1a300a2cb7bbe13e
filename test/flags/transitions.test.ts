/**
 * The flags matrix over the transition table (test/lifecycle/transitions.ts): every configuration
 * a row deploys (from, to and each runbook step), synthesized under no flags, the flags `cdk init`
 * writes and an older app's (test/util/flags.ts). Under each: no value read from another stack
 * (ADR 0014 and 0024: names are literals), the same resources as under no flags but for what a flag
 * adds by design (FLAG_ADDITIONS), the same cdk-nag errors as under no flags (none but the rows'
 * own), and a configuration refused at synth time refused with the same message. The checker
 * itself replays the rows under no flags; with the same resources and literal names under every
 * flag set, its verdicts hold for them too.
 */
import { FlaggedSynthesis, MatrixTable, readLocations, synthesizeUnder, unexplainedResourceChanges } from './matrix';
import { Configuration } from '../lifecycle/synth';
import { TRANSITIONS } from '../lifecycle/transitions';
import { FLAG_SET_NAMES, flagContext } from '../util/flags';

/** Every configuration of the table once, by name. */
const configurations = new Map<string, Configuration>();
for (const row of TRANSITIONS) {
  for (const c of [row.from, row.to, ...(row.steps ?? []).flatMap((s) => (s.to ? [s.to] : []))]) configurations.set(c.name, c);
}

/**
 * Configurations whose user-made stacks share a Region with the library's and pass it a value of
 * theirs: the reference is the app's (its kind follows `@aws-cdk/core:defaultCrossStackReferences`)
 * and stays the same reference under every flag set.
 */
const USER_REFERENCES: Record<string, string> = {
  'two-way, CloudFront with a domain': 'the user\'s certificate stack (us-east-1) gives the global stack (us-east-1) its certificate ARN',
};

/**
 * Configurations whose global stack is in another Region (us-west-2) than the user's certificate
 * stack (us-east-1, CloudFront's): aws-cdk-lib carries the certificate ARN across Regions in the
 * way the flags choose (its SSM export reader under strong references, `Fn::GetStackOutput` under
 * weak ones), and the runbook step keeps the user's own `exportValue` of it. The one value read
 * is the certificate's, under every flag set.
 */
const USER_CERTIFICATE_ACROSS_REGIONS = new Set([
  'CloudFront with a domain, global stack in us-west-2, access point renamed',
  'CloudFront without the domain, global stack in us-west-2 with the access point only (no replication, no dashboard)',
]);
const CERTIFICATE_READ = /ViewerCertificate\.AcmCertificateArn$|^Outputs\.ExportsOutputRefCertificate/;

const table = new MatrixTable('transition configuration');
// aws-cdk-lib's own template validation stays on, as under `cdk synth`: under the recommended
// flags it fails synthesis on what it finds (an empty stack did, ADR 0043). One engine per jest
// worker (test/setup/shared-validation-engine.ts) makes it cost about 30% here, not threefold.
afterAll(() => {
  const totals = table.totals();
  process.stdout.write(`flags matrix, transition rows: ${configurations.size} configurations; cross-stack reads per flag set: ${FLAG_SET_NAMES.map((f) => `${f} ${totals[f]}`).join(', ')}\n${table.render()}\n`);
});

describe.each([...configurations.values()].map((c) => [c.name, c] as const))('%s', (_name, config) => {
  let baseline: FlaggedSynthesis | undefined;
  test.each([...FLAG_SET_NAMES])('under the %s flags', (flags) => {
    const result = synthesizeUnder(flags, config.build);
    if (flags === 'none') baseline = result;
    expect(baseline).toBeDefined();
    if (baseline!.error !== undefined) {
      // Refused at synth time (a row's refusal): refused alike.
      expect(result.error).toBe(baseline!.error);
      return;
    }
    expect(result.error).toBeUndefined();
    table.record(config.name, flags, { reads: readLocations(result.reads).length, resources: result.resources.length });
    if (flags === 'none') expect(readLocations(result.reads).length > 0).toBe(config.name in USER_REFERENCES);
    if (config.name in USER_REFERENCES) {
      expect(readLocations(result.reads)).toEqual(readLocations(baseline!.reads));
    } else if (USER_CERTIFICATE_ACROSS_REGIONS.has(config.name)) {
      expect(result.reads.filter((r) => !CERTIFICATE_READ.test(r.where))).toEqual([]);
    } else {
      expect(result.reads).toEqual([]);
    }
    // Under weak references, Fn::GetStackOutput takes the place of aws-cdk-lib's cross-Region
    // export writer and reader (and their functions) for the user's certificate.
    const changes = unexplainedResourceChanges(baseline!.resources, result.resources, flagContext(flags));
    expect(USER_CERTIFICATE_ACROSS_REGIONS.has(config.name) ? changes.filter((c) => !/CrossRegionExport/.test(c)) : changes).toEqual([]);
    expect(result.nagErrors).toEqual(baseline!.nagErrors);
  });
});
