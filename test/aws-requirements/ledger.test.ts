import { LedgerApp, ledgerApps } from './apps';
import { LEDGER, ledgerPages } from './ledger';

/**
 * The AWS requirements ledger (issue 22, item 3): every row is a documented AWS requirement the
 * library depends on, with the page, the quoted sentence and a check over the synthesized examples
 * and a few apps built here. A row whose check finds nothing to check fails too.
 */
let apps: LedgerApp[];
const checked = new Map<string, number>();

beforeAll(() => {
  apps = ledgerApps();
});

afterAll(() => {
  const lines = LEDGER.map((r) => `  ${r.id.padEnd(42)} ${String(checked.get(r.id) ?? '-').padStart(4)}  ${r.page}\n      "${r.quote}"`);
  console.log([
    `AWS requirements ledger over ${apps.length} apps (row, places checked, page, quote):`,
    ...lines,
    `AWS requirements ledger: ${LEDGER.length} rows over ${ledgerPages().length} pages, ${[...checked.values()].reduce((a, b) => a + b, 0)} places checked, all met`,
  ].join('\n'));
});

describe('the ledger itself', () => {
  test('rows have unique ids, an https page, a quoted sentence and where it was read', () => {
    expect(new Set(LEDGER.map((r) => r.id)).size).toBe(LEDGER.length);
    for (const r of LEDGER) {
      expect(r.page).toMatch(/^https:\/\/docs\.(aws\.amazon\.com|amazonaws\.cn)\//);
      expect(r.quote.length).toBeGreaterThan(20);
      expect(r.quote).not.toMatch(/[`\\]|\]\(|\*\*/); // markdown removed
      expect(r.readIn.length).toBeGreaterThan(0);
    }
  });

  test('at least 30 distinct AWS pages', () => {
    expect(ledgerPages().length).toBeGreaterThanOrEqual(30);
  });
});

describe('AWS requirements', () => {
  test.each(LEDGER.map((r) => [r.id, r] as const))('%s', async (_id, row) => {
    const n = await row.check(apps);
    checked.set(row.id, n);
    expect(n).toBeGreaterThan(0);
  });
});
