import * as crypto from 'crypto';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { acknowledgeNag } from './nag';
import { acknowledgeGeneratedWildcards } from './nag-wildcards';
import { partitionOf } from './partition';

/** The construct ID aws-cdk-lib gives the one AwsCustomResource Lambda function of a stack. */
export const SINGLETON_FUNCTION_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

const ROLE_ID = 'AwsSdkCallsRole';
/**
 * The shared functions whose findings are already acknowledged. A module-level WeakSet: the
 * function is aws-cdk-lib's singleton, not ours to stamp, and acknowledging twice would repeat the
 * acknowledgements in its metadata.
 */
const ACKNOWLEDGED = new WeakSet<IConstruct>();

/** What to pass to an AwsCustomResource so that it runs on the stack's shared Lambda function. */
export interface SdkCallProvider {
  /** The role of the shared function (passed as `role`; ignored by aws-cdk-lib when the function exists). */
  readonly role: iam.IRole;
  /** A fixed function name, when this call creates the function; it scopes the logs permission. */
  readonly functionName?: string;
}

/**
 * The shared AwsCustomResource Lambda function of `stack`, one per stack whoever creates it.
 *
 * When it does not exist yet, its role is created here with a customer managed policy that lets
 * it write only its own log group (instead of the AWS managed AWSLambdaBasicExecutionRole, which
 * allows every log group of the account), and the function gets a fixed name for that scope.
 * When another construct created the function first, its role is reused as it is.
 */
export function sdkCallProvider(stack: Stack): SdkCallProvider {
  const existing = stack.node.tryFindChild(SINGLETON_FUNCTION_ID) as lambda.IFunction | undefined;
  if (existing?.role) return { role: existing.role };

  const existingRole = stack.node.tryFindChild(ROLE_ID) as iam.IRole | undefined;
  const functionName = providerFunctionName(stack);
  if (existingRole) return { role: existingRole, functionName };

  const logGroupArn = `arn:${partitionOf(stack.region)}:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/${functionName}`;
  const logs = new iam.ManagedPolicy(stack, `${ROLE_ID}Logs`, {
    description: `Lets the AWS SDK calls function of ${stack.stackName} write its own log group only`,
    statements: [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArn, `${logGroupArn}:*`],
      }),
    ],
  });
  acknowledgeGeneratedWildcards(
    logs,
    'Lambda names the log streams of a function at run time; the wildcard covers only the streams of this function\'s own log group.',
  );
  const role = new iam.Role(stack, ROLE_ID, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the AWS SDK calls (AwsCustomResource) of ${stack.stackName}`,
    managedPolicies: [logs],
  });
  return { role, functionName };
}

/**
 * Acknowledges, once per stack, the findings of the shared AwsCustomResource function that are
 * a property of CloudFormation custom resources, not of what they do.
 */
export function acknowledgeProviderFindings(stack: Stack): void {
  const fn = stack.node.tryFindChild(SINGLETON_FUNCTION_ID);
  if (!fn || ACKNOWLEDGED.has(fn)) return;
  ACKNOWLEDGED.add(fn);
  acknowledgeNag(
    fn,
    { nist80053r5: 'LambdaInsideVPC', hipaa: 'LambdaInsideVPC', pciDss321: 'LambdaInsideVPC' },
    'The AwsCustomResource handler only calls AWS control-plane APIs (such as S3 PutBucketReplication) during deployments and touches no data or private network; a VPC would add NAT or endpoints in every Region without isolating anything.',
  );
  acknowledgeNag(
    fn,
    { nist80053r5: 'LambdaConcurrency', hipaa: 'LambdaConcurrency' },
    'Invoked only by CloudFormation, once per custom resource event of a deployment; reserving concurrency would take capacity from the account for a function that runs a few times per deployment.',
  );
  acknowledgeNag(
    fn,
    { nist80053r5: 'LambdaDLQ', hipaa: 'LambdaDLQ' },
    'CloudFormation receives the outcome of every invocation through the custom resource response URL and fails the deployment on error; a failed event has nothing to replay it from a queue.',
  );
  // Under @aws-cdk/aws-lambda:useCdkManagedLogGroup (in the flags `cdk init` writes) aws-cdk-lib
  // gives the function a log group of its own in the template; without the flag Lambda creates
  // the same log group at the first invocation, out of cdk-nag's sight. Only acknowledged when it
  // is there: an acknowledgement that matches nothing would hide a future finding.
  const logGroup = fn.node.tryFindChild('LogGroup');
  if (logGroup) {
    acknowledgeNag(
      logGroup,
      { nist80053r5: 'CloudWatchLogGroupEncrypted', hipaa: 'CloudWatchLogGroupEncrypted', pciDss321: 'CloudWatchLogGroupEncrypted' },
      'The log group of the AwsCustomResource handler holds the outcome of deployment-time control-plane calls (S3 replication and access point settings, never object data); CloudWatch Logs encrypts it at rest with service keys, as it does the log group Lambda creates without @aws-cdk/aws-lambda:useCdkManagedLogGroup, and a customer managed key per stack would protect nothing more.',
    );
  }
}

/** `<stack name>-aws-sdk-calls`, shortened with a hash to Lambda's 64 characters. Stack names are unique per account and Region. */
function providerFunctionName(stack: Stack): string {
  const name = `${stack.stackName}-aws-sdk-calls`;
  if (name.length <= 64) return name;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}-${hash}`;
}
