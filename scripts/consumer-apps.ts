/**
 * Consumer checks in the other jsii languages: the same small app (examples/consumers/), written
 * with the building blocks (RegionalBucket, ReplicationMesh, MultiRegionAccessPoint,
 * SecureDistribution with a MultiRegionAccessPointOrigin), is synthesized in TypeScript (the
 * reference, from src/) and in each language named, against the package built locally, and each
 * cloud assembly must have the reference's stacks and resources (types, properties, policies).
 *
 *   ts-node scripts/consumer-apps.ts python go java    (npx projen consumers, in verify)
 *
 * python needs package:python and examples/python-app/.venv (scripts/python-example.sh); go needs
 * package:go:local; java needs package:java:local. A language whose toolchain is missing is
 * skipped, and says so.
 *
 * Java: where Maven serves no aws-cdk-lib at our minimum, package:java:local only compiles the
 * generated code against an older aws-cdk-lib (no jar). The Java app is then compiled against
 * that, and run: it must stop with the library's "cannot sign SigV4A" error, because its
 * aws-cdk-lib predates 2.274.0. That is the guard working in Java, but no synth output to compare.
 */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { javaClasspath, prepareGoApp, ROOT, run, SCRATCH as OUT } from './local-packages';

const APPS = path.join(ROOT, 'examples', 'consumers');

/** What every consumer app must synthesize: resource types and how many of each, over all stacks. */
const REQUIRED_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::OriginAccessControl',
];

/** Synthesizes one app into dist/consumers/<name>.out and returns its directory and seconds. */
function synth(name: string, command: string, args: string[], cwd: string): string {
  const outdir = path.join(OUT, `${name}.out`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  run(command, args, cwd, { CDK_OUTDIR: outdir });
  console.log(`${name}: synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return outdir;
}

function typeCounts(outdir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const stack of new CloudAssembly(outdir).stacksRecursively) {
    for (const resource of Object.values<any>(stack.template.Resources ?? {})) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
  }
  return counts;
}

/** The reference must have every building block, and sign SigV4A; otherwise the comparison proves little. */
function checkReference(outdir: string): void {
  const counts = typeCounts(outdir);
  const missing = REQUIRED_TYPES.filter((type) => !counts.get(type));
  if (missing.length > 0) throw new Error(`the TypeScript consumer app synthesized no ${missing.join(', ')}`);
  const signing = new CloudAssembly(outdir).stacksRecursively.flatMap((s) => Object.values<any>(s.template.Resources ?? {}))
    .filter((r) => r.Type === 'AWS::CloudFront::OriginAccessControl')
    .map((r) => r.Properties.OriginAccessControlConfig.SigningProtocol);
  if (signing.some((protocol) => protocol !== 'sigv4a')) throw new Error(`the Origin Access Control signs ${signing.join(', ')}, not sigv4a`);
}

function compare(reference: string, outdir: string): void {
  execFileSync('npx', ['ts-node', '--project', 'test/tsconfig.json', 'scripts/compare-assemblies.ts', reference, outdir], { cwd: ROOT, stdio: 'inherit' });
  const summary = [...typeCounts(outdir)].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${n} ${t}`).join(', ');
  console.log(`  resources: ${summary}`);
}

function python(reference: string): void {
  const venvPython = path.join(ROOT, 'examples', 'python-app', '.venv', 'bin', 'python');
  if (!fs.existsSync(venvPython)) throw new Error('no examples/python-app/.venv: run scripts/python-example.sh first (it installs the wheel)');
  compare(reference, synth('python', venvPython, ['app.py'], path.join(APPS, 'python')));
}

function go(reference: string): void {
  const work = path.join(OUT, 'go-app');
  prepareGoApp(path.join(APPS, 'go'), work);
  run('go', ['vet', '.'], work);
  run('go', ['build', '-o', 'consumer', '.'], work);
  compare(reference, synth('go', path.join(work, 'consumer'), [], work));
}

function java(reference: string): void {
  const { classpath, awsCdkLib: resolved } = javaClasspath();
  const classes = path.join(OUT, 'java-app-classes');
  fs.rmSync(classes, { recursive: true, force: true });
  const sources = execSync('find src -name "*.java"', { cwd: path.join(APPS, 'java'), encoding: 'utf-8' }).trim().split('\n');
  run('javac', ['-d', classes, '-cp', classpath, ...sources], path.join(APPS, 'java'));
  console.log('java: the consumer app compiles against the generated Java code');
  const [, minor] = resolved.split('.').map(Number);
  if (minor >= 274) {
    compare(reference, synth('java', 'java', ['-cp', [classes, classpath].join(path.delimiter), 'com.example.consumer.ConsumerApp'], path.join(APPS, 'java')));
    return;
  }
  // Below the minimum: the library must refuse to synthesize (it cannot sign SigV4A there).
  try {
    execFileSync('java', ['-cp', [classes, classpath].join(path.delimiter), 'com.example.consumer.ConsumerApp'], {
      env: { ...process.env, CDK_OUTDIR: path.join(OUT, 'java.out') }, stdio: 'pipe', encoding: 'utf-8',
    });
  } catch (e: any) {
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    if (!/needs an Origin Access Control that signs SigV4A.*older than 2\.274\.0/.test(output)) {
      throw new Error(`java: with aws-cdk-lib ${resolved} the app failed, but not with the SigV4A error:\n${output.slice(-3000)}`);
    }
    console.log(`java: with aws-cdk-lib ${resolved} (below the minimum 2.274.0, the newest this Maven repository serves) the app stops with the SigV4A error, as it must; no synth output to compare`);
    return;
  }
  throw new Error(`java: with aws-cdk-lib ${resolved}, which cannot sign SigV4A, the app synthesized anyway`);
}

/** True when `command args...` runs: the toolchain of a language is there. */
function hasToolchain(command: string, ...args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function main(languages: string[]): void {
  const checks: Record<string, { check: (reference: string) => void; toolchain?: string[] }> = {
    python: { check: python },
    go: { check: go, toolchain: ['go', 'version'] },
    java: { check: java, toolchain: ['javac', '-version'] },
  };
  const unknown = languages.filter((l) => !(l in checks));
  if (languages.length === 0 || unknown.length > 0) {
    console.error(`usage: consumer-apps.ts ${Object.keys(checks).join('|')}...`);
    process.exit(2);
  }
  const present = languages.filter((l) => {
    const toolchain = checks[l].toolchain;
    if (toolchain && !hasToolchain(toolchain[0], ...toolchain.slice(1))) {
      console.log(`${l}: skipped, no ${toolchain[0]} on this machine`);
      return false;
    }
    return true;
  });
  const reference = synth('typescript', 'npx', ['ts-node', '--project', '../../../test/tsconfig.json', '-r', 'tsconfig-paths/register', 'app.ts'], path.join(APPS, 'typescript'));
  checkReference(reference);
  for (const language of present) {
    const started = Date.now();
    checks[language].check(reference);
    console.log(`${language}: checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main(process.argv.slice(2));
