import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import fc from 'fast-check';
import { ACCOUNT, FUZZ_REGIONS, FuzzConfiguration, fuzzConfiguration, summarize, toProps } from './configurations';
import { checkInvariants, Expectations } from './invariants';
import { MultiRegionBucket, ReplicationMode } from '../../src';
import { checkDeployOrder } from '../util/deploy-order';
import { nagFindings } from '../util/nag';

/**
 * Property-based fuzzing of MultiRegionBucket: fast-check generates valid configurations (2 to 17
 * Regions, every replication mode, routing, origin, encryption, metrics, rules, lifecycle, Object
 * Lock...), and every one must synthesize, be clean under the four cdk-nag packs, deploy in one
 * `cdk deploy --all` (deploy-order check), keep the security invariants under a real IAM evaluator
 * (invariants.ts), and, all templates together in one run at the end, pass cfn-lint.
 *
 * Reproducible: a fixed seed by default. `FUZZ_SEED=<n>` and `FUZZ_RUNS=<n>` override it (the
 * seed of a failure is printed); `FUZZ_SHRINK=1` shrinks a failure to a minimal configuration
 * (slow: every attempt synthesizes an app).
 */
const DEFAULT_SEED = 20261122;
const DEFAULT_RUNS = 16;
const SEED = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const RUNS = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS);
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The boundaries, run first whatever the seed: the fewest Regions with one-way replication and a
 * Regional failover origin, and all 17 with two-way replication over SSE-KMS, the access point
 * origin behind a web ACL, and active-passive routing.
 */
const BOUNDARIES: FuzzConfiguration[] = [
  {
    regions: ['eu-west-1', 'us-east-2'],
    replication: ReplicationMode.ONE_WAY,
    routing: 'default',
    active: [true, false],
    kms: true,
    replicationTimeControl: true,
    noncurrentVersionExpirationDays: 30,
    noncurrentVersionsToRetain: 3,
    distribution: 'regional-failover',
  },
  {
    regions: [...FUZZ_REGIONS],
    primary: 3,
    replication: ReplicationMode.TWO_WAY,
    routing: 'active-passive',
    active: FUZZ_REGIONS.map((_, i) => i % 5 === 0),
    controlPlaneRegion: 'eu-west-1',
    kms: true,
    distribution: 'access-point',
    singlePageApp: true,
    webAcl: true,
    objectLock: true,
    tags: true,
  },
];

/** What one configuration produced. */
interface Outcome {
  readonly run: number;
  readonly description: string;
  readonly regions: number;
  readonly stacks: number;
  readonly simulations: number;
  readonly seconds: number;
}

/** cdk-nag errors the library leaves, by design, to the user's choice (the README says which). */
function expectedFinding(config: FuzzConfiguration, rule: string, constructPath: string): boolean {
  const regionalBucket = /^Fuzz\/[a-z0-9-]+\/Bucket\/Bucket\//.test(`${constructPath}/`);
  if (config.replication === ReplicationMode.NONE && /S3BucketReplicationEnabled$/.test(rule) && regionalBucket) return true;
  if (config.serverAccessLogs === false && (rule === 'AwsSolutions-S1' || /S3BucketLoggingEnabled$/.test(rule)) && regionalBucket) return true;
  // Replication alarms with no topic to notify (alarmTopics: false) have no action.
  const alarm = /^Fuzz\/[a-z0-9-]+\/Monitoring(Latency|Failures)-[A-Za-z0-9._-]+\//.test(`${constructPath}/`);
  if (config.alarmTopics === false && /CloudWatchAlarmAction$/.test(rule) && alarm) return true;
  return false;
}

