/**
 * `npx projen bench`: how synthesis and deployment scale with the number of Regions, for this
 * library and for the same architecture written by hand (bench/apps/baseline.ts), against the
 * floor (an empty App with one empty stack). It also measures many buckets in one app
 * (bench/apps/many.ts: 1 to 20 MultiRegionBuckets of 3 Regions, in shared stacks or each in its own).
 *
 *   npx projen bench                      5 runs of each app, with and without aws-cdk-lib's validation
 *   npx projen bench --quick              1 run of each (writes bench/tmp/results.json)
 *   npx projen bench --reps 3 --regions 2,17 --modes two-way --validation on --buckets 1,10 --out <file>
 *   BENCH_REPS=3 npx projen bench
 *
 * Each synthesis runs in a fresh `node` process (so loading modules counts, and the peak memory is
 * that process's), from JavaScript compiled once beforehand (bench/tmp/js), like a user's app that
 * imports the built package. The runs of all apps are interleaved, so load on a shared machine
 * affects each app alike; each figure is the median. aws-cdk-lib validates every synthesized template
 * by default (`cdk synth`), or not with `cdk synth --no-validation` (CDK_VALIDATION=false); both
 * are measured, each against its own floor.
 *
 * It prints the tables and writes bench/results.json (and, unless --out or --quick, the
 * Performance tables of docs/performance.md from it). It is a benchmark, not a test: it never fails on
 * a time. It fails (exit code 1, after writing the results) when a template of this library exceeds a
 * CloudFormation limit for one stack, because that app could not be deployed.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MODES, Mode } from './apps/common';
import { LAYOUTS, MANY_REGIONS } from './apps/many';
import { ChildResult, parseChildOutput } from './child';
import { AssemblyCost, inspectAssembly, LIMITS } from './inspect';
import { BenchResults, breakdown, BREAKDOWN_COLUMNS, TimingResult as Timing, PERFORMANCE_PAGE, withReadmeTables } from './report';

const ROOT = path.resolve(__dirname, '..');
const TMP = path.join(ROOT, 'bench', 'tmp');
const CHILD = path.join(TMP, 'js', 'bench', 'child.js');
const DEFAULT_REGIONS = [2, 3, 5, 9, 17];
const DEFAULT_BUCKETS = [1, 5, 10, 20];

type Impl = 'floor' | 'library' | 'baseline' | 'many';
type Validation = 'on' | 'off';

interface Options {
  readonly reps: number;
  readonly regions: number[];
  readonly modes: Mode[];
  readonly validation: Validation[];
  /** How many MultiRegionBuckets the many-buckets apps have (none: not measured). */
  readonly buckets: number[];
  readonly out: string;
}

/** One app to synthesize: the floor ignores regions and mode; for `many` the mode is the layout. */
interface Case {
  readonly impl: Impl;
  readonly mode?: string;
  readonly regions: number;
  readonly validation: Validation;
  readonly buckets?: number;
}

