import { Annotations, App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ACCOUNT } from './stacks';
import { cliWarningIds, synthAsCli } from './toolkit';

// The harness sees what the CDK CLI prints, and only that.
describe('synthAsCli', () => {
  test('a warning on a construct inside a stack is printed, with its id, text and path', async () => {
    const app = new App();
    const stack = new Stack(app, 'Inside', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new CfnWaitConditionHandle(stack, 'Resource');
    Annotations.of(new Construct(stack, 'Thing')).addWarningV2('test:inside', 'printed to the user');
    const result = await synthAsCli(app);
    expect(result.failure).toBeUndefined();
    expect(result.warnings).toEqual([{ severity: 'warning', id: 'test:inside', message: 'printed to the user', paths: ['Inside/Thing'] }]);
    expect(result.printed.join('\n')).toContain('printed to the user');
  });

  test('a warning on a construct outside every stack is not printed (aws-cdk-lib collects annotations per stack)', async () => {
    const app = new App();
    new CfnWaitConditionHandle(new Stack(app, 'Inside', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Resource');
    Annotations.of(new Construct(app, 'Outside')).addWarningV2('test:outside', 'never printed');
    expect(await cliWarningIds(app)).toEqual([]);
  });

  test('an error annotation fails synthesis, and the error is reported', async () => {
    const app = new App();
    const stack = new Stack(app, 'Inside', { env: { account: ACCOUNT, region: 'us-east-1' } });
    Annotations.of(stack).addError('this cannot deploy');
    const result = await synthAsCli(app);
    expect(result.failure?.message).toMatch(/Synthesis finished with errors/);
    expect(result.errors.map((e) => e.message)).toEqual(['this cannot deploy']);
  });

  test('the toolkit\'s own template checks are reported too (an empty stack)', async () => {
    const app = new App();
    new Stack(app, 'Empty', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(await cliWarningIds(app)).toEqual(['F0001']);
  });

  test('an app that throws is a failure with its message', async () => {
    const result = await synthAsCli(() => { throw new Error('bad input: regions'); });
    expect(result.failure?.message).toContain('bad input: regions');
  });
});