function expectations(config: FuzzConfiguration): Expectations {
  const props = toProps(config);
  const primary = props.primaryRegion ?? config.regions[0];
  const pairs: Array<[string, string]> = config.replication === ReplicationMode.TWO_WAY
    ? config.regions.flatMap((s) => config.regions.filter((d) => d !== s).map((d): [string, string] => [s, d]))
    : config.replication === ReplicationMode.ONE_WAY ? config.regions.filter((d) => d !== primary).map((d): [string, string] => [primary, d]) : [];
  return {
    account: ACCOUNT,
    replicationPairs: pairs,
    objectKey: `${props.replication?._options.rules?.[0]?.filter?.prefix ?? ''}k`,
    accessPointOrigin: config.distribution === 'access-point',
  };
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mrb-fuzz-'));
const outcomes: Outcome[] = [];
let overLimits = 0;
let lintSummary = 'cfn-lint not run';
let linted = 0;
let run = 0;

// aws-cdk-lib's built-in CloudFormation validation only warns (never fails synthesis) and triples
// its time; cfn-lint checks every template instead, below.
const savedValidation = process.env.CDK_VALIDATION;
beforeAll(() => {
  process.env.CDK_VALIDATION = 'false';
});

afterAll(() => {
  if (savedValidation === undefined) delete process.env.CDK_VALIDATION;
  else process.env.CDK_VALIDATION = savedValidation;
  const templates = countTemplates(outdir) - (process.env.FUZZ_LINT_ALL ? 0 : linted);
  if (!process.env.FUZZ_KEEP) fs.rmSync(outdir, { recursive: true, force: true });
  const rows = outcomes.map((o) => `  #${String(o.run).padStart(2)}  ${o.description}  (${o.stacks} stacks, ${o.simulations} simulations, ${o.seconds.toFixed(1)} s)`);
  process.stdout.write(
    `fuzz: ${outcomes.length} configurations (seed ${SEED}), ${Math.max(0, ...outcomes.map((o) => o.regions))} Regions max, `
    + `${templates} templates (${linted} distinct, linted), ${lintSummary}${overLimits ? `; ${overLimits} generated over CloudFormation's template limits were rejected at synth and replaced` : ''}\n`
    + `${rows.join('\n')}\n${process.env.FUZZ_KEEP ? `templates kept in ${outdir}\n` : ''}`,
  );
});

describe(`MultiRegionBucket fuzz (seed ${SEED}, ${RUNS} generated + ${BOUNDARIES.length} boundary configurations)`, () => {
  test('every configuration synthesizes, is cdk-nag clean, deploys in order and keeps the policy invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzConfiguration, async (config) => {
        const started = Date.now();
        const n = ++run;
        const dir = path.join(outdir, `run-${String(n).padStart(3, '0')}`);
        const app = new App({ outdir: dir });
        const site = new MultiRegionBucket(app, 'Fuzz', toProps(config));
        let assembly;
        try {
          assembly = app.synth();
        } catch (error) {
          // A configuration whose template CloudFormation would refuse is rejected at synth time
          // (the bad-input suite checks that); it is not one of the valid configurations, so
          // fast-check draws another.
          if (!/CloudFormation accepts/.test((error as Error).message)) throw error;
          fs.rmSync(dir, { recursive: true, force: true });
          overLimits++;
          fc.pre(false);
          return;
        }

        const nag = nagFindings(app, 'error').filter((f) => !expectedFinding(config, f.rule, f.path));
        if (nag.length > 0) throw new Error(`cdk-nag errors:\n${nag.map((f) => `  ${f.rule} at ${f.path}`).join('\n')}`);

        const order = checkDeployOrder(assembly);
        if (order.problems.length > 0) throw new Error(`deploy order: ${JSON.stringify(order.problems, undefined, 1)}`);

        const report = await checkInvariants(assembly, expectations(config));
        if (report.violations.length > 0) {
          throw new Error(`policy invariants broken:\n${report.violations.map((v) => `  ${v.invariant} at ${v.where}: ${v.detail}`).join('\n')}`);
        }
        outcomes.push({
          run: n,
          description: summarize(config),
          regions: config.regions.length,
          stacks: site.stacks.length,
          simulations: report.simulations,
          seconds: (Date.now() - started) / 1000,
        });
      }),
      {
        seed: SEED,
        // The boundary examples run first and count towards numRuns.
        numRuns: RUNS + BOUNDARIES.length,
        examples: BOUNDARIES.map((c) => [c] as [FuzzConfiguration]),
        endOnFailure: !process.env.FUZZ_SHRINK,
      },
    );
    expect(outcomes.map((o) => o.regions)).toEqual(expect.arrayContaining([2, 17]));
  }, 30 * 60_000);

  test('cfn-lint reports no error in any template (one run for all of them)', () => {
    const templates = countTemplates(outdir);
    expect(templates).toBeGreaterThan(0);
    const lintDir = process.env.FUZZ_LINT_ALL ? outdir : distinctTemplates(outdir);
    linted = countTemplates(lintDir);
    const started = Date.now();
    const lint = spawnSync('bash', [path.join(ROOT, 'scripts', 'cfn-lint.sh'), lintDir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = `${lint.stdout}${lint.stderr}`;
    const verdict = /cfn-lint [\d.]+: \d+ templates, ([^,\n]+)/.exec(output)?.[1] ?? 'failed to run';
    lintSummary = `cfn-lint ${verdict} (${((Date.now() - started) / 1000).toFixed(0)} s)`;
    const errors = output.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect({ status: lint.status, errors }).toEqual({ status: 0, errors: [] });
    expect(output).toContain(`${linted} templates, 0 errors`);
  }, 15 * 60_000);

  test('docs/testing.md reports the number of configurations a run checks', () => {
    if (process.env.FUZZ_RUNS) return;
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'testing.md'), 'utf8');
    expect(readme).toContain(`${DEFAULT_RUNS + BOUNDARIES.length} configurations`);
  });
});

/**
 * Copies one template of each kind into `<dir>/distinct` and returns that folder. Within one
 * configuration, Regional stacks are the same template but for their Region and the names made
 * from it: each template is compared with the Region codes, the bucket names of its app and the
 * numbers of its alarms replaced by placeholders, and only the first of equal ones is kept. Every
 * global stack is distinct.
 * (`FUZZ_LINT_ALL=1` lints every template instead.)
 */
function distinctTemplates(dir: string): string {
  const target = path.join(dir, 'distinct');
  fs.mkdirSync(target, { recursive: true });
  const regions = [...FUZZ_REGIONS, 'us-east-1', 'us-west-2', 'eu-central-1'].sort((a, b) => b.length - a.length);
  for (const runDir of fs.readdirSync(dir).filter((d) => d.startsWith('run-')).sort()) {
    const files = fs.readdirSync(path.join(dir, runDir)).filter((f) => f.endsWith('.template.json')).sort();
    const templates = files.map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, runDir, f), 'utf8') }));
    const bucketNames = templates.flatMap((t) => Object.values<any>(JSON.parse(t.text).Resources ?? {})
      .map((r) => r.Properties?.BucketName).filter((n): n is string => typeof n === 'string'))
      .sort((a, b) => b.length - a.length);
    const seen = new Set<string>();
    for (const t of templates) {
      let normalized = t.text;
      for (const name of bucketNames) normalized = normalized.split(name).join('<bucket>');
      for (const region of regions) normalized = normalized.split(region).join('<region>');
      if (seen.has(normalized)) continue;
      seen.add(normalized);
      fs.copyFileSync(path.join(dir, runDir, t.file), path.join(target, `${runDir}-${t.file}`));
    }
  }
  return target;
}

function countTemplates(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true } as any)
    .filter((e: any) => e.isFile() && e.name.endsWith('.template.json')).length;
}
