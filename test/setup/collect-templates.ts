/**
 * Collects every CloudFormation template that a test synthesizes, so that cfn-lint can check the
 * templates of every test app, not only those of the examples (`npx projen lint:cfn:tests`).
 *
 * Active only when CFN_LINT_COLLECT_DIR is set (the `test` task sets it). Every assembly a test
 * synthesizes (`app.synth()`, `Template.fromStack`, ...) goes through `Stage.synth`; each stack
 * template is written once, named by the hash of its content, so the thousands of synths of the
 * suite reduce to the distinct templates. A stack without resources is left out: CloudFormation
 * refuses such a template, and `cdk deploy` skips the stack instead of sending it (a test may
 * synthesize one on purpose, as test/util/toolkit.test.ts does).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

const dir = process.env.CFN_LINT_COLLECT_DIR;

/** The file body to lint for a stack's template, or undefined for a stack that is never deployed. */
export function templateToLint(template: any): string | undefined {
  if (Object.keys(template?.Resources ?? {}).length === 0) return undefined;
  return JSON.stringify(template, undefined, 1);
}

/**
 * Writes every template of `assembly` into the collection (when CFN_LINT_COLLECT_DIR is set): what
 * every synthesis does, and what test/util/examples.ts does for an assembly it reuses from its cache.
 */
export function collectTemplates(assembly: CloudAssembly): void {
  if (!dir) return;
  for (const stack of assembly.stacksRecursively) {
    const body = templateToLint(stack.template);
    if (body === undefined) continue;
    const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
    const file = path.join(dir, `${hash}.template.json`);
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, body);
    }
  }
}

let paused = 0;

/**
 * Runs `fn` without collecting what it synthesizes: for a test that synthesizes a template
 * CloudFormation would refuse, on purpose (test/setup/shared-validation-engine.test.ts).
 */
export function withoutCollecting<T>(fn: () => T): T {
  paused++;
  try {
    return fn();
  } finally {
    paused--;
  }
}

if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const synth = Stage.prototype.synth;
  Stage.prototype.synth = function collectingSynth(this: Stage, ...args: Parameters<Stage['synth']>) {
    const assembly = synth.apply(this, args);
    if (paused === 0) collectTemplates(assembly);
    return assembly;
  };
}
