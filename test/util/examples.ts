import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

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
