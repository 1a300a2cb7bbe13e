import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exampleAssemblyCache, exampleCacheKey, synthExample, synthExampleUnder, typeScriptExamples } from './examples';

const EXAMPLE = 'building-blocks';

describe('the example assembly cache (each configuration synthesized once per run)', () => {
  const saved = process.env.EXAMPLE_ASSEMBLY_CACHE;
  let cache: string;
  beforeAll(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'example-cache-test-'));
    process.env.EXAMPLE_ASSEMBLY_CACHE = cache;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.EXAMPLE_ASSEMBLY_CACHE;
    else process.env.EXAMPLE_ASSEMBLY_CACHE = saved;
    fs.rmSync(cache, { recursive: true, force: true });
  });

  test('the key is the same for the same configuration and differs between examples', () => {
    expect(typeScriptExamples()).toContain(EXAMPLE);
    const keys = typeScriptExamples().map(exampleCacheKey);
    expect(keys.every((k) => /^[0-9a-f]{16}$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    expect(exampleCacheKey(EXAMPLE)).toBe(keys[typeScriptExamples().indexOf(EXAMPLE)]);
  });

  test('a second call reads the first assembly, which has the templates of a fresh synthesis', () => {
    expect(exampleAssemblyCache()).toBe(cache);
    const first = synthExample(EXAMPLE);
    expect(first.directory).toBe(path.join(cache, `${EXAMPLE}-${exampleCacheKey(EXAMPLE)}`));
    const second = synthExample(EXAMPLE);
    expect(second.directory).toBe(first.directory);
    // Nothing left behind but the one assembly (the scratch directory was renamed into place).
    expect(fs.readdirSync(cache)).toEqual([path.basename(first.directory)]);

    const fresh = synthExampleUnder(EXAMPLE, {}).assembly;
    expect(fresh.directory).not.toBe(first.directory);
    const templates = (a: typeof first) => Object.fromEntries(a.stacksRecursively.map((s) => [s.stackName, s.template]));
    expect(Object.keys(templates(second)).length).toBeGreaterThan(0);
    expect(templates(second)).toEqual(templates(fresh));
  });

  test('EXAMPLE_ASSEMBLY_CACHE=off keeps no cache', () => {
    process.env.EXAMPLE_ASSEMBLY_CACHE = 'off';
    try {
      expect(exampleAssemblyCache()).toBeUndefined();
    } finally {
      process.env.EXAMPLE_ASSEMBLY_CACHE = cache;
    }
  });
});
