import { awscdk, github, Task } from 'projen';

/**
 * The other jsii languages: how each package is built on a machine that may lack a toolchain or
 * a registry release, the `verify` task that CI (`.ci/run` and GitHub's build workflow) runs,
 * and the checks that the library works from Python, Go and Java.
 */

/**
 * A task condition that holds when `command args...` runs (projen runs conditions in its own
 * portable shell, which has no `command -v`: ask node instead).
 */
function whenCommand(present: boolean, command: string, ...args: string[]): string {
  const ok = `require('child_process').spawnSync('${command}', ${JSON.stringify(args).replace(/"/g, "'")}).status === 0`;
  return `node -e "process.exit(${ok} ? ${present ? 0 : 1} : ${present ? 1 : 0})"`;
}

/** Holds in CI (`CI` set), where `verify` packages every language itself. */
const IN_CI = 'node -e "if (!process.env.CI) process.exit(1)"';

/** Redefines `package-all` for this machine, and adds `verify` and the language checks; returns `verify`. */
export function addLanguageTasks(project: awscdk.AwsCdkConstructLibrary): Task {
  // Language packages that can be built on a machine without a .NET SDK. The .NET code is
  // generated (not compiled) so that a broken C# surface still fails here; the real
  // `package:dotnet` runs in the release workflow, where the SDK exists.
  const dotnetCode = project.addTask('package:dotnet-code', {
    description: 'Generate the .NET source (no .NET SDK needed) into dist/dotnet-code',
    exec: 'jsii-pacmak --target dotnet --code-only --outdir dist/dotnet-code',
  });

  // `package-all` (run by `build` outside CI) would call `package:dotnet`, which needs a .NET SDK.
  // Where there is none, generate the C# code instead so the C# surface is still checked.
  //
  // Java and Go go through scripts/package-jsii-target.sh: it runs the real `jsii-pacmak` when the
  // registry serves aws-cdk-lib at our version. Otherwise Go builds against the oldest aws-cdk-go
  // release at or above our minimum that the proxy serves (and fails if there is none), and Java,
  // where Maven serves nothing at the minimum, is only compiled, with no jar (docs/adr/0002).
  const packageAll = project.tasks.tryFind('package-all')!;
  packageAll.reset();
  packageAll.spawn(project.tasks.tryFind('package:js')!);
  packageAll.spawn(project.tasks.tryFind('package:python')!);
  for (const target of ['java', 'go']) {
    packageAll.spawn(
      project.addTask(`package:${target}:local`, {
        description: `package:${target}, or where the registry lacks our aws-cdk-lib version, the ${target} code built against what it serves (never below the minimum for a package)`,
        exec: `bash scripts/package-jsii-target.sh ${target}`,
      }),
    );
  }
  packageAll.spawn(project.tasks.tryFind('package:dotnet')!, { condition: whenCommand(true, 'dotnet', '--version') });
  packageAll.spawn(dotnetCode, { condition: whenCommand(false, 'dotnet', '--version') });

  // The test command in the README: everything CI checks, from a clean clone. With CI set,
  // `build` packages only npm (GitHub's build workflow packages the rest in parallel jobs),
  // so `verify` adds every other language.
  const verify = project.addTask('verify', {
    description: 'Everything CI checks: build, test, examples, the package of every language and the consumer apps',
  });
  verify.spawn(project.buildTask);
  verify.spawn(packageAll, { condition: IN_CI });

  // The Python example runs against the wheel just built, and must synthesize what the
  // TypeScript example does.
  verify.spawn(project.addTask('examples:python', {
    description: 'Synthesize examples/python-app with the built wheel and compare it with examples/active-active-site',
    exec: 'bash scripts/python-example.sh',
  }));

  // The consumer apps (examples/consumers): the building blocks used from each language, against
  // the packages just built, must synthesize what the TypeScript app does. Python always (the
  // wheel is built everywhere); Go and Java where their toolchains exist (the script skips a
  // language without one, and says so).
  verify.spawn(project.addTask('consumers', {
    description: 'Synthesize the consumer apps (examples/consumers) in Python, Go and Java against the local packages and compare each with the TypeScript one',
    exec: 'ts-node --project test/tsconfig.json scripts/consumer-apps.ts python go java',
  }));

  // The README snippets as jsii-rosetta translates them (.jsii.tabl.json, from rosetta:extract)
  // must compile against the packages built here. Java in `verify`; Go on its own, because
  // rosetta's Go translator has defects no snippet avoids (scripts/check-translations.ts).
  const translations = (language: string) => project.addTask(`readme:translations:${language}`, {
    description: `Compile the ${language} translations of the README snippets against the local ${language} package`,
    exec: `ts-node --project test/tsconfig.json scripts/check-translations.ts ${language}`,
  });
  verify.spawn(translations('java'), { condition: whenCommand(true, 'javac', '-version') });
  translations('go');

  return verify;
}

/**
 * Makes GitHub's build workflow run `verify` (what .ci/run runs) instead of `build`, with the
 * Python, Java and Go toolchains that `verify` uses.
 *
 * projen's BuildWorkflow takes its task from the project (`buildTask`) and offers no option to
 * change it; its steps are rendered lazily from these two fields, so they are set here, and this
 * fails at synth time if a projen upgrade renames them.
 */
export function useVerifyInBuildWorkflow(project: awscdk.AwsCdkConstructLibrary, verify: Task): void {
  const workflow = project.buildWorkflow as unknown as { buildTask?: Task; preBuildSteps?: github.workflows.JobStep[] } | undefined;
  if (workflow?.buildTask !== project.buildTask || !Array.isArray(workflow.preBuildSteps)) {
    throw new Error('projen\'s BuildWorkflow no longer has the buildTask/preBuildSteps fields projenrc/languages.ts replaces: update useVerifyInBuildWorkflow');
  }
  workflow.buildTask = verify;
  workflow.preBuildSteps.push(
    { name: 'Setup Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.11' } },
    { name: 'Setup Java', uses: 'actions/setup-java@v4', with: { 'distribution': 'temurin', 'java-version': '17' } },
    { name: 'Setup Go', uses: 'actions/setup-go@v5', with: { 'go-version': '1.26' } },
  );
}
