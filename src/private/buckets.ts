import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { partitionOf } from './partition';
import { validationError } from './validation';

/** The CloudFormation resource of a bucket defined in this app (`s3.Bucket`), or undefined for an imported one. */
export function cfnBucketOf(bucket: s3.IBucket): s3.CfnBucket | undefined {
  const child = bucket.node.defaultChild;
  return child instanceof s3.CfnBucket ? child : undefined;
}

/**
 * The versioning status of a bucket, as far as the app says: `Enabled`, `Suspended` or `off` for
 * a bucket defined in the app, undefined when it cannot be known (imported bucket, or a token).
 */
export function versioningStatusOf(bucket: s3.IBucket): string | undefined {
  const cfn = cfnBucketOf(bucket);
  if (!cfn) return undefined;
  const versioning = Stack.of(cfn).resolve(cfn.versioningConfiguration);
  if (versioning === undefined) return 'off';
  const status = versioning.status ?? versioning.Status;
  return typeof status === 'string' ? status : undefined;
}

/**
 * Whether versioning is enabled on a bucket, as far as the app says: true or false for a bucket
 * defined in the app, undefined when it cannot be known (imported bucket, or a token).
 */
export function versioningOf(bucket: s3.IBucket): boolean | undefined {
  const status = versioningStatusOf(bucket);
  return status === undefined ? undefined : status === 'Enabled';
}

/** Throws when a bucket is known not to be versioned. */
export function requireVersioning(scope: IConstruct, property: string, bucket: s3.IBucket): void {
  if (versioningOf(bucket) === false) {
    throw validationError(
      scope,
      `'${property}' must be a versioned bucket (S3 replication needs versioning on the source and every destination), got ${bucket.node.path} without versioning; set versioned: true or use RegionalBucket`,
    );
  }
}

/**
 * The bucket's name as a literal when the app knows it (an explicit physical name, or an imported
 * name), so that other stacks can name the bucket without a CloudFormation export; otherwise the
 * `bucketName` token.
 */
export function bucketNameOf(bucket: s3.IBucket): string {
  if (!Token.isUnresolved(bucket.bucketName)) return bucket.bucketName;
  const cfn = cfnBucketOf(bucket);
  const explicit = cfn?.bucketName;
  if (explicit === undefined) return bucket.bucketName;
  if (!Token.isUnresolved(explicit)) return explicit;
  // A name generated at synth time (PhysicalName.GENERATE_IF_NEEDED, once generated) resolves to a literal.
  const resolved = Stack.of(cfn!).resolve(explicit);
  return typeof resolved === 'string' ? resolved : bucket.bucketName;
}

/**
 * The bucket's ARN, formatted from its name (see `bucketNameOf`) with the literal partition of its
 * Region, so that it is a plain string wherever the name is known: a literal name, or a generated
 * one seen from a stack in another environment (where `bucket.bucketArn` would be an `Fn::Join`
 * around `AWS::Partition`; a 17-Region mesh names buckets in ARNs thousands of times). In the
 * bucket's own environment, and when its Region is a token, it is `bucket.bucketArn`.
 */
export function bucketArnOf(bucket: s3.IBucket): string {
  const region = regionOf(bucket);
  if (Token.isUnresolved(region)) return bucket.bucketArn;
  const name = bucketNameOf(bucket);
  const formatted = `arn:${partitionOf(region)}:s3:::${name}`;
  if (!Token.isUnresolved(name)) return formatted;
  return Lazy.uncachedString({
    produce: (context) => (inAnotherEnvironment(Stack.of(bucket), Stack.of(context.scope)) ? formatted : bucket.bucketArn),
  });
}

/** True when both stacks have known environments and they differ. */
function inAnotherEnvironment(a: Stack, b: Stack): boolean {
  const known = (s: Stack) => !Token.isUnresolved(s.account) && !Token.isUnresolved(s.region);
  return known(a) && known(b) && (a.account !== b.account || a.region !== b.region);
}

/** The Region of a bucket (a token for a bucket in an environment-agnostic stack). */
export function regionOf(bucket: s3.IBucket): string {
  return bucket.env.region;
}

