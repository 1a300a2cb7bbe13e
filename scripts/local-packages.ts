/**
 * Where package:go:local and package:java:local leave the Go module and the compiled Java code,
 * for the checks that build against them (scripts/consumer-apps.ts, scripts/check-translations.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');
/** Scratch space of these checks (under dist/, which git ignores). */
export const SCRATCH = path.join(ROOT, 'dist', 'consumers');

export const GO_MODULE = 'github.com/cdk-multi-region-bucket/cdk-multi-region-bucket-go/cdkmultiregionbucket';

export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf-8' });
}

/**
 * Copies a Go app into `work` (so that `go mod tidy` never edits a committed go.mod), points it at
 * the library module that package:go:local built, and tidies it.
 */
export function prepareGoApp(source: string, work: string): void {
  // package:go:local leaves the real module in dist/go, or the one built against another
  // aws-cdk-go release in dist/go-compile-check/go.
  const library = [path.join(ROOT, 'dist', 'go-compile-check', 'go', 'cdkmultiregionbucket'), path.join(ROOT, 'dist', 'go', 'cdkmultiregionbucket')]
    .find((dir) => fs.existsSync(path.join(dir, 'go.mod')));
  if (library === undefined) throw new Error('no Go module in dist/go or dist/go-compile-check/go: run package:go:local first');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(source, work, { recursive: true });
  // The aws-cdk-go release the library was built against, not the newest the proxy serves.
  const awsCdkGo = /github\.com\/aws\/aws-cdk-go\/awscdk\/v2 (v\S+)/.exec(fs.readFileSync(path.join(library, 'go.mod'), 'utf-8'))?.[1];
  if (awsCdkGo === undefined) throw new Error(`${library}/go.mod requires no aws-cdk-go`);
  run('go', ['mod', 'edit', `-replace=${GO_MODULE}=${library}`, `-require=github.com/aws/aws-cdk-go/awscdk/v2@${awsCdkGo}`], work);
  run('go', ['mod', 'tidy'], work);
}

/**
 * The Java code of package:java:local and its dependencies, and the aws-cdk-lib version among
 * them: the real package (dist/java, a Maven repository layout: its jar and pom) where the
 * registry served our aws-cdk-lib, otherwise the compile check's classes (dist/java-compile-check).
 */
export function javaClasspath(): { classpath: string; awsCdkLib: string } {
  const check = path.join(ROOT, 'dist', 'java-compile-check', 'java');
  let code: string;
  let pom: string;
  if (fs.existsSync(path.join(check, 'target', 'classes'))) {
    code = path.join(check, 'target', 'classes');
    pom = path.join(check, 'pom.compile-check.xml');
  } else {
    const jar = findFiles(path.join(ROOT, 'dist', 'java'), /^cdk-multi-region-bucket-[\d.]+\.jar$/)[0];
    if (jar === undefined) throw new Error('no Java package in dist/java nor compiled code in dist/java-compile-check: run package:java:local first');
    code = jar;
    pom = jar.replace(/\.jar$/, '.pom');
  }
  const cpFile = path.join(SCRATCH, 'java.classpath');
  fs.mkdirSync(SCRATCH, { recursive: true });
  run('mvn', ['-B', '-q', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], path.dirname(pom));
  const classpath = [code, fs.readFileSync(cpFile, 'utf-8').trim()].join(path.delimiter);
  const awsCdkLib = /aws-cdk-lib-(\d+\.\d+\.\d+)\.jar/.exec(classpath)?.[1];
  if (awsCdkLib === undefined) throw new Error('no aws-cdk-lib jar on the Java classpath');
  return { classpath, awsCdkLib };
}

function findFiles(dir: string, name: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, name);
    return name.test(entry.name) ? [full] : [];
  });
}
