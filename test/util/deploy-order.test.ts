import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { checkDeployOrder, routeCallRegions } from './deploy-order';
import { ACCOUNT } from './stacks';

// Valid CloudFormation (cfn-lint checks every template the tests synthesize), only the names matter.
const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:111111111111:function:provider';
const policyDocument = (bucket: string) => ({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${bucket}` }] });

function twoStacks(depend: boolean) {
  const app = new App();
  const data = new Stack(app, 'Data', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  new s3.CfnBucket(data, 'Bucket', { bucketName: 'alpha-bucket' });
  const user = new Stack(app, 'User', { env: { account: ACCOUNT, region: 'us-east-1' } });
  new s3.CfnBucketPolicy(user, 'Policy', { bucket: 'alpha-bucket', policyDocument: policyDocument('alpha-bucket') });
  new CfnResource(user, 'Call', { type: 'Custom::AWS', properties: { ServiceToken: SERVICE_TOKEN, Create: JSON.stringify({ action: 'putBucketReplication', parameters: { Bucket: 'alpha-bucket' }, region: 'eu-west-1' }) } });
  new s3.CfnBucketPolicy(user, 'Unrelated', { bucket: 'alpha-bucket-archive', policyDocument: policyDocument('alpha-bucket-archive') });
  if (depend) user.addStackDependency(data);
  return app.synth();
}

describe('deploy-order check', () => {
  test('flags every resource that needs a bucket from a stack it does not wait for', () => {
    const report = checkDeployOrder(twoStacks(false));
    expect(report.problems.map((p) => `${p.stack}/${p.resource} needs ${p.needs} from ${p.createdIn}`).sort()).toEqual([
      'User/Call (Custom::AWS) needs bucket:alpha-bucket from Data',
      'User/Policy (AWS::S3::BucketPolicy) needs bucket:alpha-bucket from Data',
    ]);
  });

  test('passes, and counts what it checked, when the stack waits', () => {
    const report = checkDeployOrder(twoStacks(true));
    expect(report.problems).toEqual([]);
    expect(report.checked).toHaveLength(2);
    expect(report.order).toEqual(['Data', 'User']);
  });

  test('finds the Region of a route call', () => {
    const app = new App();
    const stack = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    new CfnResource(stack, 'Routes', {
      type: 'Custom::AWS',
      properties: { ServiceToken: SERVICE_TOKEN, Create: JSON.stringify({ service: 'S3Control', action: 'SubmitMultiRegionAccessPointRoutes', region: 'us-west-2' }) },
    });
    expect(routeCallRegions(app.synth())).toEqual([{ stack: 'Global', resource: 'Routes.Create', region: 'us-west-2' }]);
  });
});
