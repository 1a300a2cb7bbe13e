import * as fs from 'fs';
import * as path from 'path';
import { awscdk, Component, Task, TaskStep } from 'projen';

/**
 * What `verify` (the README's test command, and CI) runs, in which order (docs/adr/0032).
 *
 * 1. `checks`: everything that takes under a minute or so and fails often, before anything slow:
 *    projen's synthesis, eslint (without `--fix`) while jsii compiles, docgen and rosetta (the README
 *    snippets compile), the type check of the tests, the committed generated files (.ci/run), the drills'
 *    check, and the quick jest suites (QUICK_SUITES).
 * 2. npm's and Java's packages, then the README's Java translations against the Java package.
 * 3. The other packages of `package-all` (Python, Go, .NET code): each language's package once;
 *    the consumer apps reuse them.
 * 4. `test` without what `checks` ran (eslint, typecheck): jest, the examples, nag, cfn-lint, scanners, integ.
 * 5. The Python example and the consumer apps, against the packages of steps 2 and 3.
 */

/**
 * Jest suites that run in `checks`, before the packages and the rest of jest (which skips them).
 * A suite belongs here when it runs in seconds and checks text people edit often: the links of the
 * docs, the AWS requirements ledger, the mistakes table. Add a folder or file; one that does not
 * exist fails `npx projen`.
 */
export const QUICK_SUITES = ['test/docs', 'test/validation/mistakes.test.ts', 'test/aws-requirements'];

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

  const jestQuick = p.addTask('test:quick', {
    description: `The quick jest suites (${QUICK_SUITES.join(', ')}), which \`verify\` runs before the packages and the rest of jest`,
    env: { CFN_LINT_COLLECT_DIR: 'test-templates.out' },
    exec: `jest --ci --coverage=false ${QUICK_SUITES.join(' ')}`,
  });

  const checks = p.addTask('checks', {
    description: 'Every check that takes about a minute or less, in one go: eslint while jsii compiles, docgen, rosetta, the type check, the committed generated files (.ci/run), the drills\' check and the quick jest suites',
  });
  checks.spawn(task('default'));
  checks.spawn(task('pre-compile'));
  checks.exec('rm -rf test-templates.out');
  checks.exec('bash scripts/in-parallel.sh "npx projen eslint:ci" "npx projen compile && npx projen post-compile"');
  checks.spawn(task('typecheck'));
  // .ci/run refuses any changed file at its end; this finds the usual ones (a stale API.md or projen
  // file) in minutes. Not in GitHub's build workflow, whose self-mutation step commits them instead.
  checks.exec('git diff --exit-code', { condition: FAIL_ON_CHANGES, name: 'the generated files (projen, API.md) are committed' });
  checks.spawn(drillsCheck);
  checks.spawn(jestQuick);

  // `test` under `verify`: without what `checks` ran, and without the quick suites.
  const test = p.testTask;
  const moved = conditionSteps(test, (s) => s.spawn === 'eslint' || s.spawn === 'typecheck' || s.exec === 'rm -rf test-templates.out', NOT_IN_VERIFY);
  if (moved !== 3) throw new Error(`projenrc/ci.ts: expected the test task to have eslint, typecheck and the rm of the collected templates, found ${moved} of them`);
  const jestAt = test.steps.findIndex((s) => s.execArgs?.[0] === 'jest');
  if (jestAt < 0) throw new Error('projenrc/ci.ts: the test task has no jest step');
  const jestStep = test.steps[jestAt];
  test.updateStep(jestAt, { ...jestStep, condition: NOT_IN_VERIFY });
  // Under `verify`: the suites `checks` did not run, with two workers (CI machines have two cores;
  // jest's default of one worker per core but one leaves one idle).
  const ignored = ['/node_modules/', ...QUICK_SUITES.map((suite) => `<rootDir>/${suite.replace(/\./g, '\\.')}`)];
  test.insertStep(jestAt + 1, {
    execArgs: [...jestStep.execArgs!, '--maxWorkers=2', '--testPathIgnorePatterns', ...ignored],
    receiveArgs: jestStep.receiveArgs,
    condition: IN_VERIFY,
  });

  const languageSteps = verify.steps;
  verify.reset();
  verify.env(VERIFY_ENV, '1');
  // Every ts-node script and example app that `verify` runs is type-checked once, by `typecheck` in
  // `checks` (test/tsconfig.json covers scripts/ and examples/, under the root's stricter options):
  // ts-node type-checking each again cost 10 to 14 s per process (docs/adr/0041).
  verify.env('TS_NODE_TRANSPILE_ONLY', 'true');
  verify.spawn(checks);
  // Each package once, as `package-all` builds them, but Java right after npm and its README
  // translations right after it: a translation error fails within about 3 minutes, before the
  // Python, Go and .NET packages (docs/adr/0041).
  const packages = task('package-all').steps;
  const isJava = (s: TaskStep) => s.spawn?.startsWith('package:java') ?? false;
  if (packages[0]?.spawn !== 'package:js' || packages.filter(isJava).length !== 1) {
    throw new Error('projenrc/ci.ts: package-all no longer starts with package:js and has one package:java step: update the order of verify');
  }
  const afterPackages = languageSteps.filter((s) => s.spawn !== 'build' && s.spawn !== 'package-all');
  const translations = afterPackages.filter((s) => s.spawn?.startsWith('readme:translations'));
  if (translations.length === 0) throw new Error('projenrc/ci.ts: verify no longer checks a README translation');
  verify.addSteps(packages[0], ...packages.filter(isJava), ...translations);
  verify.addSteps(...packages.slice(1).filter((s) => !isJava(s)));
  verify.spawn(test);
  verify.addSteps(...afterPackages.filter((s) => !translations.includes(s)));

  // The assemblies test/util/examples.ts synthesizes once per configuration (docs/adr/0041).
  p.gitignore.exclude('/test-assemblies.out');
  p.npmignore?.exclude('/test-assemblies.out');
}
