/**
 * The README's "Changing a deployed setup" table and runbooks, rendered from the transition table.
 *
 *   npx ts-node --project test/tsconfig.json test/lifecycle/report.ts [--write]
 *
 * `transitions.test.ts` fails when the README differs from what this renders, and when a row's
 * verdict differs from its expectation, so the README shows only checked outcomes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RunbookStep, TRANSITIONS, TransitionRow } from './transitions';
import { ReadmeMarkers, withReadmeSection } from '../../scripts/readme-section';

export const README = path.join(__dirname, '..', '..', 'README.md');

export const MARKERS: ReadmeMarkers = {
  begin: '<!-- transitions:begin (generated from test/lifecycle/transitions.ts by test/lifecycle/report.ts) -->',
  end: '<!-- transitions:end -->',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

function outcome(row: TransitionRow): string {
  switch (row.expect) {
    case 'deploys safely': return 'one deploy';
    case 'refused at synth time': return 'refused at synth time';
    case 'runbook': {
      const steps = (row.steps ?? []).length;
      return `runbook (${steps} ${steps === 1 ? 'step' : 'steps'}, below)`;
    }
    case 'not yet safe': return '**not yet safe** (open defect, avoid)';
  }
}

/** How a runbook step is done, and what the checker checked of it. */
function how(step: RunbookStep): string {
  if (step.to) return `\`cdk deploy --all\`; checked: ${step.to.name}`;
  if (step.destroy) return `checked: deleting ${step.destroy.map((s) => `${s.stackName} in ${s.region}${s.account ? ` of ${s.account}` : ''}`).join(', ')}`;
  return 'by hand';
}

/** The Markdown between the README's transitions markers. */
export function markdown(rows: TransitionRow[] = TRANSITIONS): string {
  const out: string[] = [];
  out.push(`${rows.length} changes, each checked by \`test/lifecycle/transitions.test.ts\` on every test run: a change marked "one deploy" `
    + 'is a single `cdk deploy --all` that neither fails nor silently loses replication, monitoring, keys or data; a runbook\'s every deploy, and every '
    + 'deletion of a stack, is such a step, checked against what is deployed at that point (stacks an earlier step left behind, names retained resources '
    + 'hold, in the account and Region each is unique in). A change marked "not yet safe" is an open defect of this version: the checker still finds the loss it names, and the '
    + 'test fails as soon as a fix makes it safe.');
  out.push('');
  out.push('| change | from → to (as checked) | how | what you see |');
  out.push('| --- | --- | --- | --- |');
  for (const row of rows) {
    out.push(`| ${cell(row.change)} | ${cell(row.from.name)} → ${cell(row.to.name)} | ${outcome(row)} | ${cell(row.sees)} |`);
  }
  for (const row of rows.filter((r) => r.expect === 'runbook')) {
    out.push('');
    out.push(`**Runbook: ${row.change}.** ${row.sees.charAt(0).toUpperCase()}${row.sees.slice(1)}.`);
    out.push('');
    (row.steps ?? []).forEach((step, i) => out.push(`${i + 1}. ${step.what} (${how(step)}).`));
  }
  return out.join('\n');
}

if (require.main === module) {
  const readme = fs.readFileSync(README, 'utf-8');
  const updated = withReadmeSection(readme, MARKERS, markdown());
  if (updated === undefined) throw new Error(`README.md has no '${MARKERS.begin}' ... '${MARKERS.end}' block`);
  if (process.argv.includes('--write')) fs.writeFileSync(README, updated);
  else console.log(markdown());
}
