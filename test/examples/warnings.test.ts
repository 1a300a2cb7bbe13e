import { synthExample, typeScriptExamples } from '../util/examples';
import { synthDirectoryAsCli } from '../util/toolkit';

/**
 * The examples are what users copy: `cdk synth` of each prints no warning of this library (a
 * warning there would be one every user of the example learns to ignore), and no error.
 */
describe('cdk synth of each example prints no warning of cdk-multi-region-bucket', () => {
  test.each(typeScriptExamples())('%s', async (name) => {
    const result = await synthDirectoryAsCli(synthExample(name).directory);
    expect(result.failure).toBeUndefined();
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => w.id.startsWith('cdk-multi-region-bucket:')).map((w) => `${w.paths.join(', ')}: ${w.id}`)).toEqual([]);
  });
});
