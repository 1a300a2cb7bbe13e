import { App, Stack } from 'aws-cdk-lib';
import { MultiRegionAccessPoint, RegionalBucket } from '../../src';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { Decision, matches, PolicyDocument } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';
import { cliWarnings } from '../util/toolkit';

/**
 * `delegateBucketAccessControl: false` over a bucket of another account (docs/adr/0040): the
 * library adds nothing to the owner's bucket policy, so S3 denies every request the access point
 * routes there, and the warning prints the statement that lets them in. Proven with the IAM
 * evaluator on the synthesized bucket policy, with and without the printed statement.
 */
const OWNER = '222222222222';
const STRANGER = '333333333333';
const WARNING = 'cdk-multi-region-bucket:crossAccountBucketNotDelegated';

function undelegatedApp(): App {
  const app = new App();
  const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Data', { bucketName: 'data-us-east-1-ours' });
  const theirs = new RegionalBucket(new Stack(app, 'OwnerEu', { env: { account: OWNER, region: 'eu-west-1' } }), 'Data', { bucketName: 'data-eu-west-1-theirs' });
  new MultiRegionAccessPoint(new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'AccessPoint', {
    buckets: [ours.bucket, theirs.bucket],
    delegateBucketAccessControl: false,
  });
  return app;
}

describe('an access point that does not delegate, over a bucket of another account', () => {
  const app = undelegatedApp();
  const assembly = ResolvedAssembly.fromApp(app);
  const bucket = assembly.resource('OwnerEu', 'AWS::S3::Bucket', 'DataBucket');
  const bucketPolicy: PolicyDocument = assembly.bucketPolicyOf('OwnerEu', bucket.logicalId);
  const bucketArn = 'arn:aws:s3:::data-eu-west-1-theirs';
  const mrapArn = `arn:aws:s3::${ACCOUNT}:accesspoint/abcdefgh.mrap`;
  const writer = `arn:aws:iam::${ACCOUNT}:role/writer`;
  const allowEverything: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const through = (account: string, arn: string) => ({ 's3:DataAccessPointAccount': account, 's3:DataAccessPointArn': arn, 's3:TlsVersion': '1.3' });

  async function routed(action: string, policy: PolicyDocument, account = ACCOUNT, arn = mrapArn): Promise<Decision> {
    return simulateThroughAccessPoint({
      principal: account === ACCOUNT ? writer : `arn:aws:iam::${account}:role/stranger`,
      action,
      resource: `${bucketArn}/k`,
      resourceAccount: OWNER,
      resourcePolicy: policy,
      identityPolicies: [allowEverything],
      context: through(account, arn),
    });
  }

  test('the warning names the property and the bucket, at the access point, and prints the statement', async () => {
    const warnings = await cliWarnings(undelegatedApp, WARNING);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].paths).toEqual(['Global/AccessPoint']);
    expect(warnings[0].message).toContain(`'delegateBucketAccessControl' is false, and 'buckets[1]' OwnerEu/Data/Bucket belongs to account ${OWNER}`);
  });

  test('S3 denies what the access point routes to the bucket: nothing in its policy lets it in', async () => {
    for (const action of ['s3:GetObject', 's3:PutObject']) expect(matches('Denied', await routed(action, bucketPolicy))).toBe(true);
  });

  test('with the printed statement pasted into the bucket policy, this account\'s access point gets in, and no other', async () => {
    const [warning] = await cliWarnings(undelegatedApp, WARNING);
    const printed = JSON.parse(/this statement: (\{.*\})$/.exec(warning.message)![1]);
    const pasted: PolicyDocument = { ...bucketPolicy, Statement: [...bucketPolicy.Statement, printed] };
    for (const action of ['s3:GetObject', 's3:PutObject']) expect(matches('Allowed', await routed(action, pasted))).toBe(true);
    const strangers = `arn:aws:s3::${STRANGER}:accesspoint/theirs.mrap`;
    expect(matches('Denied', await routed('s3:GetObject', pasted, STRANGER, strangers))).toBe(true);
  });

  test('a bucket of the access point\'s account raises no such warning', async () => {
    const warnings = await cliWarnings(undelegatedApp, WARNING);
    expect(warnings.map((w) => w.message).join('\n')).not.toContain('DataUs/Data/Bucket');
  });
});
