import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import * as ts from 'typescript';
import { collectTemplates } from '../setup/collect-templates';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

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
 * with CDK_OUTDIR set to a fresh directory and the context of its cdk.json, and with the
 * placeholder account (CDK_DEFAULT_ACCOUNT unset). Returns the cloud assembly.
 *
 * The example's cdk-nag packs still run, but an unacknowledged error does not stop synthesis
 * here (`@aws-cdk/core:failSynthOnValidationErrors` is false): cdk-nag is the job of
 * `examples:synth` and `nag:report`, and a policy regression must reach the simulation.
 *
 * Synthesized once per configuration, not once per suite: the assembly is kept in
 * {@link exampleAssemblyCache} under the hash of everything it is made of ({@link exampleCacheKey}),
 * and every later call, in this suite or another one, reads it from there (docs/adr/0041). Its
 * templates are collected for `lint:cfn:tests` either way.
 */
export function synthExample(name: string): CloudAssembly {
  const cache = exampleAssemblyCache();
  if (cache === undefined) return synthExampleInto(name, fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`)));
  const cached = path.join(cache, `${name}-${exampleCacheKey(name)}`);
  if (!fs.existsSync(path.join(cached, 'manifest.json'))) {
    fs.mkdirSync(cache, { recursive: true });
    const scratch = fs.mkdtempSync(path.join(cache, `.${name}-`));
    synthExampleInto(name, scratch);
    if (!fs.existsSync(path.join(scratch, 'manifest.json'))) {
      throw new Error(`example '${name}' wrote no cloud assembly (was its app.ts already loaded in this suite, and ${cached} deleted since?)`);
    }
    try {
      // Atomic: a suite in another jest worker sees the whole assembly or none.
      fs.renameSync(scratch, cached);
    } catch (e) {
      // Another worker synthesized the same configuration first: the same content, keep theirs.
      if (!fs.existsSync(path.join(cached, 'manifest.json'))) throw e;
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  const assembly = new CloudAssembly(cached);
  collectTemplates(assembly);
  return assembly;
}

/**
 * Where {@link synthExample} keeps the assemblies it synthesized: `test-assemblies.out` at the
 * root (ignored by git), or the directory in EXAMPLE_ASSEMBLY_CACHE; `EXAMPLE_ASSEMBLY_CACHE=off`
 * synthesizes on every call (undefined).
 */
export function exampleAssemblyCache(): string | undefined {
  const setting = process.env.EXAMPLE_ASSEMBLY_CACHE;
  if (setting === 'off') return undefined;
  return path.resolve(ROOT, setting || 'test-assemblies.out');
}

/** Bump when what {@link synthExampleInto} does changes in a way the key does not see. */
const CACHE_FORMAT = 'example-assembly-1';
/** The packages an example app loads besides the library, whose versions enter the key. */
const KEY_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag'];
let libraryHash: string | undefined;

/**
 * What an example's assembly is made of, as a hash: this function's format, the example's own files
 * (app.ts, cdk.json with its context and flags, tsconfig.json, ...), every file of the library's
 * src/, package-lock.json, and the versions of aws-cdk-lib, constructs and cdk-nag that
 * node_modules holds. A change to any of them is a new configuration, synthesized afresh.
 */
export function exampleCacheKey(name: string): string {
  if (libraryHash === undefined) {
    const library = crypto.createHash('sha256').update(CACHE_FORMAT);
    for (const pkg of KEY_PACKAGES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      library.update(`${pkg}@${require(`${pkg}/package.json`).version}\n`);
    }
    library.update(fs.readFileSync(path.join(ROOT, 'package-lock.json')));
    hashFiles(library, path.join(ROOT, 'src'));
    libraryHash = library.digest('hex');
  }
  const key = crypto.createHash('sha256').update(libraryHash);
  hashFiles(key, path.join(EXAMPLES, name));
  return key.digest('hex').slice(0, 16);
}

/** Every file under `dir` (but cdk.out and node_modules), path and content, in a fixed order. */
function hashFiles(hash: crypto.Hash, dir: string): void {
  const files = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !/[\\/](cdk\.out|node_modules|\.venv)[\\/]/.test(path.relative(path.dirname(dir), file)))
    .sort();
  for (const file of files) {
    hash.update(`${path.relative(ROOT, file)}\0`).update(fs.readFileSync(file)).update('\0');
  }
}

/** Runs the example's `app.ts` in this process with CDK_OUTDIR `outdir`; returns the assembly. */
function synthExampleInto(name: string, outdir: string): CloudAssembly {
  const dir = path.join(EXAMPLES, name);
  const cdkJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf-8'));
  const env = { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, '@aws-cdk/core:failSynthOnValidationErrors': false }) };
  const saved = Object.fromEntries(['CDK_OUTDIR', 'CDK_CONTEXT_JSON', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'].map((k) => [k, process.env[k]]));
  try {
    Object.assign(process.env, env);
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    // Each example is a different module, required once per module registry: it synthesizes as it loads.
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
