/**
 * One measured synthesis, in a fresh Node.js process started by `bench/run.ts`:
 *
 *   node bench/tmp/js/bench/child.js <floor|library|baseline> <regions> <two-way|one-way> <outdir>
 *   node bench/tmp/js/bench/child.js many 3 <shared|own> <outdir> <buckets>
 *
 * It times loading the app's modules, constructing it and synthesizing it, and prints one line
 * `BENCH_RESULT {...}` with those times, aws-cdk-lib's own performance counters (which split
 * synthesis into resolving, writing and validating templates) and the process's peak memory.
 */
import { hrtime } from 'process';

const BENCH_RESULT = 'BENCH_RESULT';

/** What a child reports. */
export interface ChildResult {
  /** Loading aws-cdk-lib and the app's modules (its top-level imports). */
  readonly requireMs: number;
  /** Running the app's code: constructing the stacks. */
  readonly constructMs: number;
  /** `app.synth()`: preparing, resolving and writing templates, then aws-cdk-lib's validation. */
  readonly synthMs: number;
  /** aws-cdk-lib's performance counters for this synthesis (milliseconds). */
  readonly counters: Record<string, number>;
  /** The peak resident set size of this process, in kilobytes. */
  readonly maxRssKb: number;
}

export function parseChildOutput(stdout: string): ChildResult | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`${BENCH_RESULT} `));
  return line ? JSON.parse(line.slice(BENCH_RESULT.length + 1)) : undefined;
}

function main(): void {
  const [appName, count, mode, outdir, buckets] = process.argv.slice(2);
  const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;

  const t0 = hrtime.bigint();
  // Loaded here, not by import, so that module loading is measured.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { REGIONS } = require('./apps/common') as typeof import('./apps/common');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appModule = require(`./apps/${appName}`) as { build(app: import('aws-cdk-lib').App, regions: string[], mode: string, buckets: number): void };
  const t1 = hrtime.bigint();

  // aws-cdk-lib writes its performance counters to CDK_PERF_COUNTERS_FILE when a synthesis takes
  // longer per stack than this threshold: 0 makes it always write them.
  const app = new cdk.App({ outdir, context: { '@aws-cdk/core.slowSynthThreshold': 0 } });
  appModule.build(app, REGIONS.slice(0, Number(count)), mode, Number(buckets ?? 1));
  const t2 = hrtime.bigint();

  app.synth();
  const t3 = hrtime.bigint();

  let counters: Record<string, number> = {};
  const file = process.env.CDK_PERF_COUNTERS_FILE;
  if (file) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    counters = JSON.parse(require('fs').readFileSync(file, 'utf-8')).counters ?? {};
  }
  const result: ChildResult = {
    requireMs: ms(t0, t1),
    constructMs: ms(t1, t2),
    synthMs: ms(t2, t3),
    counters,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${BENCH_RESULT} ${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main();
}
