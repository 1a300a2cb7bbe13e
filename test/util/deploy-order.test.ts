import { App, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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

  describe('across accounts', () => {
    const BACKUP = '333333333333';
    const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/replicator`;
    /** A role in the workload account, and the backup account's bucket policy that names it as Principal (or by condition). */
    function accounts(opts: { depend: boolean; byCondition: boolean; importAcross?: boolean }) {
      const app = new App();
      const workload = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'us-east-1' } });
      new iam.CfnRole(workload, 'Role', { roleName: 'replicator', assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
      new CfnOutput(workload, 'Shared', { value: 'x', exportName: 'SharedValue' });
      const backup = new Stack(app, 'Backup', { env: { account: BACKUP, region: 'us-east-1' } });
      new s3.CfnBucket(backup, 'Bucket', { bucketName: 'backup-bucket' });
      const statement = opts.byCondition
        ? { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::backup-bucket/*', Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } } }
        : { Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::backup-bucket/*' };
      new s3.CfnBucketPolicy(backup, 'Policy', { bucket: 'backup-bucket', policyDocument: { Statement: [statement] } });
      if (opts.importAcross) new CfnResource(backup, 'UsesImport', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: Fn.importValue('SharedValue') } });
      if (opts.depend) backup.addStackDependency(workload);
      return app.synth();
    }

    test('a bucket policy that names a role of another account as Principal must wait for the role', () => {
      const report = checkDeployOrder(accounts({ depend: false, byCondition: false }));
      expect(report.problems.map((p) => `${p.stack}/${p.resource} needs ${p.needs} from ${p.createdIn}`)).toEqual([
        `Backup/Policy (AWS::S3::BucketPolicy) needs role:${ROLE_ARN} from Workload`,
      ]);
      expect(checkDeployOrder(accounts({ depend: true, byCondition: false })).problems).toEqual([]);
    });

    test('a role named only by aws:PrincipalArn (the account as Principal) needs nothing', () => {
      const report = checkDeployOrder(accounts({ depend: false, byCondition: true }));
      expect(report.problems).toEqual([]);
      expect(report.checked).toEqual([]);
    });

    test('an export imported in another account is a problem even in order', () => {
      const report = checkDeployOrder(accounts({ depend: true, byCondition: true, importAcross: true }));
      expect(report.problems.map((p) => `${p.stack}/${p.resource} needs ${p.needs} from ${p.createdIn}`)).toEqual(['Backup/UsesImport (AWS::SSM::Parameter) needs export:SharedValue from Workload']);
    });
  });

  /** A stack that reads an attribute of another stack's resource, which CDK turns into Fn::GetStackOutput (weak references, or another account). */
  function outputReader(account: string, weak: boolean) {
    const app = new App({ context: weak ? { '@aws-cdk/core:defaultCrossStackReferences': 'weak' } : {} });
    const producer = new Stack(app, 'Producer', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const topic = new CfnResource(producer, 'Topic', { type: 'AWS::SNS::Topic' });
    const reader = new Stack(app, 'Reader', { env: { account, region: 'us-east-1' } });
    new CfnResource(reader, 'Call', { type: 'Custom::AWS', properties: { ServiceToken: SERVICE_TOKEN, Topic: topic.getAtt('TopicArn') } });
    // In order: the reader waits for the producer (CDK adds no such dependency across accounts).
    reader.addStackDependency(producer);
    const assembly = app.synth();
    expect(JSON.stringify(assembly.getStackByName('Reader').template)).toContain('Fn::GetStackOutput');
    return assembly;
  }

  test('a stack output read from another account is a problem whatever the order', () => {
    const report = checkDeployOrder(outputReader('222222222222', false));
    expect(report.problems.map((p) => `${p.stack}/${p.resource} needs ${p.needs} from ${p.createdIn}`)).toEqual([
      'Reader/Call (Custom::AWS) needs output:Producer@us-east-1 from Producer',
    ]);
  });

  test('a stack output read within the account is a need of its stack, in order when the reader waits for it', () => {
    const report = checkDeployOrder(outputReader(ACCOUNT, true));
    expect(report.problems).toEqual([]);
    expect(report.checked.map((c) => `${c.stack} needs ${c.needs} from ${c.createdIn}`)).toEqual(['Reader needs output:Producer@us-east-1 from Producer']);
  });
});
