/**
 * Synthesizes example apps the way `cdk synth` does (runs the `app` command of the example's
 * cdk.json with CDK_OUTDIR set), then prints what was produced: every stack with its Region,
 * resource count, template size and the stacks it waits for.
 *
 *   npx projen example             the default example
 *   npx projen example <name>      one example from examples/<name>
 *   npx projen example --readme    the default example, and rewrite the README block that shows its output
 *   npx projen examples:synth      every example (part of the build)
 *
 * Exits non-zero when an app fails to synthesize (including a cdk-nag error in the app).
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { ReadmeMarkers, withReadmeSection } from './readme-section';
import { checkDeployOrder } from '../test/util/deploy-order';

/** The example the README's first command synthesizes. */
export const DEFAULT_EXAMPLE = 'active-active-site';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const README = path.join(ROOT, 'README.md');

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

/** Runs the example's app command into `<example>/cdk.out` and returns its cloud assembly. */
export function synthExample(name: string): CloudAssembly {
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
  return new CloudAssembly(outdir);
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

/**
 * The deploy order of the example's stacks, as one line; fails when a resource needs a bucket or
 * access point from a stack it does not deploy after.
 */
function checkOrder(name: string, assembly: CloudAssembly): string {
  const report = checkDeployOrder(assembly);
  if (report.problems.length > 0) {
    throw new Error(`example '${name}' cannot deploy in one 'cdk deploy --all':\n${report.problems
      .map((p) => `  ${p.stack}/${p.resource} needs ${p.needs}, created in ${p.createdIn}, which it does not wait for`).join('\n')}`);
  }
  return `deploy order: ${report.order.map((id) => assembly.getStackArtifact(id).stackName).join(' -> ')} (${report.checked.length} cross-stack needs checked, 0 problems)`;
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

/**
 * What `npx projen example` prints for an example's cloud assembly: the deploy order, then every
 * stack with its Region, resource count, template size and the stacks it waits for, then the
 * resources by type. Nothing in it depends on the machine (no timings, no absolute paths), so the
 * README shows it verbatim and test/examples/readme-output.test.ts compares the two.
 */
export function exampleReport(name: string, assembly: CloudAssembly): string {
  const out: string[] = [checkOrder(name, assembly)];
  const stacks = summarize(assembly);
  const regions = new Set(stacks.map((s) => s.region));
  const total = stacks.reduce((sum, s) => sum + s.resources, 0);
  out.push('', `example '${name}': ${stacks.length} stacks in ${regions.size} Regions, ${total} resources`);
  out.push(`output: ${path.relative(ROOT, exampleOutdir(name))}`, '');
  const header = ['stack', 'region', 'resources', 'template bytes', 'deploys after'];
  const rows = stacks.map((s) => [s.stack, s.region, String(s.resources), String(s.templateBytes), s.dependsOn.join(', ') || '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  out.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  const types: Record<string, number> = {};
  for (const s of stacks) {
    for (const [type, count] of Object.entries(s.resourceTypes)) types[type] = (types[type] ?? 0) + count;
  }
  out.push('', 'resources by type:');
  for (const [type, count] of Object.entries(types).sort()) {
    out.push(`  ${String(count).padStart(4)}  ${type}`);
  }
  return out.join('\n');
}

/** The README block that shows what `npx projen example` prints for the default example. */
export const README_MARKERS: ReadmeMarkers = {
  begin: '<!-- example-output:begin (generated by `npx projen example --readme`) -->',
  end: '<!-- example-output:end -->',
};

/** The Markdown of that block: the report in a text fence. */
export function readmeBlock(report: string): string {
  return ['```text', report, '```'].join('\n');
}

function main(args: string[]): void {
  const names = args.includes('--all') ? typeScriptExamples() : [args.find((a) => !a.startsWith('-')) ?? DEFAULT_EXAMPLE];
  for (const name of names) {
    if (!listExamples().includes(name)) {
      throw new Error(`unknown example '${name}'; examples: ${listExamples().join(', ')}`);
    }
    const report = exampleReport(name, synthExample(name));
    console.log(report);
    if (args.includes('--readme') && name === DEFAULT_EXAMPLE) {
      const updated = withReadmeSection(fs.readFileSync(README, 'utf-8'), README_MARKERS, readmeBlock(report));
      if (updated === undefined) throw new Error(`README.md has no '${README_MARKERS.begin}' ... '${README_MARKERS.end}' block`);
      fs.writeFileSync(README, updated);
      console.log('\nupdated the example output in README.md');
    }
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