function parseOptions(args: string[]): Options {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes('--quick');
  const reps = Number(value('--reps') ?? process.env.BENCH_REPS ?? (quick ? 1 : 5));
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${value('--reps') ?? process.env.BENCH_REPS}`);
  const regions = (value('--regions')?.split(',') ?? DEFAULT_REGIONS).map(Number);
  if (regions.some((n) => !Number.isInteger(n) || n < 2 || n > 17)) throw new Error(`--regions must list numbers from 2 to 17, got ${value('--regions')}`);
  const modes = (value('--modes')?.split(',') ?? MODES) as Mode[];
  if (modes.some((m) => !MODES.includes(m))) throw new Error(`--modes must list ${MODES.join(', ')}, got ${value('--modes')}`);
  const validation = value('--validation') ?? 'both';
  if (!['on', 'off', 'both'].includes(validation)) throw new Error(`--validation must be on, off or both, got ${validation}`);
  const bucketsArg = value('--buckets');
  const buckets = bucketsArg === 'none' ? [] : (bucketsArg?.split(',') ?? DEFAULT_BUCKETS).map(Number);
  if (buckets.some((n) => !Number.isInteger(n) || n < 1 || n > 50)) throw new Error(`--buckets must list numbers from 1 to 50, or be none, got ${bucketsArg}`);
  const out = value('--out') ?? path.join(ROOT, 'bench', quick ? 'tmp/results.json' : 'results.json');
  return { reps, regions, modes, validation: validation === 'both' ? ['on', 'off'] : [validation as Validation], buckets, out };
}

/** Compiles the apps (and the library they import) to JavaScript, so that no run pays for TypeScript. */
function compile(): void {
  fs.rmSync(path.join(TMP, 'js'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'bench', 'tsconfig.compile.json')], { stdio: 'inherit', cwd: ROOT });
}

/** What an app deploys does not depend on the validation. */
function costKey(c: Case): string {
  return c.impl === 'many' ? `many-${c.mode}-${c.buckets}` : `${c.impl}-${c.mode}-${c.regions}`;
}

function caseName(c: Case): string {
  return c.impl === 'floor' ? `floor-validation-${c.validation}` : `${costKey(c)}-validation-${c.validation}`;
}

function runOnce(c: Case): { wallMs: number; result: ChildResult; outdir: string } {
  const outdir = path.join(TMP, 'out', caseName(c));
  const perfFile = path.join(TMP, 'perf-counters.json');
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(perfFile, { force: true });
  // A clean environment: nothing from a CDK CLI or a test runner changes how the app synthesizes.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDK_') && k !== 'NODE_ENV' && k !== 'NODE_OPTIONS'));
  env.CDK_PERF_COUNTERS_FILE = perfFile;
  if (c.validation === 'off') env.CDK_VALIDATION = 'false';
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [CHILD, c.impl, String(c.regions), c.mode ?? '-', outdir, String(c.buckets ?? 1)], { env, cwd: ROOT, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const result = child.status === 0 ? parseChildOutput(child.stdout) : undefined;
  if (!result) {
    throw new Error(`${caseName(c)} failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
  }
  return { wallMs, result, outdir };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(runs: Array<{ wallMs: number; result: ChildResult }>): Timing {
  const m = (f: (r: { wallMs: number; result: ChildResult }) => number) => Math.round(median(runs.map(f)));
  const counter = (r: ChildResult, key: string) => r.counters[key] ?? 0;
  return {
    wallMs: m((r) => r.wallMs),
    requireMs: m((r) => r.result.requireMs),
    constructMs: m((r) => r.result.constructMs),
    synthMs: m((r) => r.result.synthMs),
    resolveMs: m((r) => counter(r.result, 'Stack.resolve')),
    validationStartMs: m((r) => counter(r.result, 'validateTemplates') - counter(r.result, 'CloudFormationValidate.validate')),
    validationMs: m((r) => counter(r.result, 'CloudFormationValidate.validate')),
    maxRssMb: m((r) => r.result.maxRssKb / 1024),
    runs: runs.length,
  };
}

function table(header: string[], rows: string[][], rightAligned: boolean[] = header.map((_, i) => i > 0)): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const kb = (bytes: number) => `${Math.round(bytes / 1000)}`;

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    awsCdkLib: JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf-8')).version,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    date: new Date().toISOString(),
  };
}

