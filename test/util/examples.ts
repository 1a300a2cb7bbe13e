import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import * as ts from 'typescript';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** The TypeScript examples: folders of examples/ whose cdk.json runs `app.ts` with ts-node. */
export function typeScriptExamples(): string[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((name) => {
      const cdkJson = path.join(EXAMPLES, name, 'cdk.json');
      return fs.existsSync(cdkJson) && /\bts-node\b.*\bapp\.ts$/.test(JSON.parse(fs.readFileSync(cdkJson, 'utf-8')).app);
    })
    .sort();
}

/**
 * Synthesizes a TypeScript example in this process, as `cdk synth` would run it: its `app.ts`
 * with CDK_OUTDIR set to a fresh temporary directory and the context of its cdk.json, and with
 * the placeholder account (CDK_DEFAULT_ACCOUNT unset). Returns the cloud assembly.
 *
 * The example's cdk-nag packs still run, but an unacknowledged error does not stop synthesis
 * here (`@aws-cdk/core:failSynthOnValidationErrors` is false): cdk-nag is the job of
 * `examples:synth` and `nag:report`, and a policy regression must reach the simulation.
 */
export function synthExample(name: string): CloudAssembly {
  const dir = path.join(EXAMPLES, name);
  const cdkJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf-8'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  const env = { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, '@aws-cdk/core:failSynthOnValidationErrors': false }) };
  const saved = Object.fromEntries(['CDK_OUTDIR', 'CDK_CONTEXT_JSON', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'].map((k) => [k, process.env[k]]));
  try {
    Object.assign(process.env, env);
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    // Each example is a different module, required once: it synthesizes as it loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(dir, 'app.ts'));
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return new CloudAssembly(outdir);
}

/** What {@link synthExampleUnder} returns: the cloud assembly and the apps the example synthesized. */
export interface ExampleSynthesis {
  readonly assembly: CloudAssembly;
  /** The stages whose `synth()` the example called (its `App`), for cdk-nag and other checks. */
  readonly apps: Stage[];
}

/**
 * Synthesizes a TypeScript example as {@link synthExample} does, with `context` added to the
 * context of its cdk.json (as a user's cdk.json would have it), and any number of times in one
 * test file: the example's `app.ts` is transpiled and run afresh each call (a `require` would run
 * it once per module registry), with this process's modules, so the assembly is the one the
 * library under test gives and its templates are collected for cfn-lint like every other test's.
 */
export function synthExampleUnder(name: string, context: Record<string, unknown>): ExampleSynthesis {
  const dir = path.join(EXAMPLES, name);
  const file = path.join(dir, 'app.ts');
  const cdkJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf-8'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  const env = {
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context, '@aws-cdk/core:failSynthOnValidationErrors': false }),
  };
  const code = ts.transpileModule(fs.readFileSync(file, 'utf-8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  }).outputText;
  const saved = Object.fromEntries(['CDK_OUTDIR', 'CDK_CONTEXT_JSON', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'].map((k) => [k, process.env[k]]));
  const apps: Stage[] = [];
  const synth = Stage.prototype.synth;
  try {
    Object.assign(process.env, env);
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    Stage.prototype.synth = function recordingSynth(this: Stage, ...args: Parameters<Stage['synth']>) {
      if (!apps.includes(this)) apps.push(this);
      return synth.apply(this, args);
    };
    const module = { exports: {} };
    // The example's imports are packages (aws-cdk-lib, cdk-nag, and the library by its package
    // name, which this process maps to src/): resolved here, so they are this process's modules.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, require, module, file, dir);
  } finally {
    Stage.prototype.synth = synth;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return { assembly: new CloudAssembly(outdir), apps };
}
