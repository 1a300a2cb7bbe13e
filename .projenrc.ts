import { awscdk, javascript } from 'projen';
import { arrangeVerify } from './projenrc/ci';
import { addLanguageTasks, useVerifyInBuildWorkflow } from './projenrc/languages';

/**
 * cdk-multi-region-bucket: one S3 bucket in several AWS Regions.
 *
 * projen owns every generated file; edit this file and run `npx projen`.
 */

// aws-cdk-lib 2.274.0 is the first release with `cloudfront.Signing.SIGV4A_ALWAYS`
// (SigV4A Origin Access Control for Multi-Region Access Point origins). See docs/adr/0002.
const CDK_VERSION = '2.274.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-multi-region-bucket',
  packageName: 'cdk-multi-region-bucket',
  description:
    'One S3 bucket in several AWS Regions: versioned buckets, Cross-Region Replication, a Multi-Region Access Point and CloudFront with SigV4A Origin Access Control.',
  keywords: [
    'aws-cdk',
    'cdk',
    's3',
    'multi-region',
    'multi-region-access-point',
    'replication',
    'cloudfront',
    'origin-access-control',
  ],
  author: 'cdk-multi-region-bucket contributors',
  authorAddress: 'https://github.com/cdk-multi-region-bucket',
  authorOrganization: true,
  repositoryUrl: 'https://github.com/cdk-multi-region-bucket/cdk-multi-region-bucket.git',
  homepage: 'https://github.com/cdk-multi-region-bucket/cdk-multi-region-bucket',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  stability: 'experimental',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,

  // CDK: the minimum is a peer dependency range (^2.274.0); the dev copy is pinned to it
  // so that we build and test against the oldest version we claim to support.
  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.16.0',

  // Packages for every jsii language. See docs/adr/0001 for the coordinates.
  publishToPypi: {
    distName: 'cdk-multi-region-bucket',
    module: 'cdk_multi_region_bucket',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkmultiregionbucket',
    mavenGroupId: 'io.github.cdk-multi-region-bucket',
    mavenArtifactId: 'cdk-multi-region-bucket',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkMultiRegionBucket',
    packageId: 'CdkMultiRegionBucket',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-multi-region-bucket/cdk-multi-region-bucket-go',
    packageName: 'cdkmultiregionbucket',
  },

  // Tests: snapshots never update themselves (CI fails on drift); `npx projen test:update` does it.
  jestOptions: {
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      snapshotSerializers: ['<rootDir>/test/setup/asset-hash-serializer.ts'],
      // Node's default stack-trace depth, as under `cdk synth` (node-defaults.ts); and a copy of
      // every template the tests synthesize, for `lint:cfn:tests`.
      setupFilesAfterEnv: ['<rootDir>/test/setup/node-defaults.ts', '<rootDir>/test/setup/shared-validation-engine.ts', '<rootDir>/test/setup/collect-templates.ts'],
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // The example apps import the library by its package name (test/examples synthesizes them).
      moduleNameMapper: { '^cdk-multi-region-bucket$': '<rootDir>/src' },
      testTimeout: 120_000,
    },
  },

  devDeps: [
    // jest 29, not 30: see the eslint resolver pin below.
    'ts-jest@^29',
    '@types/jest@^29',
    'cdk-nag@^3.0.2',
    'aws-cdk@^2.1148.1',
    'tsconfig-paths@^4.2.0',
    // A real IAM policy evaluator for the policy simulation tests. Pinned: 0.x changes often.
    // AGPL-3.0, used only by tests and never shipped in any package.
    '@cloud-copilot/iam-simulate@0.1.173',
    // Integration tests (test/integ, ADR 0009). Pinned: integ-runner bundles its own CDK toolkit,
    // and scripts/integ-runner.js checks exactly this version before it adapts it.
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // Property-based fuzzing of MultiRegionBucket configurations (test/fuzz).
    'fast-check@^4',
    // The AWS Control Tower proactive-control rules and the cfn-guard binaries (Linux and macOS,
    // x64 and arm64) that `scan` runs over the example templates (ADR 0011). Pinned: the rules
    // change between releases, and each change must show up as a reviewed allowlist diff.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // CloudFormation resource schemas (which property changes replace a resource) for the
    // transition checker (test/lifecycle). Pinned: the database changes with every release.
    '@aws-cdk/aws-service-spec@0.1.167',
    // The CDK's programmatic toolkit: tests synthesize through it and assert on the messages that
    // `cdk synth` prints (test/util/toolkit.ts), not on construct metadata.
    '@aws-cdk/toolkit-lib@^1.43.0',
    // Automatic failover (src/failover): the state machine definition is validated against the
    // Amazon States Language schema, and its decisions are run locally with recorded responses.
    'asl-validator@^4.0.0',
    'aws-local-stepfunctions@^3.0.0',
  ],

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'scripts', 'examples', 'projenrc', 'bench'],
  },
  // The dev tsconfig of a jsii project is test/tsconfig.json; it also type-checks scripts,
  // examples (which import the library by its package name, mapped to src/) and the benchmark.
  tsconfigDev: {
    include: ['../scripts/**/*.ts', '../examples/**/*.ts', '../bench/*.ts', '../bench/apps/*.ts'],
    compilerOptions: {
      baseUrl: '..',
      paths: { 'cdk-multi-region-bucket': ['src'] },
    },
  },

  gitignore: [
    'cdk.out', 'test-templates.out', '.venv', '*.tsbuildinfo', '/bench/tmp', '.jsii.tabl.json',
    // integ-runner's working output, and the assertion handler bundle it copies into every snapshot
    // (2 MB each; the snapshot check compares templates only).
    'cdk-integ.out.*', 'test/integ/*.snapshot/asset.*',
  ],

  // GitHub workflows: build on pull requests, release to all five registries from main.
  release: true,
  githubOptions: { mergify: false },
  autoApproveUpgrades: false,
  depsUpgrade: true,
  // commit-and-tag-version (used by the release bump) wants Node 22.
  workflowNodeVersion: '22.x',
});

