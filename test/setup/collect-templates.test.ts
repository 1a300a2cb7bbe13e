import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { templateToLint } from './collect-templates';

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
