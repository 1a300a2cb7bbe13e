import { Duration, RemovalPolicy, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Thrown for input that AWS would reject later. The message names the construct path,
 * the property and the received value, so the user can find and fix it at synth time.
 */
export function validationError(scope: IConstruct, message: string): Error {
  const error = new Error(`${scope.node.path}: ${message}`);
  error.name = 'ValidationError';
  return error;
}

/** True when a value is absent or not yet known (a token): such values are never checked. */
export function isUnknown(value: unknown): value is undefined {
  return value === undefined || value === null || Token.isUnresolved(value);
}

/**
 * Checks that `value` is an integer in [min, max]; absent and unresolved values pass.
 */
export function validateIntegerRange(
  scope: IConstruct,
  property: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (isUnknown(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw validationError(scope, `'${property}' must be an integer between ${min} and ${max}, got ${value}`);
  }
}

/**
 * Checks that `value` is a 12-digit AWS account ID; absent and unresolved values pass.
 */
export function validateAccountId(scope: IConstruct, property: string, value: string | undefined): void {
  if (isUnknown(value)) return;
  if (!/^\d{12}$/.test(value)) {
    throw validationError(scope, `'${property}' must be a 12-digit AWS account ID, got '${value}'`);
  }
}

/**
 * Checks a literal S3 bucket name against S3's general purpose bucket naming rules: 3 to 63
 * lowercase letters, numbers, dots and hyphens, starting and ending with a letter or number, no
 * two adjacent dots, not an IP address, and none of the prefixes and suffixes S3 reserves.
 * Unresolved values pass.
 */
export function validateBucketName(scope: IConstruct, property: string, name: string | undefined): void {
  if (isUnknown(name)) return;
  const problem = bucketNameProblem(name);
  if (problem) {
    throw validationError(scope, `'${property}' must be a valid S3 bucket name (${problem}), got '${name}'`);
  }
}

/** What is wrong with a literal S3 bucket name, or undefined when S3 accepts it. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `3 to 63 characters, not ${name.length}`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'only lowercase letters, numbers, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'starting and ending with a letter or number';
  if (name.includes('..')) return 'no two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'not formatted as an IP address';
  const prefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find((p) => name.startsWith(p));
  if (prefix) return `no reserved prefix such as ${prefix}`;
  const suffix = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].find((s) => name.endsWith(s));
  if (suffix) return `no reserved suffix such as ${suffix}`;
  return undefined;
}

/**
 * Checks a removal policy for resources that cannot be snapshotted (S3 buckets, KMS keys): SNAPSHOT
 * would be written into the template, and CloudFormation rejects it at deploy time.
 */
export function validateRemovalPolicy(scope: IConstruct, property: string, policy: RemovalPolicy | undefined): void {
  if (policy === RemovalPolicy.SNAPSHOT) {
    throw validationError(scope, `'${property}' must be RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY, got SNAPSHOT (S3 buckets and KMS keys have no snapshots; CloudFormation would reject the template)`);
  }
}

/** The most tags S3 (and a CloudFormation stack) accepts on one resource. */
const MAX_TAGS = 50;

/**
 * Checks tags that are applied to every resource: keys of 1 to 128 characters, not starting with
 * the `aws:` prefix AWS reserves, values of at most 256 characters, at most 50 tags. Tokens pass.
 */
export function validateTags(scope: IConstruct, property: string, tags: { [key: string]: string } | undefined): void {
  if (tags === undefined || Token.isUnresolved(tags)) return;
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) {
    throw validationError(scope, `'${property}' must have at most ${MAX_TAGS} tags (S3 and CloudFormation stacks accept no more), got ${entries.length}`);
  }
  for (const [key, value] of entries) {
    if (Token.isUnresolved(key)) continue;
    if (key.trim().length === 0 || key.length > 128) {
      throw validationError(scope, `'${property}' keys must be 1 to 128 characters, got '${key}' (${key.length})`);
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw validationError(scope, `'${property}' keys must not start with 'aws:', which AWS reserves for its own tags, got '${key}'`);
    }
    if (!Token.isUnresolved(value) && typeof value === 'string' && value.length > 256) {
      throw validationError(scope, `'${property}' values must be at most 256 characters, got ${value.length} for '${key}'`);
    }
  }
}

/**
 * Checks that a duration is a whole number of days, at least `min` (S3 lifecycle rules count in
 * days; aws-cdk-lib would fail later with "cannot be converted into a whole number of days").
 */
export function validateWholeDays(scope: IConstruct, property: string, duration: Duration | undefined, min = 1): void {
  if (duration === undefined || duration.isUnresolved()) return;
  const days = duration.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min) {
    throw validationError(scope, `'${property}' must be a whole number of days, at least ${min}, got ${duration.toHumanString()}; use Duration.days()`);
  }
}

/**
 * The unique names used in each app, by the app's root construct. Bookkeeping of this library,
 * not part of the app: a module-level WeakMap keeps it off the user's constructs (no state stamped
 * on their objects, nothing added to their construct tree) and lets it go with the app.
 */
const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Who in this app already uses a name that must be unique (`kind` says where: a bucket name
 * everywhere, a stack name per account and Region...), or undefined.
 */
export function claimOf(scope: IConstruct, kind: string, key: string): string | undefined {
  return CLAIMS.get(scope.node.root)?.get(`${kind}\u0000${key}`);
}

/** Records that `owner` uses a unique name; the first owner keeps it. */
export function claim(owner: IConstruct, kind: string, key: string): void {
  const root = owner.node.root;
  let claims = CLAIMS.get(root);
  if (!claims) {
    claims = new Map<string, string>();
    CLAIMS.set(root, claims);
  }
  const id = `${kind}\u0000${key}`;
  if (!claims.has(id)) claims.set(id, owner.node.path);
}

/**
 * Checks that `construct` is in the same Stage (cloud assembly) as `scope`: stacks of different
 * Stages cannot reference each other (aws-cdk-lib fails with NoCrossStageDependency).
 */
export function validateSameStage(scope: IConstruct, property: string, construct: IConstruct): void {
  const mine = Stage.of(scope);
  const theirs = Stage.of(construct);
  if (mine !== theirs) {
    throw validationError(scope, `'${property}' must be in the same Stage as ${scope.node.path}, got ${construct.node.path} in Stage ${theirs?.node.path || '(the app)'}; `
      + 'stacks of different Stages are deployed separately and cannot reference each other');
  }
}