// jest 30 and eslint-import-resolver-typescript >= 3.10 depend on `unrs-resolver`, whose
// per-platform native bindings are missing from some registries; a lockfile written without
// them is rejected by `npm ci` elsewhere. 3.8 resolves with plain JavaScript (ADR 0001).
// (Set after construction, because the eslint component adds this dependency itself.)
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.8.0');

// Typed linting builds one TypeScript program per tsconfig (the root, test/ and each example), each
// loading aws-cdk-lib's types: over Node's default heap of about 4 GB when every folder is linted.
project.tasks.tryFind('eslint')?.env('NODE_OPTIONS', '--max-old-space-size=8192');

// Resolve imports the way each folder's tsconfig does: examples import the package by name.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', [
  './tsconfig.json',
  './test/tsconfig.json',
  './examples/*/tsconfig.json',
]);

for (const ignored of ['/examples', '/docs', '/scripts', '/bench', '/.ci', '/rosetta', 'cdk.out', '/.venv', '/test-templates.out']) {
  project.addPackageIgnore(ignored);
}

// Rosetta: every README/doc example must compile (in strict mode) so it can be translated
// into Python, Java, C# and Go. Fixtures live in rosetta/.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README and doc-comment example with jsii-rosetta (strict)',
  exec: 'jsii-rosetta extract --strict --compile --fail',
});
project.postCompileTask.spawn(rosetta);

// ts-jest runs with isolatedModules (no type checking), so type-check tests, scripts and
// examples before jest runs them.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, scripts and examples (ts-jest does not)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheck);

// The main job: synthesize the default example and print what was produced.
project.addTask('example', {
  description: 'Synthesize the default example app and print its stacks, Regions and resource counts',
  receiveArgs: true,
  exec: 'ts-node --project test/tsconfig.json scripts/synth-examples.ts',
});

// The benchmark: synthesis time and memory against the floor and a hand-written baseline, template
// sizes and deploy cost, for 2 to 17 Regions (bench/run.ts). Not part of build or test: it takes
// minutes, and it never fails on a time (only when a template exceeds a CloudFormation limit).
project.addTask('bench', {
  description: 'Measure synthesis time, memory, template sizes and deploy cost for 2 to 17 Regions against the floor and a hand-written baseline; writes bench/results.json (--quick: one run each)',
  receiveArgs: true,
  exec: 'ts-node --project test/tsconfig.json bench/run.ts',
});
// Compiled apps and synthesized output of the benchmark.
project.eslint?.addIgnorePattern('bench/tmp/');

// Every example must synthesize as part of the build.
const examples = project.addTask('examples:synth', {
  description: 'Synthesize every app under examples/ and print a summary of each',
  exec: 'ts-node --project test/tsconfig.json scripts/synth-examples.ts --all',
});
project.testTask.spawn(examples);

