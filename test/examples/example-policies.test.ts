import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { exampleCases, ExampleCase, unboundedStatements } from './example-cases';
import { discover, ExampleModel } from './example-model';
import { RegionalBucket, RegionalFailoverOrigin, SecureDistribution } from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { typeScriptExamples, synthExample } from '../util/examples';
import { Decision, formatMatrix, matches, MatrixRow, simulate } from '../util/iam-simulation';
import { withSurrogate } from '../util/kms-encryption-context';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

/**
 * IAM policy simulation over the examples as users run them: each TypeScript example app is
 * synthesized here (into a temporary directory), every intrinsic of its templates is resolved to a
 * concrete value, and the cases are generated from what the assembly contains (buckets and their
 * policies, access points and theirs, distributions, replication roles and their configurations,
 * keys): see example-cases.ts for what is asked and why the design expects each answer. A real
 * evaluator (@cloud-copilot/iam-simulate) gives the verdicts; requests made through a
 * Multi-Region Access Point are evaluated as S3 does, leg by leg (the access point's policy with the
 * caller's IAM, then the bucket's policy), with simulateThroughAccessPoint.
 */
const examples = typeScriptExamples().map((name) => {
  const model = discover(new ResolvedAssembly(synthExample(name)));
  return { name, model, cases: exampleCases(model) };
});

function evaluate(c: ExampleCase): Promise<Decision> {
  const request = c.kms ? withSurrogate(c) : c;
  return c.via === 'access point' ? simulateThroughAccessPoint(request) : simulate(request);
}

function row(c: ExampleCase, actual: Decision): MatrixRow {
  return { name: `${c.group}: ${c.name}`, principal: c.principal, action: c.action, resource: c.resource, expected: c.expected, actual };
}

/** The line docs/testing.md quotes; the last test checks that it does. */
function summary(cases: number, count: number): string {
  return `example policy simulation: ${cases} cases over ${count} examples, all as expected`;
}

const rows = new Map<string, MatrixRow[]>();

afterAll(() => {
  if (rows.size === 0) return;
  const all = [...rows.values()].flat();
  const failed = all.filter((r) => !matches(r.expected, r.actual)).length;
  for (const [name, matrix] of rows) console.log(`Example '${name}': policy simulation (${matrix.length} cases)\n${formatMatrix(matrix)}`);
  console.log(failed === 0 ? summary(all.length, rows.size) : `example policy simulation: ${failed} of ${all.length} cases over ${rows.size} examples NOT as expected`);
});

describe.each(examples.map((e) => [e.name, e] as const))('example %s under IAM simulation', (name, { model, cases }) => {
  test('has something to simulate', () => {
    expect(model.buckets.length).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(0);
  });

  const groups = [...new Set(cases.map((c) => c.group))];
  test.each(groups)('%s', async (group) => {
    const results: MatrixRow[] = [];
    for (const c of cases.filter((x) => x.group === group)) results.push(row(c, await evaluate(c)));
    rows.set(name, [...(rows.get(name) ?? []), ...results]);
    const wrong = results.filter((r) => !matches(r.expected, r.actual));
    if (wrong.length > 0) {
      throw new Error(`${wrong.length} of ${results.length} cases not as expected:\n${formatMatrix(wrong)}\n\nall cases of '${group}':\n${formatMatrix(results)}`);
    }
  });

  test('no role has a wildcard action or Resource "*" on S3, KMS or IAM', () => {
    expect(model.roles.flatMap(unboundedStatements)).toEqual([]);
  });

  test('every replication role is one of the app\'s roles, with its policies in the app', () => {
    for (const r of model.replications) {
      expect(r.role.policies.length).toBeGreaterThan(0);
      expect(r.role.awsManagedPolicies).toEqual([]);
    }
  });
});

test('docs/testing.md reports the number of cases', () => {
  const total = examples.reduce((sum, e) => sum + e.cases.length, 0);
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'testing.md'), 'utf-8');
  expect(readme).toContain(summary(total, examples.length));
});

describe('the case generator follows the documented design where no example goes', () => {
  test('RegionalFailoverOrigin: exactly this distribution in its own stack, any distribution of the account across stacks', async () => {
    // A primary bucket in the distribution's stack, a fallback in a Regional stack (README, "CloudFront in front").
    const app = new App();
    const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const regional = new Stack(app, 'Data-eu-west-1', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const primary = new RegionalBucket(global, 'Primary').bucket;
    const fallback = new RegionalBucket(regional, 'Fallback').bucket;
    new SecureDistribution(global, 'Cdn', { origin: RegionalFailoverOrigin.withOriginAccessControl(primary, fallback) });
    const model: ExampleModel = discover(ResolvedAssembly.fromApp(app));
    const cases = exampleCases(model).filter((c) => c.group.startsWith('distribution '));
    const results = await Promise.all(cases.map(async (c) => row(c, await evaluate(c))));
    console.log(`RegionalFailoverOrigin under the example case generator (${results.length} cases)\n${formatMatrix(results)}`);
    expect(results.filter((r) => !matches(r.expected, r.actual))).toEqual([]);
    // The data bucket of a stack is the one that writes access logs.
    const otherDistribution = (stack: Stack) => {
      const bucket = model.buckets.find((b) => b.stack === stack.stackName && b.logs !== undefined)!;
      return cases.find((c) => c.resource.startsWith(`${bucket.arn}/`) && c.name === 'another distribution of this account reads')?.expected;
    };
    expect(otherDistribution(global)).toBe('Denied');
    expect(otherDistribution(regional)).toBe('Allowed');
  });
});
