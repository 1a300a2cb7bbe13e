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
