/**
 * Synthesizes example apps the way `cdk synth` does (runs the `app` command of the example's
 * cdk.json with CDK_OUTDIR set), then prints what was produced: every stack with its Region,
 * resource count, template size and the stacks it waits for.
 *
 *   npx projen example             the default example
 *   npx projen example <name>      one example from examples/<name>
 *   npx projen examples:synth      every example (part of the build)
 *
 * Exits non-zero when an app fails to synthesize (including a cdk-nag error in the app).
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { checkDeployOrder } from '../test/util/deploy-order';

/** The example the README's first command synthesizes. */
export const DEFAULT_EXAMPLE = 'active-active-site';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** What one stack of a synthesized example contains. */
export interface StackSummary {
  readonly stack: string;
  readonly region: string;
  readonly resources: number;
  readonly templateBytes: number;
  readonly dependsOn: string[];
  readonly resourceTypes: Record<string, number>;
}

/** Every example folder: a directory under examples/ with a cdk.json. */
export function listExamples(): string[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((name) => fs.existsSync(path.join(EXAMPLES, name, 'cdk.json')))
    .sort();
}

/** Examples in Python need the built wheel: `--all` leaves them to `examples:python`. */
function isPythonExample(name: string): boolean {
  return fs.existsSync(path.join(EXAMPLES, name, 'requirements.txt'));
}

/** The examples `--all` synthesizes: every one but the Python app. */
export function typeScriptExamples(): string[] {
  return listExamples().filter((name) => !isPythonExample(name));
}

/** Where an example's cloud assembly is written. */
export function exampleOutdir(name: string): string {
  return path.join(EXAMPLES, name, 'cdk.out');
}

/** Runs the example's app command into `<example>/cdk.out` and returns the stacks it produced. */
export function synthExample(name: string): StackSummary[] {
  const dir = path.join(EXAMPLES, name);
  const cdkJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf-8'));
  const outdir = exampleOutdir(name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const recording = withNagRecorder(cdkJson.app);
  execSync(recording ?? cdkJson.app, {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context ?? {}),
      ...(recording ? { NAG_FINDINGS_FILE: path.join(outdir, NAG_FINDINGS_FILE) } : {}),
    },
  });
  const assembly = new CloudAssembly(outdir);
  checkOrder(name, assembly);
  return summarize(assembly);
}

/** What scripts/nag-recorder.ts writes into the cloud assembly of a TypeScript example. */
export const NAG_FINDINGS_FILE = 'nag-findings.json';

/**
 * The app command with scripts/nag-recorder.ts preloaded into the app's own process, for apps
 * run with ts-node (every TypeScript example); undefined for other apps (python-app).
 */
function withNagRecorder(command: string): string | undefined {
  if (!/^npx ts-node /.test(command)) return undefined;
  return command.replace(/^npx ts-node /, `npx ts-node -r ${JSON.stringify(path.join(ROOT, 'scripts', 'nag-recorder.ts'))} `);
}

/** Fails when a resource needs a bucket or access point from a stack it does not deploy after. */
function checkOrder(name: string, assembly: CloudAssembly): void {
  const report = checkDeployOrder(assembly);
  if (report.problems.length > 0) {
    throw new Error(`example '${name}' cannot deploy in one 'cdk deploy --all':\n${report.problems
      .map((p) => `  ${p.stack}/${p.resource} needs ${p.needs}, created in ${p.createdIn}, which it does not wait for`).join('\n')}`);
  }
  console.log(`deploy order: ${report.order.map((id) => assembly.getStackArtifact(id).stackName).join(' -> ')} (${report.checked.length} cross-stack needs checked, 0 problems)`);
}

function summarize(assembly: CloudAssembly): StackSummary[] {
  return assembly.stacksRecursively.map((stack: CloudFormationStackArtifact) => {
    const resources = Object.values<{ Type: string }>(stack.template.Resources ?? {});
    const resourceTypes: Record<string, number> = {};
    for (const resource of resources) {
      resourceTypes[resource.Type] = (resourceTypes[resource.Type] ?? 0) + 1;
    }
    return {
      stack: stack.stackName,
      region: stack.environment.region,
      resources: resources.length,
      templateBytes: fs.statSync(stack.templateFullPath).size,
      dependsOn: stack.dependencies
        .filter((dep): dep is CloudFormationStackArtifact => dep instanceof CloudFormationStackArtifact)
        .map((dep) => dep.stackName),
      resourceTypes,
    };
  });
}

function printSummary(name: string, stacks: StackSummary[], seconds: number): void {
  const regions = new Set(stacks.map((s) => s.region));
  const total = stacks.reduce((sum, s) => sum + s.resources, 0);
  console.log(`\nexample '${name}': ${stacks.length} stacks in ${regions.size} Regions, ${total} resources, synthesized in ${seconds.toFixed(1)} s`);
  console.log(`output: ${path.relative(process.cwd(), path.join(EXAMPLES, name, 'cdk.out'))}\n`);
  const header = ['stack', 'region', 'resources', 'template bytes', 'deploys after'];
  const rows = stacks.map((s) => [s.stack, s.region, String(s.resources), String(s.templateBytes), s.dependsOn.join(', ') || '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  rows.forEach((r) => console.log(line(r)));
  const types: Record<string, number> = {};
  for (const s of stacks) {
    for (const [type, count] of Object.entries(s.resourceTypes)) types[type] = (types[type] ?? 0) + count;
  }
  console.log('\nresources by type:');
  for (const [type, count] of Object.entries(types).sort()) {
    console.log(`  ${String(count).padStart(4)}  ${type}`);
  }
}

function main(args: string[]): void {
  const names = args.includes('--all') ? typeScriptExamples() : [args.find((a) => !a.startsWith('-')) ?? DEFAULT_EXAMPLE];
  for (const name of names) {
    if (!listExamples().includes(name)) {
      throw new Error(`unknown example '${name}'; examples: ${listExamples().join(', ')}`);
    }
    const start = process.hrtime.bigint();
    const stacks = synthExample(name);
    printSummary(name, stacks, Number(process.hrtime.bigint() - start) / 1e9);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    process.exit(1);
  }
}
