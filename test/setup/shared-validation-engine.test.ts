import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { withoutCollecting } from './collect-templates';
import { shareValidationPlugin, WORKER } from './shared-validation-engine';

/**
 * test/setup/shared-validation-engine.ts hands every suite of a jest worker the same instance of
 * aws-cdk-lib's CloudFormation validation. These tests show that validation still runs on every
 * synthesis, through that one instance, also for a second copy of aws-cdk-lib (as the next suite
 * of the worker loads), and still finds what it found before.
 */

/** Synthesizes a stack whose bucket has a property S3 does not have; returns the validation report. */
function synthInvalid(lib: typeof cdk): { rules: string[]; printed: string } {
  const app = new lib.App();
  const stack = new lib.Stack(app, 'Invalid', { env: { account: '111111111111', region: 'us-east-1' } });
  new lib.CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties: { NotAProperty: 'x' } });
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { printed.push(args.join(' ')); });
  try {
    // Not for lint:cfn:tests, which would fail on the unknown property as it should.
    const assembly = withoutCollecting(() => app.synth());
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, cxapi.VALIDATION_REPORT_FILE), 'utf-8'));
    const rules = report.pluginReports.flatMap((r: any) => r.violations.map((v: any) => `${r.pluginName} ${v.ruleName}`));
    return { rules, printed: printed.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

test('a synthesis is validated, through the plugin kept for the worker', () => {
  const result = synthInvalid(cdk);
  expect(result.rules).toContain('CloudFormation Validate F3002');
  expect(result.printed).toMatch(/NotAProperty: Additional properties are not allowed/);
  // Created by whichever suite of this worker synthesized first: its own copy of the class.
  expect(WORKER.cdkMultiRegionBucketValidatePlugin?.constructor.name).toBe('CloudFormationValidatePlugin');
  expect((cdk.CloudFormationValidatePlugin as any)._singletonInstance()).toBe(WORKER.cdkMultiRegionBucketValidatePlugin);
});

test("another copy of aws-cdk-lib (the next suite's) validates with the same plugin, and finds the same", () => {
  const first = (cdk.CloudFormationValidatePlugin as any)._singletonInstance();
  // Everything inside: aws-cdk-lib requires its modules lazily, from the registry of the moment.
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const other: typeof cdk = require('aws-cdk-lib');
    expect(other.CloudFormationValidatePlugin).not.toBe(cdk.CloudFormationValidatePlugin);
    expect(shareValidationPlugin(other.CloudFormationValidatePlugin)).toBe(true);
    expect((other.CloudFormationValidatePlugin as any)._singletonInstance()).toBe(first);
    expect(synthInvalid(other).rules).toContain('CloudFormation Validate F3002');
  });
});

test('CDK_VALIDATION=false still turns validation off, as for `cdk synth`', () => {
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Invalid');
    new cdk.CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties: { NotAProperty: 'x' } });
    const assembly = withoutCollecting(() => app.synth());
    expect(fs.existsSync(path.join(assembly.directory, cxapi.VALIDATION_REPORT_FILE))).toBe(false);
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
  }
});
