/**
 * The Performance tables of docs/performance.md, rendered from `bench/results.json`.
 *
 *   npx ts-node --project test/tsconfig.json bench/report.ts [results.json]
 *
 * `npx projen bench` prints them after a run and rewrites them in docs/performance.md;
 * `test/bench/report.test.ts` fails when that page's tables differ from the committed results, so
 * it always shows the figures of one run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ReadmeMarkers, readmeSection, withReadmeSection } from '../scripts/readme-section';

/** The medians of one app's runs, as `bench/run.ts` writes them. */
export interface TimingResult {
  /** From starting `node` to its exit. */
  readonly wallMs: number;
  readonly requireMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  /** aws-cdk-lib: resolving tokens into templates (`Stack.resolve`). */
  readonly resolveMs: number;
  /** aws-cdk-lib: starting the CloudFormation validation engine (once per process). */
  readonly validationStartMs: number;
  /** aws-cdk-lib: validating the templates. */
  readonly validationMs: number;
  readonly maxRssMb: number;
  readonly runs: number;
}

/** The columns of the "where the time goes" tables, after the app's name. */
export const BREAKDOWN_COLUMNS = ['wall', 'node start and exit', 'load modules', 'construct', 'resolve tokens', 'start validation engine',
  'validate templates', 'rest of synth'];

/** A wall time split into BREAKDOWN_COLUMNS (milliseconds). */
export function breakdown(t: TimingResult): number[] {
  return [t.wallMs, t.wallMs - t.requireMs - t.constructMs - t.synthMs, t.requireMs, t.constructMs,
    t.resolveMs, t.validationStartMs, t.validationMs, t.synthMs - t.resolveMs - t.validationStartMs - t.validationMs];
}

/** What one app deploys, as `bench/run.ts` writes it. */
export interface DeployResult {
  readonly stacks: Array<{ readonly stack: string; readonly templateBytes: number }>;
  readonly waves: number;
  readonly resources: number;
  readonly maxResourcesPerStack: number;
  readonly maxTemplateBytesPerStack: number;
  readonly replicationRules: number;
  readonly lambdaCustomResources: number;
  readonly lambdaFunctions: number;
  readonly iamRoles: number;
}

/** `bench/results.json`. */
export interface BenchResults {
  readonly command: string;
  readonly machine: {
    cpu: string; cores: number; memoryGb: number; os: string; node: string; awsCdkLib: string; loadAverageAtStart: number[]; date: string;
  };
  readonly reps: number;
  readonly limits: { templateBytes: number; resources: number };
  readonly floor: Record<string, TimingResult>;
  readonly results: Array<{
    readonly mode: string;
    readonly regions: number;
    readonly app: 'library' | 'baseline';
    readonly synth: Record<string, TimingResult>;
    readonly deploy: DeployResult;
  }>;
  /** MultiRegionBuckets of 3 Regions, two-way with CloudFront, many in one app. */
  readonly manyBuckets: Array<{
    readonly layout: string;
    readonly buckets: number;
    readonly regions: number;
    readonly synth: Record<string, TimingResult>;
    readonly deploy: Omit<DeployResult, 'stacks'> & { readonly stacks: number };
  }>;
}

const ON = 'validation-on';
const OFF = 'validation-off';

const s = (ms: number) => (ms / 1000).toFixed(2);
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const header = (cells: string[]) => [row(cells), row(cells.map((_, i) => (i < 1 ? '---' : '---:')))].join('\n');

