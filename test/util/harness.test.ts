import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { nagAcknowledgements, nagFindings } from './nag';
import { testStack } from './stacks';

// The harness must be able to fail: a bare bucket breaks rules in all four packs.
describe('cdk-nag harness', () => {
  test('reports unacknowledged errors from all four packs', () => {
    const { stack } = testStack();
    new s3.CfnBucket(stack, 'Bare');
    const packs = new Set(nagFindings(stack).map((f) => f.pack));
    expect([...packs].sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
  });

  test('an acknowledgement with a reason suppresses exactly that rule and is listed', () => {
    const { stack } = testStack();
    const bucket = new s3.CfnBucket(stack, 'Bare');
    const before = nagFindings(stack).map((f) => f.rule);
    expect(before).toContain('AwsSolutions-S1');
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'Test: logging is not under test here.' });
    const after = nagFindings(stack).map((f) => f.rule);
    expect(after).not.toContain('AwsSolutions-S1');
    expect(after.length).toBe(before.length - 1);
    expect(nagAcknowledgements(stack)).toEqual([
      { path: 'TestStack/Bare', rule: 'AwsSolutions-S1', reason: 'Test: logging is not under test here.' },
    ]);
  });
});
