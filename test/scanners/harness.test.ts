import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Allowlist, AllowlistEntry, DEFAULT_ALLOWLIST, DELIVERY_PATH_REASON, Finding, judge, loadAllowlist, passes, scan, ScanReport,
} from '../../scripts/scanners';

/**
 * The scanner harness (scripts/scanners.ts, `npx projen scan`) itself: a deliberately bad template
 * must come out of both real scanners as findings that nothing accepts, an allowlist entry that
 * accepts nothing must fail, and the allowlist's rules about reasons hold. Without these the
 * check could pass silently (a parser that finds nothing, a pattern that accepts everything).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanners-'));
const badTemplate = path.join(dir, 'Bad.template.json');
// A bucket with none of the library's defaults: no Block Public Access, no versioning, no logs.
fs.writeFileSync(badTemplate, JSON.stringify({ Resources: { BadBucket: { Type: 'AWS::S3::Bucket', Properties: {} } } }));
const emptyAllowlist = path.join(dir, 'empty-allowlist.json');
fs.writeFileSync(emptyAllowlist, JSON.stringify({ entries: [] }));

let report: ScanReport;
beforeAll(() => {
  // Installs checkov into .venv first when it is not there (from a clean clone).
  report = scan([{ file: badTemplate, example: 'bad' }], { entries: [] });
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const keys = (findings: Finding[]) => findings.map((f) => `${f.scanner} ${f.rule} ${f.resource}`);

function entry(finding: Pick<Finding, 'scanner' | 'rule'>, resource = 'BadBucket'): AllowlistEntry {
  return { scanner: finding.scanner, rule: finding.rule, resource, category: 'not-applicable', reason: 'a deliberately bad test template' };
}

describe('a deliberately bad template', () => {
  test('is found wanting by both scanners, on the bucket, and nothing accepts it', () => {
    expect(report.ok).toBe(false);
    const unaccepted = keys(report.verdict.unaccepted);
    // Block Public Access and versioning, as each scanner names them.
    expect(unaccepted).toEqual(expect.arrayContaining([
      'checkov CKV_AWS_53 BadBucket', 'checkov CKV_AWS_21 BadBucket',
      'cfn-guard CT.S3.PR.1 BadBucket', 'cfn-guard CT.S3.PR.11 BadBucket',
    ]));
    for (const result of report.results) {
      expect(result.templates).toBe(1);
      expect(result.findings.length).toBeGreaterThan(0);
      expect(result.findings.every((f) => f.resource === 'BadBucket' && f.example === 'bad')).toBe(true);
    }
  });

  test('passes when the allowlist accepts each finding, and fails again on a stale entry', () => {
    const findings = report.results.flatMap((r) => r.findings);
    const complete: Allowlist = { entries: [...new Map(findings.map((f) => [`${f.scanner} ${f.rule}`, entry(f)])).values()] };
    expect(passes(judge(findings, complete))).toBe(true);

    const withStale: Allowlist = { entries: [...complete.entries, entry({ scanner: 'checkov', rule: 'CKV_AWS_145' })] };
    const verdict = judge(findings, withStale);
    expect(verdict.unaccepted).toEqual([]);
    expect(verdict.stale).toEqual([withStale.entries[withStale.entries.length - 1]]);
    expect(passes(verdict)).toBe(false);
  });

  test('is not accepted by an entry for another resource, another example or another scanner', () => {
    const finding = report.verdict.unaccepted.find((f) => f.scanner === 'checkov' && f.rule === 'CKV_AWS_21')!;
    const others: AllowlistEntry[] = [
      entry(finding, 'Bad'),
      entry(finding, 'Other*'),
      { ...entry(finding, '*'), example: 'active-*' },
      { ...entry(finding), scanner: 'cfn-guard' },
      { ...entry(finding), rule: 'CKV_AWS_2' },
    ];
    const verdict = judge([finding], { entries: others });
    expect(verdict.unaccepted).toEqual([finding]);
    expect(verdict.stale).toHaveLength(others.length);
    expect(judge([finding], { entries: [entry(finding, 'Bad*')] }).unaccepted).toEqual([]);
    expect(judge([finding], { entries: [entry(finding, 'BadBucke?')] }).unaccepted).toEqual([]);
  });

  test('fails `npx projen scan` with the findings listed', () => {
    const run = spawnSync('npx', ['ts-node', '--project', 'test/tsconfig.json', 'scripts/scanners.ts', '--allowlist', emptyAllowlist, badTemplate], {
      cwd: ROOT, encoding: 'utf-8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/findings NOT ACCEPTED/);
    expect(run.stdout).toMatch(/checkov CKV_AWS_21 BadBucket/);
    expect(run.stdout).toMatch(/cfn-guard CT\.S3\.PR\.1 BadBucket/);
  }, 300_000);
});

describe('the allowlist', () => {
  const write = (entries: object[]) => {
    const file = path.join(dir, `allowlist-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify({ entries }));
    return file;
  };
  const valid = { scanner: 'checkov', rule: 'CKV_AWS_18', resource: '*Logs*', category: 'not-applicable', reason: 'a log bucket does not log itself' };

  test.each([
    ['no reason', { ...valid, reason: '' }, /one line of at least 20 characters/],
    ['a reason of two lines', { ...valid, reason: 'first line of the reason\nsecond line' }, /one line/],
    ['an unknown category', { ...valid, category: 'wont-fix' }, /category must be one of/],
    ['an unknown scanner', { ...valid, scanner: 'tfsec' }, /scanner must be one of/],
    ['no resource pattern', { ...valid, resource: '' }, /no resource pattern/],
    ['a documented choice with no link', { ...valid, category: 'documented-choice', reason: 'we like it this way, trust us' }, /README\.md#\.\.\. or docs\/adr/],
    ['a delivery-path entry with another reason', { ...valid, category: 'delivery-path', reason: 'the other engineer will fix this one' }, /exactly/],
    ['a follow-up naming no issue', { ...valid, category: 'follow-up', reason: 'real, somebody should fix it later' }, /names the issue/],
  ])('rejects %s', (_name, bad, message) => {
    expect(() => loadAllowlist(write([valid, bad]))).toThrow(message);
  });

  test('accepts a well-formed entry of each category', () => {
    const entries = [
      valid,
      { ...valid, category: 'documented-choice', reason: 'SSE-S3 is the default (README.md#regionalbucket)' },
      { ...valid, category: 'delivery-path', reason: DELIVERY_PATH_REASON },
      { ...valid, category: 'follow-up', reason: 'real, fixed by the work of issue 15' },
    ];
    expect(loadAllowlist(write(entries)).entries).toHaveLength(4);
  });

  test('the committed allowlist is well formed', () => {
    expect(loadAllowlist(DEFAULT_ALLOWLIST).entries.length).toBeGreaterThan(0);
  });
});
