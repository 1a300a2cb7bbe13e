import * as fs from 'fs';
import * as path from 'path';
import { BenchResults, markdown, PERFORMANCE_PAGE, readmeTables } from '../../bench/report';

const ROOT = path.join(__dirname, '..', '..');
const results: BenchResults = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf-8'));

test("docs/performance.md's tables are those of the committed bench/results.json", () => {
  const tables = readmeTables(fs.readFileSync(PERFORMANCE_PAGE, 'utf-8'));
  expect(tables).toBeDefined();
  expect(tables).toBe(markdown(results));
});

test('the committed results are a full run: every mode, 2 to 17 Regions, both apps, several runs each, within the limits', () => {
  expect(results.reps).toBeGreaterThanOrEqual(3);
  expect(Object.keys(results.floor).sort()).toEqual(['validation-off', 'validation-on']);
  for (const mode of ['two-way', 'one-way']) {
    for (const regions of [2, 3, 5, 9, 17]) {
      for (const app of ['library', 'baseline']) {
        const found = results.results.find((r) => r.mode === mode && r.regions === regions && r.app === app);
        expect({ mode, regions, app, found: found !== undefined }).toEqual({ mode, regions, app, found: true });
        expect(found!.deploy.stacks).toHaveLength(regions + 1);
        expect(found!.deploy.maxTemplateBytesPerStack).toBeLessThanOrEqual(results.limits.templateBytes);
        expect(found!.deploy.maxResourcesPerStack).toBeLessThanOrEqual(results.limits.resources);
      }
    }
  }
});

test('the committed results include many buckets in one app: 1 to 20, in shared stacks or their own, one Lambda function per global stack', () => {
  for (const layout of ['shared', 'own']) {
    for (const buckets of [1, 5, 10, 20]) {
      const found = results.manyBuckets.find((r) => r.layout === layout && r.buckets === buckets);
      expect({ layout, buckets, found: found !== undefined }).toEqual({ layout, buckets, found: true });
      const globalStacks = layout === 'shared' ? 1 : buckets;
      expect(found!.deploy.stacks).toBe(4 * globalStacks);
      expect(found!.deploy.lambdaFunctions).toBe(globalStacks);
      expect(found!.deploy.maxTemplateBytesPerStack).toBeLessThanOrEqual(results.limits.templateBytes);
      expect(found!.deploy.maxResourcesPerStack).toBeLessThanOrEqual(results.limits.resources);
    }
  }
});
