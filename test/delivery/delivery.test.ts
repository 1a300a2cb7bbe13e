import * as fs from 'fs';
import { join } from 'path';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import fc from 'fast-check';
import { DeliveryModel, discoverDelivery } from './delivery-model';
import { DeliveryPath, deliveryPaths, Leg, PATH_KINDS } from './delivery-paths';
import { fuzzConfiguration, summarize } from '../fuzz/configurations';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { typeScriptExamples, synthExample } from '../util/examples';
import { configurationApp, crossAccountAccessPointApp, FEATURE_CONFIGURATIONS } from '../util/feature-apps';
import { Decision, simulate } from '../util/iam-simulation';
import { withSurrogate } from '../util/kms-encryption-context';
import { ResolvedAssembly } from '../util/resolve';

/**
 * The delivery matrix: every path on which one AWS service acts on another resource of the app
 * (see delivery-paths.ts), evaluated leg by leg with a real IAM evaluator, over every TypeScript
 * example and a handful of fuzz configurations. Each path must be Allowed; each neighbour (the
 * same request from another distribution, another account's alarm, another bucket) Denied.
 */

/** Configurations that reach what no example does: writes through the access point, Object Lock, alarm topics. */
const CHOSEN = FEATURE_CONFIGURATIONS;
/** Random valid configurations (fixed seed) of at most four Regions: the matrix grows with the square of the Regions. */
const SAMPLED = fc.sample(fuzzConfiguration.filter((c) => c.regions.length <= 4), { seed: 15, numRuns: 4 });


interface App15 { readonly name: string; readonly model: DeliveryModel; readonly paths: DeliveryPath[]; readonly synthMs: number }

function measured(name: string, build: () => ResolvedAssembly): App15 {
  const start = Date.now();
  const model = discoverDelivery(build());
  return { name, model, paths: deliveryPaths(model), synthMs: Date.now() - start };
}

const apps: App15[] = [
  ...typeScriptExamples().map((name) => measured(`example ${name}`, () => new ResolvedAssembly(synthExample(name)))),
  ...CHOSEN.map((c) => measured(`fuzz: ${c.name}`, () => configurationApp('Fuzz', c.configuration, c.extra))),
  ...SAMPLED.map((c, i) => measured(`fuzz sample ${i + 1}: ${summarize(c)}`, () => configurationApp('Fuzz', c))),
  measured('L2s: an access point over an SSE-KMS bucket of another account, CloudFront reads, writes and deletes', () => crossAccountAccessPointApp([cloudfront.AccessLevel.READ, cloudfront.AccessLevel.WRITE, cloudfront.AccessLevel.DELETE])),
];

function evaluate(leg: Leg): Promise<Decision> {
  const request = leg.kms ? withSurrogate(leg) : leg;
  return leg.via === 'access point' ? simulateThroughAccessPoint(request) : simulate(request);
}

interface Cell { readonly app: string; readonly path: DeliveryPath; readonly actual: 'Allowed' | 'Denied'; readonly detail: string }

async function run(app: string, path: DeliveryPath): Promise<Cell> {
  const verdicts = await Promise.all(path.legs.map(async (leg) => ({ leg, decision: await evaluate(leg) })));
  const failedChecks = (path.checks ?? []).filter((c) => !c.ok);
  const denied = verdicts.filter((v) => v.decision !== 'Allowed');
  const actual = denied.length === 0 && failedChecks.length === 0 ? 'Allowed' : 'Denied';
  const detail = [
    ...denied.map((v) => `${v.leg.leg}: ${v.leg.action} on ${v.leg.resource} by ${v.leg.principal} ${v.decision}`),
    ...failedChecks.map((c) => `check failed: ${c.name}`),
  ].join('; ');
  return { app, path, actual, detail: detail || `${path.legs.length} legs allowed${path.checks?.length ? `, ${path.checks.length} checks hold` : ''}` };
}

function format(cells: Cell[]): string {
  const rows = cells.map((c) => [c.path.kind, c.path.name, c.path.expected, c.actual, c.actual === c.path.expected ? 'ok' : 'MISMATCH', c.detail]);
  const header = ['path', 'which', 'expected', 'actual', '', 'legs'];
  const widths = header.slice(0, 5).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i < 5 ? v.padEnd(widths[i]) : v)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const results = new Map<string, Cell[]>();
const evaluationMs = new Map<string, number>();

afterAll(() => {
  if (results.size === 0) return;
  const cells = [...results.values()].flat();
  for (const app of apps) {
    const own = results.get(app.name) ?? [];
    console.log(`Delivery matrix of ${app.name}: ${own.length} paths (synth + model ${app.synthMs} ms, evaluation ${evaluationMs.get(app.name)} ms)\n${format(own)}`);
  }
  const byKind = PATH_KINDS.map((k) => `${k}: ${cells.filter((c) => c.path.kind === k).length}`).join('\n  ');
  const wrong = cells.filter((c) => c.actual !== c.path.expected).length;
  console.log(`${wrong === 0 ? summary() : `delivery matrix: ${wrong} of ${cells.length} paths NOT as expected`}\n  ${byKind}`);
});

/** The line docs/testing.md quotes; a test checks that it does. */
function summary(): string {
  const paths = apps.flatMap((a) => a.paths);
  const legs = paths.reduce((sum, p) => sum + p.legs.length, 0);
  return `delivery matrix: ${paths.length} paths (${legs} policy evaluations) over ${apps.length} apps, all as expected`;
}

test('docs/testing.md reports the size of the matrix', () => {
  const readme = fs.readFileSync(join(__dirname, '..', '..', 'docs', 'testing.md'), 'utf-8');
  expect(readme).toContain(summary());
});

describe.each(apps.map((a) => [a.name, a] as const))('delivery paths of %s', (name, app) => {
  test('every delivery path works, every neighbour is denied', async () => {
    const start = Date.now();
    const cells: Cell[] = [];
    for (const path of app.paths) cells.push(await run(name, path));
    evaluationMs.set(name, Date.now() - start);
    results.set(name, cells);
    const wrong = cells.filter((c) => c.actual !== c.path.expected);
    if (wrong.length > 0) throw new Error(`${wrong.length} of ${cells.length} delivery paths not as expected:\n${format(wrong)}`);
  });
});

test('the matrix covers every kind of path, and each has a neighbour that is denied', () => {
  const paths = apps.flatMap((a) => a.paths);
  for (const kind of PATH_KINDS) {
    expect({ kind, allowed: paths.some((p) => p.kind === kind && p.expected === 'Allowed') }).toEqual({ kind, allowed: true });
    expect({ kind, denied: paths.some((p) => p.kind === kind && p.expected === 'Denied') }).toEqual({ kind, denied: true });
  }
});

test('a path fails when a leg is denied or a check does not hold (the harness can fail)', async () => {
  const path = apps.flatMap((a) => a.paths).find((p) => p.kind === PATH_KINDS[0] && p.expected === 'Allowed')!;
  const withoutTopicPolicy: DeliveryPath = { ...path, legs: path.legs.map((l) => (l.leg === 'topic policy' ? { ...l, resourcePolicy: undefined } : l)) };
  expect((await run('harness', withoutTopicPolicy)).actual).toBe('Denied');
  expect((await run('harness', { ...path, checks: [{ name: 'a fact that does not hold', ok: false }] })).actual).toBe('Denied');
});