/**
 * Requires each bucket to be in a known Region of its own (what a Multi-Region Access Point
 * needs), for the `oneBucketPerRegion` option. `label` is how an earlier bucket is shown in the
 * message.
 */
export function requireOneBucketPerRegion(scope: IConstruct, buckets: Array<{ property: string; label: string; bucket: s3.IBucket }>): void {
  const regions = new Map<string, string>();
  for (const { property, label, bucket } of buckets) {
    const region = regionOf(bucket);
    if (Token.isUnresolved(region)) {
      throw validationError(scope, `'${property}' must have a known Region with 'oneBucketPerRegion', got ${describeBucket(bucket)}, whose Region is a token (an environment-agnostic stack, or an import without a Region); give its stack an env, or import it with s3.Bucket.fromBucketAttributes({ region })`);
    }
    const other = regions.get(region);
    if (other !== undefined) {
      throw validationError(scope, `'${property}' must be in a Region of its own with 'oneBucketPerRegion', got ${region}, the Region of ${other}`);
    }
    regions.set(region, label);
  }
}

/** A human description of a bucket for error messages: its path, and its name when known. */
export function describeBucket(bucket: s3.IBucket): string {
  const name = bucketNameOf(bucket);
  return Token.isUnresolved(name) ? bucket.node.path : `${bucket.node.path} (${name})`;
}

/** True when `a` and `b` are certainly the same bucket (same object, or the same literal name). */
export function sameBucket(a: s3.IBucket, b: s3.IBucket): boolean {
  if (a === b) return true;
  const [nameA, nameB] = [bucketNameOf(a), bucketNameOf(b)];
  return !Token.isUnresolved(nameA) && !Token.isUnresolved(nameB) && nameA === nameB;
}

/** True when `stack` depends on `target`, directly or through other stacks. */
export function dependsOn(stack: Stack, target: Stack, seen = new Set<Stack>()): boolean {
  for (const dependency of stack.dependencies) {
    if (dependency === target) return true;
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    if (dependsOn(dependency, target, seen)) return true;
  }
  return false;
}

/**
 * Makes `dependent` deploy after `target` (aws-cdk-lib adds no dependency for references by
 * physical name across environments). Nothing happens for the same stack. A dependency that
 * would close a cycle is reported with the property that names the construct of `target` and
 * `why`, instead of aws-cdk-lib's generic cycle error.
 */
export function deployAfter(scope: IConstruct, property: string, dependent: Stack, target: Stack, why: string, cycleAdvice: string): void {
  if (dependent === target || dependsOn(dependent, target)) return;
  if (dependsOn(target, dependent)) {
    throw validationError(
      scope,
      `'${property}' must be in a stack that can deploy before stack ${dependent.stackName}, got one in stack ${target.stackName}, which already depends on ${dependent.stackName}: `
        + `${why}; ${cycleAdvice}`,
    );
  }
  dependent.addStackDependency(target, why);
}

/** Whether Object Lock is on for a bucket defined in this app; undefined when it cannot be known. */
export function objectLockOf(bucket: s3.IBucket): boolean | undefined {
  const cfn = cfnBucketOf(bucket);
  if (!cfn) return undefined;
  const enabled = cfn.objectLockEnabled;
  if (enabled !== undefined && Token.isUnresolved(enabled)) return undefined;
  return enabled === true;
}

/**
 * S3 replicates objects under Object Lock only to buckets with Object Lock ("Replicating objects
 * that use Object Lock"): a destination known to have none, for a source that has it, is refused.
 */
export function requireObjectLockLike(scope: IConstruct, property: string, bucket: s3.IBucket, source: s3.IBucket, sourceProperty: string): void {
  if (objectLockOf(source) === true && objectLockOf(bucket) === false) {
    throw validationError(
      scope,
      `'${property}' must have Object Lock enabled because '${sourceProperty}' has it (S3 replicates locked objects only to buckets with Object Lock), got ${bucket.node.path} without it; `
        + 'Object Lock can only be turned on when a bucket is created',
    );
  }
}
