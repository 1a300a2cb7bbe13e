#!/usr/bin/env node
/**
 * Runs @aws-cdk/integ-runner with every argument given, after one adaptation (ADR 0009).
 *
 *   node scripts/integ-runner.js --directory test/integ --language typescript [...]
 *
 * integ-runner 2.197.10, the newest release on npm, bundles a CDK toolkit that reads cloud
 * assemblies up to schema 53. aws-cdk-lib 2.274.0 (our minimum: SigV4A Origin Access Control)
 * writes schema 55, so integ-runner stops on every test with "Cloud assembly schema version
 * mismatch: Maximum schema version supported is 53.x.x, but found 55.0.0". Schemas 54 and 55 only
 * add things integ-runner never reads (metadata entries for property mutations and string tags,
 * the 'destructive' approval level, the integ option 'allowDeleteFailures', the validation report).
 *
 * So this script starts integ-runner with itself preloaded (NODE_OPTIONS=--require, which also
 * reaches integ-runner's worker threads), and the preloaded copy raises the schema revision that
 * integ-runner's bundled schema module reports to the one the installed aws-cdk-lib writes. It
 * touches only integ-runner's own bundle, only that number, only for the pinned version, and it is
 * a no-op (with a notice to remove it) once integ-runner reads the schema by itself.
 *
 * It also sets, unless they are set already:
 * - TS_NODE_TRANSPILE_ONLY=true: `npx projen typecheck` type-checks the tests; type-checking each
 *   integ app again under ts-node (integ-runner synthesizes each one twice) only costs time;
 * - CDK_VALIDATION=false: aws-cdk-lib's built-in CloudFormation validation takes about 20 s of
 *   every synthesis of these apps and only reports that integ-runner's placeholder account
 *   (12345678) is not 12 digits. The examples, the unit tests and cfn-lint keep validating the
 *   templates the library writes.
 */
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');

/** The integ-runner release this adaptation was written for and checked against. */
const INTEG_RUNNER_VERSION = '2.197.10';
/** The revision the bundled schema module of that release reports. */
const BUNDLED_REVISION = 53;
/** Where that module is: one bundle that the worker threads load. */
const BUNDLE = path.join('lib', 'workers', 'extract', 'index.js');
const REVISION_LINE = /(\n\s*revision: )(\d+)(\n)/g;

const ENV_REVISION = 'CDK_MRB_INTEG_SCHEMA_REVISION';

function integRunnerDir() {
  return path.dirname(require.resolve('@aws-cdk/integ-runner/package.json'));
}

/** The schema revision that the installed aws-cdk-lib writes. */
function appSchemaRevision() {
  const lib = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  const schema = path.dirname(require.resolve('@aws-cdk/cloud-assembly-schema/package.json', { paths: [lib] }));
  return JSON.parse(fs.readFileSync(path.join(schema, 'schema', 'version.json'), 'utf-8')).revision;
}

function main() {
  const dir = integRunnerDir();
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')).version;
  if (version !== INTEG_RUNNER_VERSION) {
    console.error(`scripts/integ-runner.js was written for @aws-cdk/integ-runner ${INTEG_RUNNER_VERSION}, found ${version}: `
      + 'check whether it still needs the schema adaptation (ADR 0009), then update INTEG_RUNNER_VERSION.');
    process.exit(1);
  }
  const wanted = appSchemaRevision();
  const env = {
    ...process.env,
    TS_NODE_TRANSPILE_ONLY: process.env.TS_NODE_TRANSPILE_ONLY ?? 'true',
    CDK_VALIDATION: process.env.CDK_VALIDATION ?? 'false',
  };
  if (wanted > BUNDLED_REVISION) {
    env[ENV_REVISION] = String(wanted);
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(__filename)}`.trim();
    console.error(`integ-runner ${version} reads cloud assembly schema ${BUNDLED_REVISION}; aws-cdk-lib writes ${wanted}: adapted (scripts/integ-runner.js, ADR 0009)`);
  } else {
    console.error(`integ-runner ${version} reads schema ${BUNDLED_REVISION} and aws-cdk-lib writes ${wanted}: no adaptation needed; remove it from scripts/integ-runner.js`);
  }
  const { spawnSync } = require('child_process');
  const result = spawnSync(process.execPath, [path.join(dir, 'bin', 'integ-runner'), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}

/** Preloaded into integ-runner's processes and threads: raise the bundled schema revision. */
function preload() {
  const wanted = Number(process.env[ENV_REVISION]);
  const bundle = path.join(integRunnerDir(), BUNDLE);
  const load = Module._extensions['.js'];
  Module._extensions['.js'] = function (module, filename) {
    if (filename !== bundle) return load(module, filename);
    const source = fs.readFileSync(filename, 'utf-8');
    const found = [...source.matchAll(REVISION_LINE)].map((m) => Number(m[2]));
    if (found.length !== 1 || found[0] !== BUNDLED_REVISION) {
      throw new Error(`scripts/integ-runner.js: expected one 'revision: ${BUNDLED_REVISION}' in ${filename}, found [${found.join(', ')}]; see ADR 0009`);
    }
    module._compile(source.replace(REVISION_LINE, `$1${wanted}$3`), filename);
  };
}

if (require.main === module) {
  main();
} else if (process.env[ENV_REVISION]) {
  preload();
}
