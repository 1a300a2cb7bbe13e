import * as fs from 'fs';
import * as path from 'path';
import { awscdk, Component, Task, TaskStep } from 'projen';

/**
 * What `verify` (the README's test command, and CI) runs, in which order (docs/adr/0032, 0041, 0043).
 *
 * 1. The static checks (`checks:static`): projen's synthesis, eslint (without `--fix`) while jsii
 *    compiles, docgen and rosetta (the README snippets compile), and the committed generated files.
 * 2. Java's package, then the README's Java translations against it: a translation error fails
 *    here, in about two and a half minutes, before anything slow.
 * 3. The quick tests (`checks:tests`): the type check of the tests, the drills' check, and the
 *    quick jest suites (QUICK_SUITES).
 * 4. npm's package, then the main jest run (`test` without what the steps above ran).
 * 5. Two lanes at once, one per core (`ci:tail`): cfn-lint over the templates jest wrote, and, one
 *    after the other, the other packages (Python, Go, .NET code), the examples, cdk-nag, cfn-lint
 *    and the scanners over the examples, the integ snapshots, the Python example and the consumer
 *    apps. Every step of `test` and `package-all` runs once; `npx projen` fails if one is missing.
 */

/**
 * Jest suites that run in `checks`, before the packages and the rest of jest (which skips them).
 * A suite belongs here when it runs in seconds and checks text people edit often: the links of the
 * docs, the AWS requirements ledger, the mistakes table. Add a folder or file; one that does not
 * exist fails `npx projen`.
 */
export const QUICK_SUITES = ['test/docs', 'test/validation/mistakes.test.ts', 'test/aws-requirements'];

/**
 * jest's worker options wherever `verify` runs jest: two workers (CI machines have two cores), each
 * restarted between suites once its heap passes the limit. Without a limit each worker kept every
 * suite's copy of aws-cdk-lib and grew to 7 GB, and the suites it ran last took twice as long,
 * in the garbage collector (docs/adr/0043).
 */
export const JEST_WORKER_OPTIONS = ['--maxWorkers=2', '--workerIdleMemoryLimit=1500MB'];

/** NODE_OPTIONS of every process `verify` starts (docs/adr/0043). */
export const NODE_OPTIONS = '--max-semi-space-size=32';

/** Set by `verify` for every task it spawns: steps that `checks` already ran are skipped then. */
const VERIFY_ENV = 'VERIFY_CHECKS_RAN';
const NOT_IN_VERIFY = `node -e "if (process.env.${VERIFY_ENV}) process.exit(1)"`;
const IN_VERIFY = `node -e "if (!process.env.${VERIFY_ENV}) process.exit(1)"`;
/** Set by .ci/run, which fails on any file the build changes. */
const FAIL_ON_CHANGES = 'node -e "if (!process.env.CI_FAIL_ON_CHANGED_FILES) process.exit(1)"';

/**
 * Typed linting with three TypeScript programs instead of one per tsconfig.json: projen's default,
 * the project service, builds a program for the nearest tsconfig of each file (the root, test/,
 * scripts/, projenrc/ and each example's), each loading aws-cdk-lib's types. The root program
 * covers src/, test/tsconfig.json covers the tests, scripts, examples and the benchmark, and
 * projenrc/tsconfig.json the projen files. Measured over every folder, same findings:
 * 105 s of CPU with the project service, 36 s with these three (`time npx eslint ...`, 2 shared cores).
 */
export function lintWithThreePrograms(p: awscdk.AwsCdkConstructLibrary): void {
  const eslintrc = p.tryFindObjectFile('.eslintrc.json');
  if (!eslintrc) throw new Error('projenrc/ci.ts: no .eslintrc.json to configure');
  eslintrc.addDeletionOverride('parserOptions.projectService');
  eslintrc.addOverride('parserOptions.project', ['./tsconfig.json', './test/tsconfig.json', './projenrc/tsconfig.json']);
}

/** Gives `condition` to every step of `task` that `select` selects; returns how many. */
function conditionSteps(task: Task, select: (step: TaskStep) => boolean, condition: string): number {
  let changed = 0;
  task.steps.forEach((step, i) => {
    if (!select(step)) return;
    task.updateStep(i, { ...step, condition });
    changed++;
  });
  return changed;
}

/**
 * Makes `verify` run its steps in the phases above. `verify` comes from `addLanguageTasks`
 * (projenrc/languages.ts); its steps after `build` and `package-all` (translations, Python example,
 * consumers) keep their conditions and move to phases 3 and 5.
 */
