/**
 * Writes what a set of apps synthesizes into a directory, to compare two versions of the library
 * byte for byte (a refactoring that must change no template, warning or error):
 *
 *   npx ts-node-transpile-only scripts/synth-snapshot.ts <dir>
 *   diff -r <dir before> <dir after>
 *
 * The apps: every TypeScript example (as `cdk synth` runs it), every configuration of the
 * transition table (test/lifecycle/transitions.ts), the feature configurations
 * (test/util/feature-apps.ts) and every bad-input and mistake row (test/validation). For each app
 * it writes the templates (asset hashes kept: they are content hashes) and what the CLI prints
 * (annotations with ids and paths, and the failure).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { MultiRegionBucket } from '../src';
import { toProps } from '../test/fuzz/configurations';
import { Configuration } from '../test/lifecycle/synth';
import { TRANSITIONS } from '../test/lifecycle/transitions';
import { synthExampleUnder, typeScriptExamples } from '../test/util/examples';
import { FEATURE_CONFIGURATIONS } from '../test/util/feature-apps';
import { synthAsCli } from '../test/util/toolkit';
import { BAD_INPUTS } from '../test/validation/bad-inputs';
import { MISTAKES } from '../test/validation/mistakes';

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}

function writeAssembly(dir: string, assembly: CloudAssembly | undefined): number {
  if (!assembly) return 0;
  let n = 0;
  for (const stack of assembly.stacksRecursively) {
    fs.writeFileSync(path.join(dir, `${stack.hierarchicalId.replace(/\//g, '.')}.template.json`), JSON.stringify(stack.template, null, 1));
    n += 1;
  }
  return n;
}

async function snapshot(dir: string, build: () => Stage): Promise<{ stacks: number; warnings: number; failed: boolean }> {
  fs.mkdirSync(dir, { recursive: true });
  const result = await synthAsCli(build);
  const printed = {
    annotations: result.annotations.map((a) => ({ ...a, paths: [...a.paths].sort() })),
    failure: result.failure?.message,
  };
  fs.writeFileSync(path.join(dir, 'printed.json'), JSON.stringify(printed, null, 1));
  return { stacks: writeAssembly(dir, result.assembly), warnings: result.warnings.length, failed: !!result.failure };
}

/** Examples import the library by its package name: map it to src/, as jest does. */
function mapPackageToSource(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function mapped(request: string, ...rest: unknown[]) {
    return resolve.call(this, request === 'cdk-multi-region-bucket' ? path.resolve(__dirname, '..', 'src') : request, ...rest);
  };
}

async function main(out: string): Promise<void> {
  mapPackageToSource();
  fs.rmSync(out, { recursive: true, force: true });
  const totals = { apps: 0, stacks: 0, warnings: 0, failed: 0 };
  const add = (r: { stacks: number; warnings: number; failed: boolean }) => {
    totals.apps += 1; totals.stacks += r.stacks; totals.warnings += r.warnings; totals.failed += r.failed ? 1 : 0;
  };

  for (const name of typeScriptExamples()) {
    const dir = path.join(out, 'example', name);
    fs.mkdirSync(dir, { recursive: true });
    const { assembly, apps } = synthExampleUnder(name, {});
    const messages = assembly.stacksRecursively.flatMap((s) => s.messages.map((m) => ({ id: m.id, level: m.level, entry: m.entry.data })));
    fs.writeFileSync(path.join(dir, 'messages.json'), JSON.stringify(messages, null, 1));
    add({ stacks: writeAssembly(dir, assembly), warnings: messages.filter((m) => m.level === 'warning').length, failed: apps.length === 0 });
  }

  const configurations = new Map<string, Configuration>();
  for (const row of TRANSITIONS) {
    for (const c of [row.from, row.to, ...(row.steps ?? []).map((s) => s.to)]) if (c) configurations.set(c.name, c);
  }
  for (const [name, c] of configurations) {
    add(await snapshot(path.join(out, 'transition', safeName(name)), () => { const app = new App(); c.build(app); return app; }));
  }

  for (const f of FEATURE_CONFIGURATIONS) {
    add(await snapshot(path.join(out, 'feature', safeName(f.name)), () => {
      const app = new App();
      const props = toProps(f.configuration);
      const extra = f.extra ?? {};
      new MultiRegionBucket(app, 'Site', { ...props, ...extra, distribution: props.distribution && { ...props.distribution, ...extra.distribution } });
      return app;
    }));
  }

  // The bad inputs and mistakes: the error each throws, or what its app prints.
  const rows: Array<{ name: string; build: () => unknown }> = [...BAD_INPUTS, ...MISTAKES];
  let i = 0;
  for (const row of rows) {
    i += 1;
    const dir = path.join(out, 'row', `${String(i).padStart(3, '0')}-${safeName(row.name)}`);
    let built: unknown;
    try {
      built = row.build();
    } catch (e) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'thrown.txt'), (e as Error).message);
      add({ stacks: 0, warnings: 0, failed: true });
      continue;
    }
    const root = built instanceof Stage ? built : Construct.isConstruct(built) ? built.node.root : undefined;
    if (Stage.isStage(root)) add(await snapshot(dir, () => root));
  }
  console.log(`${out}: ${totals.apps} apps, ${totals.stacks} stacks, ${totals.warnings} warnings, ${totals.failed} failed syntheses`);
}

main(process.argv[2] ?? 'synth-snapshot').catch((e) => { console.error(e); process.exit(1); });
