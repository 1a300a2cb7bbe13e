/**
 * Under `@aws-cdk/aws-lambda:useCdkManagedLogGroup` (in the flags `cdk init` writes) aws-cdk-lib
 * puts a log group for the AwsCustomResource handler into the template; the library acknowledges
 * its one cdk-nag finding (encryption with a customer managed key) there, and only there.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { USE_CDK_MANAGED_LAMBDA_LOGGROUP } from 'aws-cdk-lib/cx-api';
import { MultiRegionBucket } from '../../src';
import { appWithFlags, FlagSetName } from '../util/flags';
import { nagAcknowledgements, nagFindings } from '../util/nag';
import { ACCOUNT } from '../util/stacks';

function site(flags: FlagSetName, context: Record<string, unknown> = {}) {
  const app = appWithFlags(flags, { context });
  const s = new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT });
  return { app, global: s.globalStack };
}

const LOG_GROUP_RULE = /CloudWatchLogGroupEncrypted$/;

test('with the flag, the handler has a retained log group in the template and no cdk-nag error; its finding is acknowledged on it', () => {
  const { app, global } = site('none', { [USE_CDK_MANAGED_LAMBDA_LOGGROUP]: true });
  const template = Template.fromStack(global);
  template.resourceCountIs('AWS::Logs::LogGroup', 1);
  template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  expect(nagFindings(app, 'error').map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  const acknowledged = nagAcknowledgements(app).filter((a) => LOG_GROUP_RULE.test(a.rule));
  expect(acknowledged.map((a) => `${a.path} ${a.rule}`).sort()).toEqual(
    ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `Site/global/AWS679f53fac002430cb0da5b7982bd2287/LogGroup ${pack}-CloudWatchLogGroupEncrypted`),
  );
});

test('under the recommended flags, the same', () => {
  const { app, global } = site('recommended');
  Template.fromStack(global).resourceCountIs('AWS::Logs::LogGroup', 1);
  expect(nagFindings(app, 'error').map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
});

test('without the flag there is no log group in the template, and no acknowledgement that would match nothing', () => {
  const { app, global } = site('none');
  Template.fromStack(global).resourceCountIs('AWS::Logs::LogGroup', 0);
  expect(nagAcknowledgements(app).filter((a) => LOG_GROUP_RULE.test(a.rule))).toEqual([]);
});