export function arrangeVerify(p: awscdk.AwsCdkConstructLibrary, verify: Task): void {
  lintWithThreePrograms(p);
  const task = (name: string) => {
    const t = p.tasks.tryFind(name);
    if (!t) throw new Error(`projenrc/ci.ts: no task '${name}'`);
    return t;
  };
  for (const suite of QUICK_SUITES) {
    if (!fs.existsSync(path.join(__dirname, '..', suite))) throw new Error(`projenrc/ci.ts: QUICK_SUITES names ${suite}, which does not exist`);
  }

  // eslint as CI runs it: projen's task without --fix (a lint error fails instead of being fixed
  // in a clone nobody commits). Copied when projen synthesizes, once every lint pattern is known
  // (the projenrc component adds .projenrc.ts then).
  const eslint = task('eslint');
  const eslintCi = p.addTask('eslint:ci', {
    description: 'eslint as CI runs it: every folder, no --fix (fails on what `npx projen eslint` would fix)',
    env: eslint.envVars,
  });
  new (class extends Component {
    preSynthesize() {
      const step = eslint.steps[0];
      if (eslint.steps.length !== 1 || !step.execArgs?.includes('--fix')) {
        throw new Error('projenrc/ci.ts: projen\'s eslint task is no longer one `eslint --fix ...` step: update eslint:ci');
      }
      eslintCi.reset();
      eslintCi.execArgs(step.execArgs.filter((a) => a !== '--fix' && a !== '$@'));
    }
  })(p);

  const drillsCheck = p.addTask('drills:check', {
    description: 'In seconds: every regression drill\'s edit still applies, the files its check names exist and its expected text can still occur',
    exec: 'bash scripts/regression-drills.sh --check',
  });

  // Two workers: CI machines have two cores, and jest's default (one per core but one) leaves one
  // idle. JEST_WORKER_OPTIONS: see the main run below.
  const jestQuick = p.addTask('test:quick', {
    description: `The quick jest suites (${QUICK_SUITES.join(', ')}), which \`verify\` runs before the packages and the rest of jest`,
    env: { CFN_LINT_COLLECT_DIR: 'test-templates.out' },
    exec: `jest --ci --coverage=false ${JEST_WORKER_OPTIONS.join(' ')} ${QUICK_SUITES.join(' ')}`,
  });

  // The static checks, then the quick tests; `checks` runs both (what a developer runs before a
  // push), `verify` builds Java's package and checks the README's Java translations between them.
  const staticChecks = p.addTask('checks:static', {
    description: 'projen\'s synthesis, eslint while jsii compiles, docgen and rosetta (the README snippets compile), and the committed generated files (.ci/run)',
  });
  staticChecks.spawn(task('default'));
  staticChecks.spawn(task('pre-compile'));
  staticChecks.exec('rm -rf test-templates.out');
  staticChecks.exec('bash scripts/in-parallel.sh "npx projen eslint:ci" "npx projen compile && npx projen post-compile"');
  // .ci/run refuses any changed file at its end; this finds the usual ones (a stale API.md or projen
  // file) in minutes. Not in GitHub's build workflow, whose self-mutation step commits them instead.
  staticChecks.exec('git diff --exit-code', { condition: FAIL_ON_CHANGES, name: 'the generated files (projen, API.md) are committed' });
  const quickTests = p.addTask('checks:tests', {
    description: 'The type check of the tests, scripts and examples, the drills\' check and the quick jest suites',
  });
  quickTests.spawn(task('typecheck'));
  quickTests.spawn(drillsCheck);
  quickTests.spawn(jestQuick);
  const checks = p.addTask('checks', {
    description: 'Every check that takes about a minute or less, in one go: eslint while jsii compiles, docgen, rosetta, the committed generated files (.ci/run), the type check, the drills\' check and the quick jest suites',
  });
  checks.spawn(staticChecks);
  checks.spawn(quickTests);

  // `test` under `verify`: only the main jest run, without the suites `checks:tests` ran; `verify`
  // runs the rest of `test` itself (below). Outside `verify`, `test` is projen's, unchanged.
  const test = p.testTask;
  const moved = conditionSteps(test, (s) => s.spawn === 'eslint' || s.spawn === 'typecheck' || s.exec === 'rm -rf test-templates.out', NOT_IN_VERIFY);
  if (moved !== 3) throw new Error(`projenrc/ci.ts: expected the test task to have eslint, typecheck and the rm of the collected templates, found ${moved} of them`);
  const jestAt = test.steps.findIndex((s) => s.execArgs?.[0] === 'jest');
  if (jestAt < 0) throw new Error('projenrc/ci.ts: the test task has no jest step');
  const jestStep = test.steps[jestAt];
  test.updateStep(jestAt, { ...jestStep, condition: NOT_IN_VERIFY });
  const afterJest = test.steps.slice(jestAt + 1).filter((s) => s.condition === undefined);
  if (afterJest.some((s) => s.spawn === undefined)) throw new Error('projenrc/ci.ts: a step of the test task after jest is not a task: give it a task of its own, which verify can run in a lane');
  const cfnLintTests = afterJest.find((s) => s.spawn === 'lint:cfn:tests');
  if (!cfnLintTests) throw new Error('projenrc/ci.ts: the test task no longer runs lint:cfn:tests after jest');
  conditionSteps(test, (s) => afterJest.includes(s), NOT_IN_VERIFY);
  const ignored = ['/node_modules/', ...QUICK_SUITES.map((suite) => `<rootDir>/${suite.replace(/\./g, '\\.')}`)];
  test.insertStep(jestAt + 1, {
    execArgs: [...jestStep.execArgs!, ...JEST_WORKER_OPTIONS, '--testPathIgnorePatterns', ...ignored],
    receiveArgs: jestStep.receiveArgs,
    condition: IN_VERIFY,
  });

  const languageSteps = verify.steps;
  verify.reset();
  verify.env(VERIFY_ENV, '1');
  // Every ts-node script and example app that `verify` runs is type-checked once, by `typecheck` in
  // `checks:tests` (test/tsconfig.json covers scripts/ and examples/, under the root's stricter
  // options): ts-node type-checking each again cost 10 to 14 s per process (docs/adr/0041).
  verify.env('TS_NODE_TRANSPILE_ONLY', 'true');
  // A larger young generation for every Node process (jest's workers above all, which synthesize
  // thousands of apps): fewer scavenges, 13% less wall time on test/flags/transitions.test.ts (docs/adr/0043).
  verify.env('NODE_OPTIONS', NODE_OPTIONS);
  verify.spawn(staticChecks);
  // Each package once, as `package-all` builds them, but Java first and its README translations right
  // after it, before the quick tests: a translation error fails within about two and a half minutes.
  const packages = task('package-all').steps;
  const isJava = (s: TaskStep) => s.spawn?.startsWith('package:java') ?? false;
  if (packages[0]?.spawn !== 'package:js' || packages.filter(isJava).length !== 1) {
    throw new Error('projenrc/ci.ts: package-all no longer starts with package:js and has one package:java step: update the order of verify');
  }
  const afterPackages = languageSteps.filter((s) => s.spawn !== 'build' && s.spawn !== 'package-all');
  const translations = afterPackages.filter((s) => s.spawn?.startsWith('readme:translations'));
  if (translations.length === 0) throw new Error('projenrc/ci.ts: verify no longer checks a README translation');
  verify.addSteps(...packages.filter(isJava), ...translations);
  verify.spawn(quickTests);
  verify.addSteps(packages[0]);
  verify.spawn(test);

  // The rest, in two lanes: cfn-lint over the templates jest wrote (two cfn-lint processes, one per
  // core, when there are enough templates) beside everything else, one step after the other. Each
  // lane on its own is one process most of the time; together they keep both cores busy.
  const tail = p.addTask('ci:tail', {
    description: 'What `verify` runs after jest beside cfn-lint over the test templates: the other packages, the examples, cdk-nag, cfn-lint and scanners over the examples, the integ snapshots, the Python example and the consumer apps',
  });
  tail.addSteps(...packages.slice(1).filter((s) => !isJava(s)));
  tail.addSteps(...afterJest.filter((s) => s !== cfnLintTests));
  tail.addSteps(...afterPackages.filter((s) => !translations.includes(s)));
  const timed = (t: Task) => `npx ts-node --transpile-only --project scripts/tsconfig.json scripts/ci-steps.ts -- npx projen ${t.name}`;
  verify.exec(`bash scripts/in-parallel.sh "npx projen ${cfnLintTests.spawn}" "${timed(tail)}"`, { name: 'in two lanes: lint:cfn:tests, and ci:tail' });

  // The assemblies test/util/examples.ts synthesizes once per configuration (docs/adr/0041).
  p.gitignore.exclude('/test-assemblies.out');
  p.npmignore?.exclude('/test-assemblies.out');
}