function main(args: string[]): number {
  const options = parseOptions(args);
  const info = machine();
  console.log(`bench: ${options.reps} run(s) of each app; Regions ${options.regions.join(', ')}; modes ${options.modes.join(', ')}; `
    + `aws-cdk-lib validation ${options.validation.join(' and ')}; many buckets ${options.buckets.join(', ') || 'none'}`);
  console.log(`machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB, ${info.os}, Node.js ${info.node}, aws-cdk-lib ${info.awsCdkLib}, load average ${info.loadAverageAtStart.join(' ')}`);
  compile();

  const cases: Case[] = options.validation.flatMap((validation) => [
    { impl: 'floor' as Impl, regions: 0, validation },
    ...options.modes.flatMap((mode) => options.regions.flatMap((regions) => (['library', 'baseline'] as Impl[]).map((impl) => ({ impl, mode, regions, validation })))),
    ...options.buckets.flatMap((buckets) => LAYOUTS.map((layout) => ({ impl: 'many' as Impl, mode: layout, regions: MANY_REGIONS, buckets, validation }))),
  ]);
  const runs = new Map<Case, Array<{ wallMs: number; result: ChildResult }>>(cases.map((c) => [c, []]));
  const costs = new Map<string, AssemblyCost>();
  const total = cases.length * options.reps;
  let done = 0;
  for (let rep = 0; rep < options.reps; rep++) {
    for (const c of cases) {
      const run = runOnce(c);
      runs.get(c)!.push(run);
      const key = costKey(c);
      if (c.impl !== 'floor' && !costs.has(key)) costs.set(key, inspectAssembly(run.outdir));
      done++;
      if (process.stdout.isTTY) process.stdout.write(`\r  ${done}/${total} runs (${caseName(c)}: ${seconds(run.wallMs)} s)`.padEnd(90));
    }
    if (!process.stdout.isTTY) console.log(`  run ${rep + 1} of ${options.reps} of every app done`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');

  const timing = new Map<Case, Timing>(cases.map((c) => [c, summarize(runs.get(c)!)]));
  const find = (impl: Impl, validation: Validation, mode?: Mode, regions = 0) =>
    timing.get(cases.find((c) => c.impl === impl && c.validation === validation && c.mode === mode && c.regions === regions)!)!;
  const findMany = (layout: string, buckets: number, validation: Validation) =>
    timing.get(cases.find((c) => c.impl === 'many' && c.validation === validation && c.mode === layout && c.buckets === buckets)!)!;

  // Synthesis time and memory, against the floor and the baseline.
  for (const validation of options.validation) {
    const floor = find('floor', validation);
    const title = validation === 'on'
      ? 'synthesis as `cdk synth` runs it (aws-cdk-lib validates every template)'
      : 'synthesis without aws-cdk-lib\'s validation (`cdk synth --no-validation`, CDK_VALIDATION=false)';
    console.log(`\n${title}: median of ${options.reps} run(s), each in a fresh node process`);
    console.log(`floor (empty App, one empty stack): ${seconds(floor.wallMs)} s, ${floor.maxRssMb} MB\n`);
    const rows = options.modes.flatMap((mode) => options.regions.map((n) => {
      const lib = find('library', validation, mode, n);
      const base = find('baseline', validation, mode, n);
      return [mode, String(n), seconds(lib.wallMs), ratio(lib.wallMs, floor.wallMs), String(lib.maxRssMb),
        seconds(base.wallMs), ratio(base.wallMs, floor.wallMs), String(base.maxRssMb), ratio(lib.wallMs, base.wallMs)];
    }));
    console.log(table(['mode', 'Regions', 'library s', 'x floor', 'peak MB', 'baseline s', 'x floor', 'peak MB', 'library/baseline'], rows, [false, true, true, true, true, true, true, true, true]));
  }

  // Where the time goes, at the largest size.
  const largest = Math.max(...options.regions);
  for (const validation of options.validation) {
    console.log(`\nwhere the time goes (${largest} Regions, aws-cdk-lib validation ${validation}), median ms:\n`);
    const breakdownRow = (label: string, t: Timing) => [label, ...breakdown(t).map(String)];
    const rows = [
      breakdownRow('floor', find('floor', validation)),
      ...options.modes.flatMap((mode) => (['library', 'baseline'] as Impl[]).map((impl) => breakdownRow(`${impl} ${mode}`, find(impl, validation, mode, largest)))),
    ];
    console.log(table(['app', ...BREAKDOWN_COLUMNS], rows));
  }

  // What it deploys.
  console.log(`\nwhat it deploys (limits per stack: ${LIMITS.resources} resources, ${LIMITS.templateBytes / 1000} KB template)\n`);
  const costRows = options.modes.flatMap((mode) => options.regions.flatMap((n) => (['library', 'baseline'] as Impl[]).map((impl) => {
    const c = costs.get(`${impl}-${mode}-${n}`)!;
    const biggest = c.stacks.reduce((a, b) => (b.templateBytes > a.templateBytes ? b : a));
    return [mode, String(n), impl, String(c.stacks.length), String(c.waves), String(c.resources), String(c.maxResourcesPerStack),
      `${kb(c.maxTemplateBytesPerStack)} (${Math.round((100 * c.maxTemplateBytesPerStack) / LIMITS.templateBytes)}%)`, biggest.stack.replace(/^Bench-/, ''),
      String(c.replicationRules), String(c.lambdaCustomResources), String(c.lambdaFunctions), String(c.iamRoles), c.overLimits.length ? 'OVER' : 'ok'];
  })));
  console.log(table(['mode', 'Regions', 'app', 'stacks', 'waves', 'resources', 'max/stack', 'max KB/stack', 'largest stack', 'repl. rules', 'Lambda CRs', 'Lambda fns', 'IAM roles', 'limits'],
    costRows, [false, true, false, true, true, true, true, true, false, true, true, true, true, false]));

  // Many buckets in one app.
  if (options.buckets.length > 0) {
    console.log(`\nmany buckets in one app: MultiRegionBuckets of ${MANY_REGIONS} Regions, two-way, CloudFront; in shared stacks or each in its own\n`);
    const manyRows = LAYOUTS.flatMap((layout) => options.buckets.map((buckets) => {
      const c = costs.get(`many-${layout}-${buckets}`)!;
      const times = options.validation.flatMap((v) => {
        const t = findMany(layout, buckets, v);
        return [seconds(t.wallMs), ratio(t.wallMs, find('floor', v).wallMs)];
      });
      return [layout, String(buckets), ...times, String(findMany(layout, buckets, options.validation[0]).maxRssMb),
        String(c.stacks.length), String(c.resources),
        String(c.maxResourcesPerStack), kb(c.maxTemplateBytesPerStack), String(c.lambdaCustomResources), String(c.lambdaFunctions), String(c.iamRoles), c.overLimits.length ? 'OVER' : 'ok'];
    }));
    const timeHeader = options.validation.flatMap((v) => [`s (validation ${v})`, 'x floor']);
    console.log(table(['layout', 'buckets', ...timeHeader, 'peak MB', 'stacks', 'resources', 'max/stack', 'max KB/stack', 'Lambda CRs', 'Lambda fns', 'IAM roles', 'limits'],
      manyRows, [false, ...manyRows[0].slice(1, -1).map(() => true), false]));
  }

  const results = {
    command: `npx projen bench ${args.join(' ')}`.trim(),
    machine: info,
    reps: options.reps,
    limits: LIMITS,
    floor: Object.fromEntries(options.validation.map((v) => [`validation-${v}`, find('floor', v)])),
    results: options.modes.flatMap((mode) => options.regions.flatMap((regions) => (['library', 'baseline'] as Impl[]).map((impl) => {
      const cost = costs.get(`${impl}-${mode}-${regions}`)!;
      return {
        mode,
        regions,
        app: impl,
        synth: Object.fromEntries(options.validation.map((v) => {
          const t = find(impl, v, mode, regions);
          return [`validation-${v}`, { ...t, ratioToFloor: Number((t.wallMs / find('floor', v).wallMs).toFixed(3)), ratioToBaseline: Number((t.wallMs / find('baseline', v, mode, regions).wallMs).toFixed(3)) }];
        })),
        deploy: {
          ...cost,
          stacks: cost.stacks.map((s) => ({
            stack: s.stack,
            region: s.region,
            resources: s.resources,
            templateBytes: s.templateBytes,
            lambdaCustomResources: s.lambdaCustomResources,
            lambdaFunctions: s.lambdaFunctions,
            iamRoles: s.iamRoles,
          })),
        },
      };
    }))),
    manyBuckets: LAYOUTS.flatMap((layout) => options.buckets.map((buckets) => {
      const cost = costs.get(`many-${layout}-${buckets}`)!;
      return {
        layout,
        buckets,
        regions: MANY_REGIONS,
        synth: Object.fromEntries(options.validation.map((v) => {
          const t = findMany(layout, buckets, v);
          return [`validation-${v}`, { ...t, ratioToFloor: Number((t.wallMs / find('floor', v).wallMs).toFixed(3)) }];
        })),
        deploy: { ...cost, stacks: cost.stacks.length },
      };
    })),
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(results, undefined, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), options.out)}`);

  // docs/performance.md shows the committed results (test/bench/report.test.ts checks it).
  if (options.out === path.join(ROOT, 'bench', 'results.json')) {
    const updated = withReadmeTables(fs.readFileSync(PERFORMANCE_PAGE, 'utf-8'), results as BenchResults);
    if (updated) {
      fs.writeFileSync(PERFORMANCE_PAGE, updated);
      console.log('updated the Performance tables of docs/performance.md');
    }
  }

  const over = [...costs.entries()].filter(([key, c]) => (key.startsWith('library-') || key.startsWith('many-')) && c.overLimits.length > 0);
  if (over.length > 0) {
    console.error(`\nthe library's templates exceed CloudFormation's limits:\n${over.flatMap(([key, c]) => c.overLimits.map((o) => `  ${key}: ${o}`)).join('\n')}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    process.exitCode = 1;
  }
}
