import * as fs from 'fs';
import * as path from 'path';
import { readmeSection } from '../../scripts/readme-section';
import { DEFAULT_EXAMPLE, exampleReport, readmeBlock, README_MARKERS } from '../../scripts/synth-examples';
import { synthExample } from '../util/examples';

const README = path.join(__dirname, '..', '..', 'README.md');

test('the README shows exactly what `npx projen example` prints for the default example', () => {
  const shown = readmeSection(fs.readFileSync(README, 'utf-8'), README_MARKERS);
  expect(shown).toBeDefined();
  // After a change that alters the example's stacks: npx projen example --readme
  expect(shown).toBe(readmeBlock(exampleReport(DEFAULT_EXAMPLE, synthExample(DEFAULT_EXAMPLE))));
});
