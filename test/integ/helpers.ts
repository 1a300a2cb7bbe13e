/**
 * Shared pieces of the integration tests in this folder (ADR 0009). The file name does not start
 * with `integ.`, so integ-runner does not take it for a test.
 *
 * - The stacks under test are top-level stacks: integ-runner compares a snapshot only for stacks
 *   whose artifact ID equals their construct path, which is true only for a stack directly under
 *   the App. (`MultiRegionBucket`'s own stacks, `Site/us-east-1`, would silently not be compared.)
 * - A probe stack runs SDK calls in one Region after the stacks under test. The assertion Lambda
 *   of integ-tests-alpha calls the API of its own Region only, and S3 answers a data request for a
 *   bucket of another Region with a redirect, so every Regional read and write needs a probe in
 *   that Region. Probes and the assertion stack are not compared with the snapshot (every
 *   `AwsApiCall` has a `salt` that changes on each synthesis).
 */
import { AwsApiCall, ExpectedResult, IApiCall } from '@aws-cdk/integ-tests-alpha';
import { App, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The account of the test stacks. integ-runner sets CDK_INTEG_ACCOUNT (a fixed placeholder) when
 * it synthesizes a snapshot, so snapshots do not depend on who wrote them; for a deployment the
 * CDK sets CDK_DEFAULT_ACCOUNT from the credentials.
 */
export function integAccount(): string {
  const account = process.env.CDK_INTEG_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT;
  if (!account) {
    throw new Error('integration tests need CDK_INTEG_ACCOUNT (set by integ-runner for snapshots) or CDK_DEFAULT_ACCOUNT (set by the CDK from your credentials)');
  }
  // integ-runner's snapshot placeholder has 8 digits; the library rejects anything but an account ID.
  return account === INTEG_RUNNER_PLACEHOLDER ? SNAPSHOT_ACCOUNT : account;
}

/** The CDK_INTEG_ACCOUNT integ-runner sets when it synthesizes for a snapshot. */
const INTEG_RUNNER_PLACEHOLDER = '12345678';
/** The account the committed snapshots name instead. */
const SNAPSHOT_ACCOUNT = '123456789012';

/**
 * The App of an integration test. It records no stack traces in the cloud assembly metadata: they
 * hold absolute paths of the machine that synthesized, and the snapshot is committed.
 */
export function integApp(): App {
  return new App({ stackTraces: false, context: { [cxapi.DISABLE_CREATION_STACK_TRACES]: true } });
}

/** How long a probe waits for replication, a route change or CloudFront: RTC promises 15 minutes. */
export const WAIT = { totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) };

/**
 * The body written to `key` by the probe in `region`: a test can tell which bucket served a read.
 */
export function bodyOf(key: string, region: string): string {
  return `${key} was written in ${region}`;
}

/** A stack in `region` whose SDK calls run after every stack of `after` is deployed. */
export function probeStack(app: App, id: string, account: string, region: string, after: Stack[]): Stack {
  const stack = new Stack(app, id, {
    env: { account, region },
    description: `integration test probe in ${region}: SDK calls that must run in this Region`,
  });
  for (const dependency of after) stack.addStackDependency(dependency);
  return stack;
}

/** Lets an API call (and its waiter, if any) use `actions`, which integ-tests-alpha cannot derive. */
export function allow(call: IApiCall, actions: string[]): void {
  const statement = { Effect: 'Allow', Action: actions, Resource: ['*'] };
  call.provider.addToRolePolicy(statement);
  if (call instanceof AwsApiCall && call.waiterProvider) call.waiterProvider.addToRolePolicy(statement);
}

/** PutObject of `bodyOf(key, region)` into `bucket` (a bucket of the probe's Region). */
export function putObject(stack: Stack, bucket: s3.IBucket, key: string): IApiCall {
  const call = new AwsApiCall(stack, `Put${idOf(key)}`, {
    service: 'S3',
    api: 'putObject',
    parameters: { Bucket: bucket.bucketName, Key: key, Body: bodyOf(key, stack.region), ContentType: 'text/plain' },
  });
  // With SSE-KMS the writer needs a data key from the bucket's key.
  allow(call, ['kms:GenerateDataKey', 'kms:Decrypt']);
  return call;
}

