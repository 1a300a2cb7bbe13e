import * as crypto from 'crypto';
import { Names, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { cfnBucketOf } from '../../private/buckets';

/** IAM role names are at most 64 characters. */
export const MAX_ROLE_NAME = 64;

/**
 * The S3 console's name for a replication role, `replication_role_for_<source>_to_<destination>`
 * (destinations joined by `_`), or, when that is longer than IAM allows, its first characters
 * and a hash of the whole name, so that different bucket sets never share a name.
 */
export function consoleRoleName(source: string, destinations: string[]): string {
  const name = `replication_role_for_${source}_to_${destinations.join('_')}`;
  if (name.length <= MAX_ROLE_NAME) return name;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_ROLE_NAME - hash.length - 1)}_${hash}`;
}

/**
 * The role name to use at synth time: the console's convention when every bucket name is known
 * in `role`'s stack (literal names, or names generated for a reference from another Region);
 * otherwise a unique name derived from the construct path, the stack name and the Region.
 */
export function replicationRoleName(role: IConstruct, source: s3.IBucket, destinations: s3.IBucket[]): string {
  const stack = Stack.of(role);
  const names = [source, ...destinations].map((bucket) => {
    // An explicit or generated physical name, resolved when the bucket's stack is synthesized.
    const cfn = cfnBucketOf(bucket);
    const physical = cfn ? Stack.of(cfn).resolve(cfn.bucketName) : undefined;
    return typeof physical === 'string' ? physical : stack.resolve(bucket.bucketName);
  });
  if (names.every((name) => typeof name === 'string' && !Token.isUnresolved(name))) {
    return consoleRoleName(names[0], names.slice(1));
  }
  // IAM is global: the Region keeps two deployments of the same app in two Regions apart.
  const region = Token.isUnresolved(stack.region) ? '' : `-${stack.region}`;
  return Names.uniqueResourceName(role, { maxLength: MAX_ROLE_NAME - region.length }) + region;
}