/** The Markdown tables (between docs/performance.md's `bench:begin` and `bench:end` markers). */
export function markdown(results: BenchResults): string {
  const find = (app: string, mode: string, regions: number) => {
    const found = results.results.find((r) => r.app === app && r.mode === mode && r.regions === regions);
    if (!found) throw new Error(`bench results have no ${app} ${mode} ${regions}`);
    return found;
  };
  const modes = [...new Set(results.results.map((r) => r.mode))];
  const sizes = [...new Set(results.results.map((r) => r.regions))].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1];
  const floorOn = results.floor[ON];
  const floorOff = results.floor[OFF];
  const m = results.machine;
  const out: string[] = [];

  out.push(`Measured by \`${results.command}\` on ${m.cpu} (${m.cores} cores, ${m.memoryGb} GiB, shared), ${m.os}, Node.js ${m.node}, `
    + `aws-cdk-lib ${m.awsCdkLib}, ${m.date.slice(0, 10)}. Each figure is the median of ${results.reps} runs, each a fresh \`node\` `
    + 'process (loading modules counts) running compiled JavaScript. The floor is an empty `App` with one empty stack: '
    + `${s(floorOn.wallMs)} s as \`cdk synth\` runs it, ${s(floorOff.wallMs)} s with \`--no-validation\`.`);
  const lib17 = find('library', 'two-way', largest).synth;
  const base17 = find('baseline', 'two-way', largest).synth;
  out.push('');
  out.push(`At ${largest} Regions with two-way replication and CloudFront the library synthesizes in ${s(lib17[ON].wallMs)} s as \`cdk synth\` runs it: `
    + `${x(lib17[ON].wallMs, floorOn.wallMs)} the floor and ${x(lib17[ON].wallMs, base17[ON].wallMs)} the hand-written baseline; `
    + `${s(lib17[OFF].wallMs)} s without validation (${x(lib17[OFF].wallMs, floorOff.wallMs)} the floor, ${x(lib17[OFF].wallMs, base17[OFF].wallMs)} the baseline).`);
  out.push('');
  out.push("**Synthesis time** in seconds. `cdk synth` runs aws-cdk-lib's template validation by default; "
    + '`cdk synth --no-validation` (`CDK_VALIDATION=false`) skips it.');
  out.push('');
  out.push(header(['mode', 'Regions', 'library', 'baseline', 'library ÷ baseline', 'library ÷ floor',
    'library, no validation', 'baseline, no validation', 'library ÷ baseline', 'library ÷ floor', 'peak MB, library / baseline']));
  for (const mode of modes) {
    for (const n of sizes) {
      const lib = find('library', mode, n).synth;
      const base = find('baseline', mode, n).synth;
      out.push(row([mode, n,
        s(lib[ON].wallMs), s(base[ON].wallMs), x(lib[ON].wallMs, base[ON].wallMs), x(lib[ON].wallMs, floorOn.wallMs),
        s(lib[OFF].wallMs), s(base[OFF].wallMs), x(lib[OFF].wallMs, base[OFF].wallMs), x(lib[OFF].wallMs, floorOff.wallMs),
        `${lib[ON].maxRssMb} / ${base[ON].maxRssMb}`]));
    }
  }
  out.push('');
  out.push(`**Where the time goes** at ${largest} Regions, as \`cdk synth\` runs it `
    + '(milliseconds; aws-cdk-lib\'s own performance counters split the synthesis):');
  out.push('');
  out.push(header(['app', ...BREAKDOWN_COLUMNS]));
  const breakdownRow = (label: string, t: TimingResult) => row([label, ...breakdown(t)]);
  out.push(breakdownRow('floor', floorOn));
  for (const mode of modes) {
    for (const app of ['library', 'baseline']) out.push(breakdownRow(`${app}, ${mode}`, find(app, mode, largest).synth[ON]));
  }
  out.push('');
  out.push(`**What it deploys**, library / baseline. CloudFormation accepts at most ${results.limits.resources} resources and `
    + `${results.limits.templateBytes / 1000} KB of template per stack; waves are the stacks \`cdk deploy --all\` deploys one after another.`);
  out.push('');
  out.push(header(['mode', 'Regions', 'stacks', 'waves', 'resources', 'most per stack', 'largest template, KB', 'replication rules',
    'Lambda-backed custom resources', 'Lambda functions', 'IAM roles']));
  const pair = (a: number | string, b: number | string) => (a === b ? String(a) : `${a} / ${b}`);
  for (const mode of modes) {
    for (const n of sizes) {
      const lib = find('library', mode, n).deploy;
      const base = find('baseline', mode, n).deploy;
      const kb = (d: DeployResult) => `${Math.round(d.maxTemplateBytesPerStack / 1000)} (${Math.round((100 * d.maxTemplateBytesPerStack) / results.limits.templateBytes)}%)`;
      out.push(row([mode, n, pair(lib.stacks.length, base.stacks.length), pair(lib.waves, base.waves), pair(lib.resources, base.resources),
        pair(lib.maxResourcesPerStack, base.maxResourcesPerStack), pair(kb(lib), kb(base)), pair(lib.replicationRules, base.replicationRules),
        pair(lib.lambdaCustomResources, base.lambdaCustomResources), pair(lib.lambdaFunctions, base.lambdaFunctions),
        pair(lib.iamRoles, base.iamRoles)]));
    }
  }
  if (results.manyBuckets.length > 0) {
    const layouts = [...new Set(results.manyBuckets.map((r) => r.layout))];
    const counts = [...new Set(results.manyBuckets.map((r) => r.buckets))].sort((a, b) => a - b);
    out.push('');
    out.push(`**Many buckets in one app**: \`MultiRegionBucket\`s of ${results.manyBuckets[0].regions} Regions (two-way, CloudFront), all in one stack per Region `
      + 'and one global stack passed as `regionalStacks` and `globalStack` (shared), or each in the 4 stacks it creates (own). Seconds, and the ratio to the floor.');
    out.push('');
    out.push(header(['layout', 'buckets', 'synth', '÷ floor', 'synth, no validation', '÷ floor', 'peak MB', 'stacks', 'resources', 'most per stack',
      'largest template, KB', 'Lambda-backed custom resources', 'Lambda functions', 'IAM roles']));
    for (const layout of layouts) {
      for (const n of counts) {
        const r = results.manyBuckets.find((many) => many.layout === layout && many.buckets === n);
        if (!r) throw new Error(`bench results have no many-buckets ${layout} ${n}`);
        const d = r.deploy;
        out.push(row([layout, n, s(r.synth[ON].wallMs), x(r.synth[ON].wallMs, floorOn.wallMs),
          s(r.synth[OFF].wallMs), x(r.synth[OFF].wallMs, floorOff.wallMs),
          r.synth[ON].maxRssMb, d.stacks, d.resources, d.maxResourcesPerStack,
          `${Math.round(d.maxTemplateBytesPerStack / 1000)} (${Math.round((100 * d.maxTemplateBytesPerStack) / results.limits.templateBytes)}%)`,
          d.lambdaCustomResources, d.lambdaFunctions, d.iamRoles]));
      }
    }
  }
  return out.join('\n');
}

/** The page that shows the tables (the README links to it). */
export const PERFORMANCE_PAGE = path.join(__dirname, '..', 'docs', 'performance.md');

const MARKERS: ReadmeMarkers = {
  begin: '<!-- bench:begin (generated from bench/results.json by bench/report.ts) -->',
  end: '<!-- bench:end -->',
};

/** The generated tables in `readme` (the text of a page), or undefined when it has no markers. */
export function readmeTables(readme: string): string | undefined {
  return readmeSection(readme, MARKERS);
}

/** `readme` with its generated tables replaced by those of `results`, or undefined when it has no markers. */
export function withReadmeTables(readme: string, results: BenchResults): string | undefined {
  return withReadmeSection(readme, MARKERS, markdown(results));
}

if (require.main === module) {
  const file = process.argv[2] ?? path.join(__dirname, 'results.json');
  console.log(`${MARKERS.begin}\n${markdown(JSON.parse(fs.readFileSync(file, 'utf-8')))}\n${MARKERS.end}`);
}