/**
 * Waits until `key` is in `bucket` (a bucket of the probe's Region) as a replica: HeadObject
 * reports `ReplicationStatus: REPLICA` only for an object that replication wrote.
 */
export function waitForReplica(stack: Stack, bucket: s3.IBucket, key: string, wait = WAIT): IApiCall {
  const call = new AwsApiCall(stack, `Replica${idOf(key)}`, {
    service: 'S3',
    api: 'headObject',
    parameters: { Bucket: bucket.bucketName, Key: key },
  });
  call.expect(ExpectedResult.objectLike({ ReplicationStatus: 'REPLICA' })).waitForAssertions(wait);
  // HeadObject is authorized by s3:GetObject (integ-tests-alpha would ask for s3:HeadObject).
  allow(call, ['s3:GetObject']);
  return call;
}

function idOf(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '');
}

/**
 * Empties a versioned bucket (every version and delete marker) when the stack is deleted, so
 * that `RemovalPolicy.DESTROY` can delete it and an integration test leaves no bucket behind.
 * Test-only: the library itself never deletes data (its default is RETAIN). The bucket's SSE-KMS
 * key, which the library always retains (ADR 0042), is deleted with it: no object needs it then.
 */
export function emptyOnDelete(bucket: s3.IBucket): void {
  const stack = Stack.of(bucket);
  if (bucket.encryptionKey instanceof kms.Key) bucket.encryptionKey.applyRemovalPolicy(RemovalPolicy.DESTROY);
  const handler = new lambda.SingletonFunction(stack, 'EmptyBucketsOnDeleteFunction', {
    uuid: '7c3f5b0e-5a55-4d0b-9a6e-6f1d2a9c4b3e',
    lambdaPurpose: 'EmptyBucketsOnDelete',
    runtime: lambda.determineLatestNodeRuntime(stack),
    handler: 'index.handler',
    timeout: Duration.minutes(15),
    description: 'integration tests: empties a test bucket when its stack is deleted',
    code: lambda.Code.fromInline(EMPTY_BUCKET_HANDLER),
  });
  handler.addToRolePolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucketVersions', 's3:ListBucket', 's3:DeleteObjectVersion', 's3:DeleteObject'],
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
  }));
  // Deleted before the bucket (it names the bucket) and before the function's policy (it names the function).
  const resource = new CustomResource(bucket, 'EmptyOnDelete', {
    serviceToken: handler.functionArn,
    resourceType: 'Custom::EmptyBucketOnDelete',
    properties: { BucketName: bucket.bucketName },
  });
  resource.node.addDependency(handler);
}

/** Node.js with the AWS SDK v3 of the Lambda runtime; inline, so that it adds no asset. */
const EMPTY_BUCKET_HANDLER = `
const { S3Client, ListObjectVersionsCommand, DeleteObjectsCommand } = require('@aws-sdk/client-s3');
exports.handler = async (event) => {
  let status = 'SUCCESS';
  let reason = '';
  try {
    if (event.RequestType === 'Delete') {
      const s3 = new S3Client({});
      const Bucket = event.ResourceProperties.BucketName;
      let KeyMarker, VersionIdMarker, truncated;
      do {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket, KeyMarker, VersionIdMarker }));
        const Objects = [...(page.Versions || []), ...(page.DeleteMarkers || [])].map((v) => ({ Key: v.Key, VersionId: v.VersionId }));
        if (Objects.length > 0) {
          const result = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
          if (result.Errors && result.Errors.length > 0) throw new Error(JSON.stringify(result.Errors.slice(0, 5)));
        }
        KeyMarker = page.NextKeyMarker;
        VersionIdMarker = page.NextVersionIdMarker;
        truncated = page.IsTruncated;
      } while (truncated);
    }
  } catch (e) {
    if (e.name !== 'NoSuchBucket') {
      status = 'FAILED';
      reason = String(e).slice(0, 500);
    }
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: event.PhysicalResourceId || event.LogicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
};
`;
