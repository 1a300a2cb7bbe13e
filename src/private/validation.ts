import { Token } from 'aws-cdk-lib';
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
