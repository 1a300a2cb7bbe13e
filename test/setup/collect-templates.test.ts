import * as fs from 'fs';
import { App, CfnResource, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { templateToLint, withoutCollecting } from './collect-templates';

describe('collect-templates: what lint:cfn:tests lints', () => {
  test('a stack with resources is linted as the CLI writes it', () => {
    const app = new App();
    const stack = new Stack(app, 'WithResource');
    new CfnWaitConditionHandle(stack, 'Handle');
    const template = app.synth().getStackByName('WithResource').template;
    expect(templateToLint(template)).toEqual(JSON.stringify(template, undefined, 1));
  });

  test('a stack without resources is left out (cdk deploy skips it; CloudFormation would refuse it)', () => {
    const app = new App();
    new Stack(app, 'Empty');
    const template = app.synth().getStackByName('Empty').template;
    expect(Object.keys(template)).toContain('Rules');
    expect(templateToLint(template)).toBeUndefined();
  });
});

describe('withoutCollecting', () => {
  const dir = process.env.CFN_LINT_COLLECT_DIR;
  const collected = (): string[] => (dir && fs.existsSync(dir) ? fs.readdirSync(dir) : []);

  (dir ? test : test.skip)('leaves out what a test synthesizes inside it, and only that', () => {
    const synthWith = (property: string) => {
      const app = new App();
      new CfnResource(new Stack(app, 'Stack'), 'Bucket', { type: 'AWS::S3::Bucket', properties: { Tags: [{ Key: property, Value: 'v' }] } });
      return app;
    };
    const before = collected();
    withoutCollecting(() => synthWith(`left-out-${process.pid}`).synth());
    expect(collected()).toEqual(before);
    synthWith(`collected-${process.pid}`).synth();
    expect(collected().length).toBe(before.length + 1);
  });

  test('returns what the function returns, and lets its error through', () => {
    expect(withoutCollecting(() => 42)).toBe(42);
    expect(() => withoutCollecting(() => { throw new Error('boom'); })).toThrow('boom');
  });
});