// The cdk-nag report of the examples (recorded while examples:synth runs them): errors, warnings
// and acknowledgements with their reasons per pack, into docs/nag-acknowledgements.md and the
// README. Fails on an unacknowledged error or an acknowledgement without a specific reason.
const nagReport = project.addTask('nag:report', {
  description: 'Report the cdk-nag errors, warnings and acknowledgements (with reasons) of every example, per pack',
  exec: 'ts-node --project test/tsconfig.json scripts/nag-report.ts',
});
project.testTask.spawn(nagReport);
project.gitattributes.addAttributes('/docs/nag-acknowledgements.md', 'linguist-generated');

// Every synthesized example template must pass cfn-lint (installed from PyPI into .venv).
const cfnLint = project.addTask('lint:cfn', {
  description: 'Run cfn-lint over every synthesized example template (installs cfn-lint into .venv)',
  receiveArgs: true,
  exec: 'bash scripts/cfn-lint.sh',
});
project.testTask.spawn(cfnLint);

// Third-party scanners over the same templates: checkov (PyPI, pinned, into .venv) and the AWS
// Control Tower proactive controls with cfn-guard (npm). A finding must be accepted, with a
// reason, in test/scanners/allowlist.json; an allowlist entry that matches nothing fails too.
const scan = project.addTask('scan', {
  description: 'Run checkov and the Control Tower proactive controls (cfn-guard) over every synthesized example template; fails on a finding not in test/scanners/allowlist.json, or a stale entry',
  receiveArgs: true,
  exec: 'ts-node --project test/tsconfig.json scripts/scanners.ts',
});
project.testTask.spawn(scan);

// ... and so must every distinct template the tests synthesize (test/setup/collect-templates.ts
// writes them while jest runs, when CFN_LINT_COLLECT_DIR is set).
const TEST_TEMPLATES = 'test-templates.out';
project.testTask.env('CFN_LINT_COLLECT_DIR', TEST_TEMPLATES);
project.testTask.prependExec(`rm -rf ${TEST_TEMPLATES}`);
project.testTask.spawn(project.addTask('lint:cfn:tests', {
  description: 'Run cfn-lint over every distinct template the jest tests synthesized (after `npx projen test`)',
  exec: `bash scripts/cfn-lint.sh ${TEST_TEMPLATES}`,
}));

// Regression drills: break each guarded area on purpose (a wildcard in a role, no TLS deny, a stack
// order that cannot deploy, an unvalidated input) in a scratch copy and show the check that fails.
project.addTask('drills', {
  description: 'Make a deliberate regression in each guarded area (scratch copy of HEAD) and show that its check fails',
  receiveArgs: true,
  exec: 'bash scripts/regression-drills.sh',
});

// Integration tests (test/integ/integ.*.ts, ADR 0009). Without an AWS account, `integ:snapshot`
// synthesizes each one and compares the stacks under test with the committed snapshot: any
// difference fails, nothing is deployed. With an account, `integ:deploy` deploys the tests whose
// snapshot changed (`--force`: all), runs their assertions, destroys them and updates the snapshots.
// scripts/integ-runner.js adapts integ-runner to the cloud assembly schema of aws-cdk-lib 2.274.
const integRunner = 'node scripts/integ-runner.js --directory test/integ --language typescript';
const integSnapshot = project.addTask('integ:snapshot', {
  description: 'Compare every integration test (test/integ) with its committed snapshot; fails on any difference (no AWS account, no deployment)',
  exec: integRunner,
});
project.testTask.spawn(integSnapshot);
project.addTask('integ:snapshot:update', {
  description: 'Rewrite the snapshots of the integration tests whose templates changed, without deploying them (review the diff)',
  exec: `${integRunner} --update-on-failed --dry-run`,
});
project.addTask('integ:deploy', {
  description: 'With AWS credentials: deploy the integration tests whose snapshot changed (--force: all), assert, destroy, update the snapshots',
  exec: `${integRunner} --update-on-failed`,
  receiveArgs: true,
});

// The other jsii languages: package-all on this machine, `verify` (what CI runs) and the consumer
// apps and README translations in Python, Go and Java (projenrc/languages.ts).
const verify = addLanguageTasks(project);

// `verify` in phases, the quick checks first (projenrc/ci.ts): a lint or README error fails CI in
// minutes, not after jest and the packages.
arrangeVerify(project, verify);

// GitHub's build workflow runs the same `verify` as .ci/run, with the toolchains it needs.
useVerifyInBuildWorkflow(project, verify);

project.synth();
