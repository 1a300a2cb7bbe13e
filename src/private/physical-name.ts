import * as crypto from 'crypto';
import { Names, ReferenceStrength, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Gives `bucket` (created with `PhysicalName.GENERATE_IF_NEEDED` when `givenName` is undefined) the name aws-cdk-lib generates
 * for a resource named from another environment, whether or not one names it, and makes
 * references to it from other stacks of its own environment weak (`Fn::GetStackOutput`, no
 * export). Its name then depends neither on which stacks refer to it nor from where (so moving
 * the global stack or changing the replication mode keeps the bucket), and no export can block
 * an update of its stack.
 *
 * Only public APIs: the name is computed here as aws-cdk-lib computes it
 * (`generatePhysicalName`: the first 25 characters of the stack name, the last 24 of the node's
 * unique ID, 12 hex of a sha256 of the stack name, unique ID, Region and account, lowercased) and
 * written into the CloudFormation resource. A reference from another environment makes
 * aws-cdk-lib generate the name itself; a test checks the two agree, so the names of deployed
 * buckets cannot drift if aws-cdk-lib changes its algorithm.
 */
export function stableCrossStackName(bucket: s3.Bucket, givenName: string | undefined): void {
  if (givenName === undefined) {
    (bucket.node.defaultChild as s3.CfnBucket).bucketName = generatedPhysicalName(bucket);
  }
  bucket.applyCrossStackReferenceStrength(ReferenceStrength.WEAK);
}

/** The physical name aws-cdk-lib generates for `resource` when it is named from another environment. */
export function generatedPhysicalName(resource: s3.Bucket): string {
  const stack = Stack.of(resource);
  const uniqueId = Names.nodeUniqueId(resource.node);
  if (Token.isUnresolved(stack.region) || !stack.region || Token.isUnresolved(stack.account) || !stack.account) {
    // Not reachable from user input: MultiRegionBucket checks its stacks' account and Region first.
    throw new Error(`${resource.node.path}: internal error: stack ${stack.stackName} has no literal account and Region to name the bucket at synth time`);
  }
  const hash = crypto.createHash('sha256').update(stack.stackName).update(uniqueId).update(stack.region).update(stack.account).digest('hex').slice(0, 12);
  return `${stack.stackName.slice(0, 25)}${uniqueId.slice(Math.max(uniqueId.length - 24, 0))}${hash}`.toLowerCase();
}
