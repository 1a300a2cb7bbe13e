import * as fs from 'fs';
import { markdown, MARKERS, README } from './report';
import { TRANSITIONS } from './transitions';
import { readmeSection } from '../../scripts/readme-section';

test('the README\'s "Changing a deployed setup" section is the one rendered from the transition table', () => {
  const section = readmeSection(fs.readFileSync(README, 'utf-8'), MARKERS);
  expect(section).toBeDefined();
  // After changing test/lifecycle/transitions.ts: npx ts-node --project test/tsconfig.json test/lifecycle/report.ts --write
  expect(section).toBe(markdown());
});

test('the table has at least 25 changes, each expected to deploy safely, be refused with its way out, or follow a checked runbook', () => {
  expect(TRANSITIONS.length).toBeGreaterThanOrEqual(25);
  for (const row of TRANSITIONS) {
    const shape = {
      change: row.change,
      refusal: row.expect === 'refused at synth time' ? row.refusal !== undefined : row.refusal === undefined,
      steps: row.expect === 'runbook' ? (row.steps ?? []).some((s) => s.to !== undefined) : row.steps === undefined,
      endsAtTarget: row.expect !== 'runbook' || [...(row.steps ?? [])].reverse().find((s) => s.to)?.to === row.to,
    };
    expect(shape).toEqual({ change: row.change, refusal: true, steps: true, endsAtTarget: true });
  }
});

test('the section is spliced with the same mechanism as the Performance tables, and a changed row shows', () => {
  const changed = markdown(TRANSITIONS.map((r, i) => (i === 0 ? { ...r, sees: 'something else' } : r)));
  expect(changed).not.toBe(markdown());
  expect(changed).toContain('| something else |');
});

test('a runbook step says how it is done and what was checked: a deploy, a deletion of stacks, or by hand', () => {
  const row = TRANSITIONS.find((r) => r.change === '`globalRegion` moved')!;
  const rendered = markdown([row]);
  expect(rendered).toContain('(`cdk deploy --all`; checked: global stack in us-west-2 with the access point only (no replication, no dashboard)).');
  expect(rendered).toContain('(checked: deleting Site-global in us-east-1).');
  expect(rendered).toContain('move clients to the new access point alias (an output of the new global stack) (by hand).');
  // A step is one of the three: never both a deploy and a deletion.
  for (const step of TRANSITIONS.flatMap((r) => r.steps ?? [])) expect(step.to !== undefined && step.destroy !== undefined).toBe(false);
});
